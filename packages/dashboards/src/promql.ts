import type { MetricDef } from '@hookscope/catalog';

/**
 * PromQL for panels. Every range vector uses Grafana's `$__rate_interval` (at least four scrape
 * intervals, so a rate always has two samples); metric names come from catalog entries, never
 * from strings, so a panel cannot name a metric the collector does not expose.
 */
export const RATE_INTERVAL = '$__rate_interval';

/** A label matcher list without braces, e.g. `hook_event=~"$hook_event"`; empty for none. */
export type Matchers = string;

function selector(series: string, matchers: Matchers): string {
  return matchers ? `${series}{${matchers}}` : series;
}

function joinMatchers(...parts: Matchers[]): Matchers {
  return parts.filter(Boolean).join(', ');
}

/** The series name of a catalog entry (`_bucket`, `_sum`, `_count` for histograms). */
export function series(metric: MetricDef, suffix: '' | '_bucket' | '_sum' | '_count' = ''): string {
  if (suffix && metric.type !== 'histogram') {
    throw new Error(`${metric.name} is a ${metric.type}, it has no ${suffix} series`);
  }
  if (!suffix && metric.type === 'histogram') {
    throw new Error(`${metric.name} is a histogram: name its _bucket, _sum or _count series`);
  }
  return metric.name + suffix;
}

function by(labels: readonly string[]): string {
  return labels.length ? ` by (${labels.join(', ')})` : '';
}

/** `rate(series{m}[$__rate_interval])`. */
export function rate(name: string, matchers: Matchers = ''): string {
  return `rate(${selector(name, matchers)}[${RATE_INTERVAL}])`;
}

/** `sum by (labels) (rate(...))`: per-second rate of a counter or a histogram's _count/_sum. */
export function sumRate(
  name: string,
  labels: readonly string[] = [],
  matchers: Matchers = '',
): string {
  return `sum${by(labels)} (${rate(name, matchers)})`;
}

/** `sum by (labels) (increase(...))`: how many in one interval (for heatmaps and counts). */
export function sumIncrease(
  name: string,
  labels: readonly string[] = [],
  matchers: Matchers = '',
): string {
  return `sum${by(labels)} (increase(${selector(name, matchers)}[${RATE_INTERVAL}]))`;
}

/** A quantile of a catalog histogram over `$__rate_interval`, per label set. */
export function quantile(
  q: number,
  histogram: MetricDef,
  labels: readonly string[] = [],
  matchers: Matchers = '',
): string {
  return `histogram_quantile(${q}, ${sumRate(series(histogram, '_bucket'), ['le', ...labels], matchers)})`;
}

/** Mean of a catalog histogram per label set: sum / count. */
export function mean(
  histogram: MetricDef,
  labels: readonly string[] = [],
  matchers: Matchers = '',
): string {
  return `${sumRate(series(histogram, '_sum'), labels, matchers)} / ${sumRate(series(histogram, '_count'), labels, matchers)}`;
}

/**
 * Share of a histogram's observations at or below `bound` (one of its buckets): the SLI of a
 * latency objective. `bound` must be an exact bucket bound or the ratio would silently be wrong.
 */
export function shareAtMost(
  histogram: MetricDef,
  bound: number,
  labels: readonly string[] = [],
  matchers: Matchers = '',
): string {
  if (!histogram.buckets?.includes(bound)) {
    throw new Error(`${bound} is not a bucket bound of ${histogram.name}`);
  }
  const within = sumRate(
    series(histogram, '_bucket'),
    labels,
    joinMatchers(`le="${bound}"`, matchers),
  );
  return `${within} / ${sumRate(series(histogram, '_count'), labels, matchers)}`;
}

/**
 * The value of a gauge over the interval: `max_over_time`, so a spike between two points of the
 * graph still shows (and so gauge panels follow the same `$__rate_interval` rule as rates).
 */
export function gaugeMax(
  name: string,
  labels: readonly string[] = [],
  matchers: Matchers = '',
): string {
  return `max${by(labels)} (max_over_time(${selector(name, matchers)}[${RATE_INTERVAL}]))`;
}

/** `a / b` per label set, where both sides are already aggregated by `labels`. */
export function ratio(numerator: string, denominator: string): string {
  return `(${numerator}) / (${denominator})`;
}

/** Each of the numerator's label sets as a share of the denominator, a single series. */
export function shareOfTotal(numerator: string, denominator: string): string {
  return `(${numerator}) / on() group_left() (${denominator})`;
}

/** Prometheus's scrape job for the collector (prometheus.yml names it). */
export const COLLECTOR_JOB = 'hookscope';

/**
 * For counters of things that may never happen (rejected lines, missed failures): 0 instead of
 * "no data" while a collector is being scraped, so a healthy system reads as zero and a stopped
 * collector still reads as no data.
 */
export function zeroWhileScraped(expr: string): string {
  return `${expr} or on() (0 * max(up{job="${COLLECTOR_JOB}"} == 1))`;
}

/** A per-second rate as a per-hour count (rare events: restarts, missed failures). */
export function perHour(perSecond: string): string {
  return `(${perSecond}) * 3600`;
}

export { joinMatchers };
