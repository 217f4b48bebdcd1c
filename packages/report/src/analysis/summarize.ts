import type { SeriesSummary } from '../model.js';
import type { SeriesStats } from '../series-stats.js';

/** The JSON view of a series' statistics (without buckets and intervals). */
export function summarize(s: SeriesStats): SeriesSummary {
  return {
    name: s.name,
    labels: s.labels,
    executions: s.count,
    seconds: s.seconds,
    failureRatio: s.failureRatio,
    outcomes: s.outcomes,
    mean: s.mean,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
  };
}
