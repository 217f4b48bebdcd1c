import { BOTTLENECK_MIN_HOOKS, BOTTLENECK_MIN_SHARE, TOP_HOOKS } from '../heuristics.js';
import type { Bottlenecks, Trend } from '../model.js';
import type { SeriesStats } from '../series-stats.js';
import { NO_TREND } from './trend.js';
import { summarize } from './summarize.js';

/** Hooks ranked by their share of all hook time, with their trends; the dominant ones flagged. */
export function findBottlenecks(
  hooks: Map<string, SeriesStats>,
  trends: Map<string, Trend>,
): Bottlenecks {
  const all = [...hooks.entries()].sort((a, b) => b[1].seconds - a[1].seconds);
  const totalSeconds = all.reduce((a, [, s]) => a + s.seconds, 0);
  const shareOf = (s: SeriesStats) => (totalSeconds > 0 ? s.seconds / totalSeconds : 0);
  const top = all.slice(0, TOP_HOOKS);
  const rest = all.slice(TOP_HOOKS);
  const restSeconds = rest.reduce((a, [, s]) => a + s.seconds, 0);
  return {
    totalSeconds,
    hooks: top.map(([key, s]) => ({
      ...summarize(s),
      share: shareOf(s),
      flagged: all.length >= BOTTLENECK_MIN_HOOKS && shareOf(s) >= BOTTLENECK_MIN_SHARE,
      trend: trends.get(key) ?? NO_TREND,
    })),
    rest: {
      hooks: rest.length,
      seconds: restSeconds,
      share: totalSeconds > 0 ? restSeconds / totalSeconds : 0,
    },
  };
}
