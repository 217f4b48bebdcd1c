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
 * Window and baseline totals of one subject: bucket, count and sum increases over the whole
 * period (exact aggregates; quantiles are computed from the buckets like histogram_quantile).
 */
export function subjectQueries(s: HistogramSubject, p: Periods): Query[] {
  const h = histogramSeries(s.metric.name);
  const withOutcome = s.outcomeLabel ? [...s.key, s.outcomeLabel] : s.key;
  return (['window', 'baseline'] as const).flatMap((side) => {
    const period = p[side];
    const ids = subjectQueryIds(s, side);
    const inc = (series: string) => `increase(${series}[${period.range}])`;
    const label = `${s.noun} ${side}`;
    return [
      {
        id: ids.buckets,
        label,
        kind: 'instant' as const,
        time: period.end,
        expr: `${by([...s.key, 'le'])} (${inc(h.bucket)})`,
      },
      {
        id: ids.counts,
        label,
        kind: 'instant' as const,
        time: period.end,
        expr: `${by(withOutcome)} (${inc(h.count)})`,
      },
      {
        id: ids.seconds,
        label,
        kind: 'instant' as const,
        time: period.end,
        expr: `${by(withOutcome)} (${inc(h.sum)})`,
      },
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

/** `sum by (labels) (increase(counter[period]))` at the end of the period. */
export function counterQuery(
  id: string,
  label: string,
  def: MetricDef,
  labels: readonly string[],
  period: Period,
): Query {
  if (def.type !== 'counter') throw new Error(`${def.name} is not a counter`);
  return {
    id,
    label,
    kind: 'instant',
    time: period.end,
    expr: `${by(labels)} (increase(${def.name}[${period.range}]))`,
  };
}

/** Cumulative buckets of a histogram over a period, by `labels` (quantiles computed here). */
export function bucketsQuery(
  id: string,
  label: string,
  def: MetricDef,
  labels: readonly string[],
  period: Period,
): Query {
  if (def.type !== 'histogram') throw new Error(`${def.name} is not a histogram`);
  return {
    id,
    label,
    kind: 'instant',
    time: period.end,
    expr: `${by([...labels, 'le'])} (increase(${histogramSeries(def.name).bucket}[${period.range}]))`,
  };
}
