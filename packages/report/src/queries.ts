import type { MetricDef } from '@hookscope/catalog';
import type { Period, Periods } from './periods.js';
import type { HistogramSubject } from './subjects.js';

/**
 * The report's PromQL, built from catalog entries only (no metric name is written here), as a
 * plan of named queries that the runner executes and the analysis reads back by id.
 */
export type Query =
  | { id: string; label: string; expr: string; kind: 'instant'; time: number }
  | {
      id: string;
      label: string;
      expr: string;
      kind: 'range';
      start: number;
      end: number;
      step: number;
    };

export type Side = 'window' | 'baseline';

const by = (labels: readonly string[]) => `sum by (${labels.join(', ')})`;

/** Series names of a histogram entry. */
export const histogramSeries = (name: string) => ({
  bucket: `${name}_bucket`,
  sum: `${name}_sum`,
  count: `${name}_count`,
});

/** Ids of the queries for one subject: what `subjectQueries` plans and the analysis reads. */
export const subjectQueryIds = (s: HistogramSubject, side: Side) => ({
  buckets: `${s.id}.${side}.buckets`,
  counts: `${s.id}.${side}.counts`,
  seconds: `${s.id}.${side}.seconds`,
});
export const subjectTrendIds = (s: HistogramSubject) => ({
  p95: `${s.id}.trend.p95`,
  seconds: `${s.id}.trend.seconds`,
});

/**
 * What series counted over a period, summed by `labels`.
 *
 * When every collector was scraped at both ends of the period (`period.exact`), it is the last
 * value at the end minus the last value at the start, each read from the lookback only: exact
 * and cheap (two short reads per series instead of every sample in the period). A series
 * without a value at the start appeared during the period and counts from zero, so its first
 * runs count too (increase() misses what a series counted before its first sample: a hook's
 * first error creates the `outcome="error"` series already at 1). A series whose value went
 * down lost its state (the collector keeps counters across restarts) and counts from zero again.
 *
 * Otherwise (the collector was down at an end, or history without build_info) it is increase()
 * over the whole period, which sees through gaps and resets but not a series' first value.
 */
export function periodGain(series: string, period: Period): string {
  if (!period.exact) return `increase(${series}[${period.range}])`;
  const end = `last_over_time(${series}[${period.lookback}])`;
  const start = `last_over_time(${series}[${period.lookback}] offset ${period.range})`;
  // Series with a start value not above the end value: the difference; the others (new, or
  // reset) are read from zero: their end value.
  return `(${end} - ${start} >= 0) or ${end}`;
}

/** `sum by (labels) (what series counted over the period)`, evaluated at its end. */
function sumGain(
  id: string,
  label: string,
  series: string,
  labels: readonly string[],
  period: Period,
): Query {
  return {
    id,
    label,
    kind: 'instant',
    time: period.end,
    expr: `${by(labels)} (${periodGain(series, period)})`,
  };
}

/**
 * Window and baseline totals of one subject: bucket, count and sum increases over the whole
 * period (exact aggregates; quantiles are computed from the buckets like histogram_quantile).
 */
export function subjectQueries(s: HistogramSubject, p: Periods): Query[] {
  const h = histogramSeries(s.metric.name);
  const withOutcome = s.outcomeLabel ? [...s.key, s.outcomeLabel] : s.key;
  return (['window', 'baseline'] as const).flatMap((side) => {
    const ids = subjectQueryIds(s, side);
    const label = `${s.noun} ${side}`;
    return [
      bucketsQuery(ids.buckets, label, s.metric, s.key, p[side]),
      sumGain(ids.counts, label, h.count, withOutcome, p[side]),
      sumGain(ids.seconds, label, h.sum, withOutcome, p[side]),
    ];
  });
}

/** Trend of one subject over the window: p95 and time spent per step, per series. */
export function subjectTrendQueries(s: HistogramSubject, p: Periods, p95Expr?: string): Query[] {
  const h = histogramSeries(s.metric.name);
  const ids = subjectTrendIds(s);
  const range = {
    kind: 'range' as const,
    start: p.window.start + p.step,
    end: p.window.end,
    step: p.step,
  };
  const label = `${s.noun} trend`;
  return [
    {
      id: ids.p95,
      label,
      ...range,
      expr:
        p95Expr ??
        `histogram_quantile(0.95, ${by([...s.key, 'le'])} (rate(${h.bucket}[${p.stepRange}])))`,
    },
    { id: ids.seconds, label, ...range, expr: `${by(s.key)} (increase(${h.sum}[${p.stepRange}]))` },
  ];
}

/** A counter's gain over a period, summed by `labels`. */
export function counterQuery(
  id: string,
  label: string,
  def: MetricDef,
  labels: readonly string[],
  period: Period,
): Query {
  if (def.type !== 'counter') throw new Error(`${def.name} is not a counter`);
  return sumGain(id, label, def.name, labels, period);
}

/** A gain query's arguments: id, label, catalog entry, labels to sum by, period. */
type GainArgs = [string, string, MetricDef, readonly string[], Period];

/** Runs of a histogram over a period (its `_count`), by `labels`. */
export const runsQuery = (...a: GainArgs): Query => histogramGain('count', ...a);

/** Cumulative buckets of a histogram over a period, by `labels` (quantiles computed here). */
export const bucketsQuery = (...a: GainArgs): Query => histogramGain('bucket', ...a);

function histogramGain(
  part: 'count' | 'bucket',
  id: string,
  label: string,
  def: MetricDef,
  labels: readonly string[],
  period: Period,
): Query {
  if (def.type !== 'histogram') throw new Error(`${def.name} is not a histogram`);
  const by = part === 'bucket' ? [...labels, 'le'] : labels;
  return sumGain(id, label, histogramSeries(def.name)[part], by, period);
}
