import { normalizeBuckets, quantile, quantileInterval, type Bucket } from './histogram.js';
import type { QueryResults } from './run-queries.js';
import { subjectQueryIds, type Side } from './queries.js';
import { seriesKey, seriesName, type HistogramSubject } from './subjects.js';

/** What one series (one hook, one validator, ...) did over a period. */
export interface SeriesStats {
  /** Display name: key label values joined with "/" (PreToolUse/bash-guard). */
  name: string;
  labels: Record<string, string>;
  /** Runs in the period (rounded: increase() extrapolates to the period's edges). */
  count: number;
  /** Runs by outcome label value. */
  outcomes: Record<string, number>;
  failures: number;
  /** failures / count; undefined without runs. */
  failureRatio: number | undefined;
  /** Total time spent, in seconds. */
  seconds: number;
  /** Time spent by outcome label value. */
  secondsByOutcome: Record<string, number>;
  mean: number | undefined;
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  /** ~95% interval of the p95 (rank-based): how sure the p95 is. */
  p95Interval: { low: number; high: number } | undefined;
  /** Cumulative buckets, for shares above a threshold. */
  buckets: Bucket[];
}

/** Per-series statistics of a subject over one side (window or baseline), keyed by seriesKey. */
export function subjectStats(
  s: HistogramSubject,
  side: Side,
  results: QueryResults,
): Map<string, SeriesStats> {
  const ids = subjectQueryIds(s, side);
  const out = new Map<string, SeriesStats>();
  const entry = (labels: Record<string, string>): SeriesStats => {
    const key = seriesKey(s.key, labels);
    let e = out.get(key);
    if (!e) {
      const own = Object.fromEntries(s.key.map((k) => [k, labels[k] ?? '']));
      e = {
        name: seriesName(s, own),
        labels: own,
        count: 0,
        outcomes: {},
        failures: 0,
        failureRatio: undefined,
        seconds: 0,
        secondsByOutcome: {},
        mean: undefined,
        p50: undefined,
        p95: undefined,
        p99: undefined,
        p95Interval: undefined,
        buckets: [],
      };
      out.set(key, e);
    }
    return e;
  };
  for (const r of results.instant(ids.counts)) {
    const e = entry(r.metric);
    const outcome = s.outcomeLabel ? (r.metric[s.outcomeLabel] ?? '') : '';
    e.outcomes[outcome] = (e.outcomes[outcome] ?? 0) + r.value;
    e.count += r.value;
    if (s.failureValues.includes(outcome)) e.failures += r.value;
  }
  for (const r of results.instant(ids.seconds)) {
    const e = entry(r.metric);
    const outcome = s.outcomeLabel ? (r.metric[s.outcomeLabel] ?? '') : '';
    e.secondsByOutcome[outcome] = (e.secondsByOutcome[outcome] ?? 0) + finite(r.value);
    e.seconds += finite(r.value);
  }
  for (const r of results.instant(ids.buckets)) {
    const le = r.metric['le'] === '+Inf' ? Infinity : Number(r.metric['le']);
    if (!Number.isNaN(le)) entry(r.metric).buckets.push({ le, count: finite(r.value) });
  }
  for (const [key, e] of out) {
    e.count = Math.round(e.count);
    e.failures = Math.round(e.failures);
    for (const o of Object.keys(e.outcomes)) e.outcomes[o] = Math.round(e.outcomes[o]!);
    if (e.count === 0) {
      out.delete(key); // a series that existed but did not run in this period
      continue;
    }
    e.failureRatio = e.failures / e.count;
    e.mean = e.seconds / e.count;
    e.buckets = normalizeBuckets(e.buckets);
    e.p50 = quantile(e.buckets, 0.5);
    e.p95 = quantile(e.buckets, 0.95);
    e.p99 = quantile(e.buckets, 0.99);
    e.p95Interval = quantileInterval(e.buckets, 0.95);
  }
  return out;
}

/** All series of a subject merged into one (buckets, counts and time summed). */
export function mergeStats(name: string, all: Iterable<SeriesStats>): SeriesStats | undefined {
  const list = [...all];
  if (list.length === 0) return undefined;
  const buckets = new Map<number, number>();
  const outcomes: Record<string, number> = {};
  const secondsByOutcome: Record<string, number> = {};
  for (const s of list) {
    for (const b of s.buckets) buckets.set(b.le, (buckets.get(b.le) ?? 0) + b.count);
    for (const [o, n] of Object.entries(s.outcomes)) outcomes[o] = (outcomes[o] ?? 0) + n;
    for (const [o, n] of Object.entries(s.secondsByOutcome)) {
      secondsByOutcome[o] = (secondsByOutcome[o] ?? 0) + n;
    }
  }
  const merged = normalizeBuckets([...buckets].map(([le, count]) => ({ le, count })));
  const count = list.reduce((a, s) => a + s.count, 0);
  const failures = list.reduce((a, s) => a + s.failures, 0);
  const seconds = list.reduce((a, s) => a + s.seconds, 0);
  return {
    name,
    labels: {},
    count,
    outcomes,
    failures,
    failureRatio: count ? failures / count : undefined,
    seconds,
    secondsByOutcome,
    mean: count ? seconds / count : undefined,
    p50: quantile(merged, 0.5),
    p95: quantile(merged, 0.95),
    p99: quantile(merged, 0.99),
    p95Interval: quantileInterval(merged, 0.95),
    buckets: merged,
  };
}

/** increase() of a series with too few samples gives NaN: count it as nothing. */
function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
