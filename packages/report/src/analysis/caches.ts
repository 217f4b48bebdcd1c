import { CACHE_LOOKUPS, type CacheResult } from '@hookscope/catalog';
import type { CacheEfficiency } from '../model.js';
import type { Periods } from '../periods.js';
import { counterQuery, type Query, type Side } from '../queries.js';
import type { QueryResults } from '../run-queries.js';
import type { SeriesStats } from '../series-stats.js';
import type { ReportTargets } from '../targets.js';

const HIT: CacheResult = 'hit';
const MISS: CacheResult = 'miss';
const ERROR: CacheResult = 'error';
const ids = (side: Side) => `cache.${side}.lookups`;

export function cacheQueries(p: Periods): Query[] {
  return (['window', 'baseline'] as const).map((side) =>
    counterQuery(ids(side), `cache ${side}`, CACHE_LOOKUPS, ['cache', 'result'], p[side]),
  );
}

/**
 * Hit ratio per cache (every lookup counts; timed or not), against the baseline's, with the
 * time misses cost where lookups were timed.
 */
export function cacheEfficiency(
  results: QueryResults,
  timed: Map<string, SeriesStats>,
  t: ReportTargets,
): CacheEfficiency[] {
  const count = (side: Side) => {
    const out = new Map<string, Record<string, number>>();
    for (const r of results.instant(ids(side))) {
      const cache = r.metric['cache'] ?? '';
      const byResult = out.get(cache) ?? {};
      byResult[r.metric['result'] ?? ''] = (byResult[r.metric['result'] ?? ''] ?? 0) + r.value;
      out.set(cache, byResult);
    }
    return out;
  };
  const window = count('window');
  const baseline = count('baseline');
  const ratio = (c: Record<string, number> | undefined) => {
    const all = Object.values(c ?? {}).reduce((a, b) => a + b, 0);
    return all >= 0.5 ? (c![HIT] ?? 0) / all : undefined;
  };
  const timedByCache = new Map([...timed.values()].map((s) => [s.labels['cache'] ?? '', s]));
  return [...window.entries()]
    .map(([cache, c]): CacheEfficiency => {
      const lookups = Math.round(Object.values(c).reduce((a, b) => a + b, 0));
      const hitRatio = ratio(c);
      const s = timedByCache.get(cache);
      const mean = (r: CacheResult) =>
        s && (s.outcomes[r] ?? 0) > 0 ? s.secondsByOutcome[r]! / s.outcomes[r]! : undefined;
      return {
        cache,
        lookups,
        hits: Math.round(c[HIT] ?? 0),
        misses: Math.round(c[MISS] ?? 0),
        errors: Math.round(c[ERROR] ?? 0),
        hitRatio,
        baselineHitRatio: ratio(baseline.get(cache)),
        hitMean: mean(HIT),
        missMean: mean(MISS),
        missSeconds: s?.secondsByOutcome[MISS] ?? 0,
        belowTarget: hitRatio !== undefined && hitRatio < t.cacheMinHitRatio,
      };
    })
    .filter((c) => c.lookups > 0)
    .sort((a, b) => (a.hitRatio ?? 1) - (b.hitRatio ?? 1));
}
