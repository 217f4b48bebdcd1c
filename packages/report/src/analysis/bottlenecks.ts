import { BOTTLENECK_MIN_HOOKS, BOTTLENECK_MIN_SHARE, TOP_HOOKS } from '../heuristics.js';
import type { Periods } from '../periods.js';
import { runsQuery, type Query } from '../queries.js';
import type { QueryResults } from '../run-queries.js';
import { HOOKS } from '../subjects.js';
import type { Bottlenecks, Component, Trend, WorkSection } from '../model.js';
import type { SeriesStats } from '../series-stats.js';
import { seriesKey, type HistogramSubject } from '../subjects.js';
import { NO_TREND } from './trend.js';
import { summarize } from './summarize.js';

/** One subject's window statistics and trends. */
export interface SubjectWindow {
  subject: HistogramSubject;
  window: Map<string, SeriesStats>;
  trends: Map<string, Trend>;
}

/**
 * Hooks ranked by their share of all hook time, with their trends and the validators inside
 * them (validators carry the hook's labels); the dominant hooks are flagged.
 */
export function findBottlenecks(
  hooks: SubjectWindow,
  validators: SubjectWindow,
  agents: Map<string, string[]> = new Map(),
): Bottlenecks {
  const all = [...hooks.window.entries()].sort((a, b) => b[1].seconds - a[1].seconds);
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
      trend: hooks.trends.get(key) ?? NO_TREND,
      ...(agents.get(key)?.length ? { agents: agents.get(key) } : {}),
      validators: components(
        validators,
        s.seconds,
        (v) => seriesKey(hooks.subject.key, v.labels) === key,
      ),
    })),
    rest: {
      hooks: rest.length,
      seconds: restSeconds,
      share: totalSeconds > 0 ? restSeconds / totalSeconds : 0,
    },
  };
}

/** Agents, test runs, ...: ranked by time, each with its share of the section's time. */
export function workSection(w: SubjectWindow, title: string): WorkSection | undefined {
  const totalSeconds = [...w.window.values()].reduce((a, s) => a + s.seconds, 0);
  const items = components(w, totalSeconds, () => true);
  return items.length ? { subject: w.subject.id, title, totalSeconds, items } : undefined;
}

function components(
  w: SubjectWindow,
  ofSeconds: number,
  keep: (s: SeriesStats) => boolean,
): Component[] {
  return [...w.window.entries()]
    .filter(([, s]) => keep(s))
    .sort((a, b) => b[1].seconds - a[1].seconds)
    .map(([key, s]) => ({
      ...summarize(s),
      name: w.subject.ownLabel ? (s.labels[w.subject.ownLabel] ?? s.name) : s.name,
      share: ofSeconds > 0 ? s.seconds / ofSeconds : 0,
      trend: w.trends.get(key) ?? NO_TREND,
    }));
}

const AGENTS_ID = 'hook.window.agents';
/** The agent label's value for hooks no coding agent ran (git hooks, the library). */
const NO_AGENT = 'unknown';

/** Which coding agents ran each hook in the window (the hook metric's `agent` label). */
export function hookAgentQueries(p: Periods): Query[] {
  return [runsQuery(AGENTS_ID, 'hook agents', HOOKS.metric, [...HOOKS.key, 'agent'], p.window)];
}

/** Per hook (by its series key): the agents that ran it, most runs first; unknown left out. */
export function hookAgents(results: QueryResults): Map<string, string[]> {
  const runs = new Map<string, [string, number][]>();
  for (const r of results.instant(AGENTS_ID)) {
    const agent = r.metric['agent'];
    if (!agent || agent === NO_AGENT || !(r.value > 0)) continue;
    const key = seriesKey(HOOKS.key, r.metric);
    runs.set(key, [...(runs.get(key) ?? []), [agent, r.value]]);
  }
  return new Map(
    [...runs].map(([k, v]) => [k, v.sort((a, b) => b[1] - a[1]).map(([agent]) => agent)]),
  );
}
