import type { MetricDef } from '@hookscope/catalog';
import {
  bucketBound,
  histogramSeries,
  hostLevel,
  JOBS,
  labelsOf,
  selector,
} from '@hookscope/mixin';
import { identityMatchers } from './variables.js';

/**
 * PromQL for panels, on the rules' builders (selectors, bucket bounds, label checks). Every range
 * uses Grafana's `$__rate_interval` (at least four scrape intervals, so a rate always has two
 * samples); series come from catalog entries and every grouping or matcher label is checked
 * against the entry, so a panel cannot name a metric or label the collector does not expose.
 */
export const RATE_INTERVAL = '$__rate_interval';

/**
 * Label matchers as the rules write them: `{ outcome: 'success' }`, regex `{ 'hook_name~': 'a|b' }`,
 * negated `{ 'cpu_mode!': 'idle' }`, `{ 'outcome!~': 'a|b' }`.
 */
export type Matchers = Record<string, string>;

/** One series of a catalog entry: a counter or gauge itself, or a histogram's bucket/count/sum. */
export interface Series {
  def: MetricDef;
  name: string;
  /** Labels this series has beyond the entry's (`le` on buckets). */
  extra: readonly string[];
}

export function plain(def: MetricDef): Series {
  if (def.type === 'histogram') {
    throw new Error(`${def.name} is a histogram: use its buckets, count or sum`);
  }
  return { def, name: def.name, extra: [] };
}
export const buckets = (def: MetricDef): Series => ({
  def,
  name: histogramSeries(def).bucket,
  extra: ['le'],
});
export const count = (def: MetricDef): Series => ({
  def,
  name: histogramSeries(def).count,
  extra: [],
});
export const sum = (def: MetricDef): Series => ({ def, name: histogramSeries(def).sum, extra: [] });

function checked(s: Series, labels: readonly string[]): string {
  const own = labels.filter((l) => !s.extra.includes(l));
  labelsOf(s.def, own);
  return labels.join(', ');
}

function sel(s: Series, m: Matchers): string {
  checked(
    s,
    Object.keys(m).map((k) => k.replace(/(!~|~|!)$/, '')),
  );
  // The machine's identity (team, host) is not a catalog label: the central store adds it.
  return selector(s.name, { ...m, ...identityMatchers() });
}

const by = (s: Series, labels: readonly string[]) =>
  labels.length ? ` by (${checked(s, labels)})` : '';

/** `sum by (labels) (rate(series{m}[$__rate_interval]))`: per second. */
export function sumRate(s: Series, labels: readonly string[] = [], m: Matchers = {}): string {
  return `sum${by(s, labels)} (rate(${sel(s, m)}[${RATE_INTERVAL}]))`;
}

/** `sum by (labels) (increase(...))`: how many per interval (heatmaps). */
export function sumIncrease(s: Series, labels: readonly string[] = [], m: Matchers = {}): string {
  return `sum${by(s, labels)} (increase(${sel(s, m)}[${RATE_INTERVAL}]))`;
}

/** A quantile of a catalog histogram over `$__rate_interval`, per label set. */
export function quantile(
  q: number,
  histogram: MetricDef,
  labels: readonly string[] = [],
  m: Matchers = {},
): string {
  return `histogram_quantile(${q}, ${sumRate(buckets(histogram), ['le', ...labels], m)})`;
}

/** Mean of a catalog histogram per label set: sum / count. */
export function mean(histogram: MetricDef, labels: readonly string[] = [], m: Matchers = {}) {
  return ratio(sumRate(sum(histogram), labels, m), sumRate(count(histogram), labels, m));
}

/**
 * Share of a histogram's observations at or below `bound`, one of its bucket bounds (the SLI of
 * a latency objective; any other bound would silently be wrong).
 */
export function shareAtMost(
  histogram: MetricDef,
  bound: number,
  labels: readonly string[] = [],
  m: Matchers = {},
): string {
  if (!histogram.buckets?.includes(bound)) {
    throw new Error(`${bound} is not a bucket bound of ${histogram.name}`);
  }
  return ratio(
    sumRate(buckets(histogram), labels, { ...bucketBound(bound), ...m }),
    sumRate(count(histogram), labels, m),
  );
}

/**
 * A gauge over the interval: `max by (labels) (max_over_time(...))`, so a spike between two
 * points of the graph still shows (and gauges follow the same `$__rate_interval` rule).
 */
export function gaugeMax(s: Series, labels: readonly string[] = [], m: Matchers = {}): string {
  return `max${by(s, labels)} (max_over_time(${sel(s, m)}[${RATE_INTERVAL}]))`;
}

/** A recorded or synthetic series (no catalog entry) over the interval, e.g. `up`, `ALERTS`. */
export function overInterval(fn: 'max' | 'min', name: string, m: Matchers = {}): string {
  return `${fn}_over_time(${selector(name, m)}[${RATE_INTERVAL}])`;
}

/**
 * A series the rules record, aggregated by `labels`, for the chosen teams and machines. One
 * machine's Prometheus records `hook:...` without identity labels; the center records it per
 * machine as `host_hook:...` (and `hook:...` across every machine, which no machine filter can
 * narrow). So: the per-machine recording, filtered, wherever it exists; the plain one where no
 * per-machine recording exists at all (one machine's own Prometheus).
 */
export function recorded(
  agg: 'max' | 'min',
  record: string,
  labels: readonly string[] = [],
  m: Matchers = {},
): string {
  const grouped = (name: string, matchers: Matchers) =>
    `${agg}${labels.length ? ` by (${labels.join(', ')})` : ''} (${overInterval(agg, name, matchers)})`;
  const perMachine = hostLevel(record);
  return `${grouped(perMachine, { ...m, ...identityMatchers() })} or (${grouped(record, m)} unless on() count(${perMachine}))`;
}

/** A series Prometheus or vmalert writes itself (`ALERTS`), for the chosen teams and machines. */
export function synthetic(fn: 'max' | 'min', name: string, m: Matchers = {}): string {
  return overInterval(fn, name, { ...m, ...identityMatchers() });
}

/** `a / b` per label set, where both sides are already aggregated by the same labels. */
export function ratio(numerator: string, denominator: string): string {
  return `(${numerator}) / (${denominator})`;
}

/** Each of the numerator's label sets as a share of the denominator, a single series. */
export function shareOfTotal(numerator: string, denominator: string): string {
  return `(${numerator}) / on() group_left() (${denominator})`;
}

/** A per-second rate as a per-hour count (rare events: restarts, missed failures). */
export function perHour(perSecond: string): string {
  return `(${perSecond}) * 3600`;
}

/** Prometheus's `up` of the collector's scrape job, on the chosen teams and machines. */
export const COLLECTOR_UP = selector('up', { job: JOBS.collector, ...identityMatchers() });

/**
 * For counters of things that may never happen (rejected lines, missed failures): 0 instead of
 * "no data" while a collector is being scraped, so a healthy system reads as zero and a stopped
 * collector still reads as no data.
 */
export function zeroWhileScraped(expr: string): string {
  return `${expr} or on() (0 * max(${COLLECTOR_UP} == 1))`;
}
