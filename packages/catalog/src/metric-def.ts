/**
 * The shape of a catalog entry. The metric catalog (catalog.ts): every metric hookscope's collector exposes, with its Prometheus name, type,
 * unit, labels, buckets and help. The collector creates its series from these entries; rules,
 * dashboards and reports are generated from or checked against them. Add a metric here first.
 *
 * Names are the exact Prometheus names (the JS Prometheus exporter adds no unit suffix), so they
 * carry their unit (`_seconds`, `_bytes`, `_ratio`) and counters end in `_total`.
 */

export type MetricType = 'counter' | 'histogram' | 'gauge';

export interface MetricDef {
  /** Prometheus metric name; for histograms the base name of `_bucket`, `_sum`, `_count`. */
  readonly name: string;
  readonly type: MetricType;
  /** UCUM unit as OpenTelemetry writes it: `s`, `By`, `1`. */
  readonly unit: string;
  readonly help: string;
  /** Low-cardinality label names, in the order they are documented. */
  readonly labels: readonly string[];
  /** Explicit histogram bucket upper bounds (histograms only); include every alert threshold. */
  readonly buckets?: readonly number[];
  /** Distinct label sets kept before new ones fold into one `other` series. */
  readonly maxSeries?: number;
  /** For metrics produced by an OpenTelemetry instrumentation: the instrument renamed to `name`. */
  readonly instrument?: string;
  /**
   * High-cardinality labels (session or user ids) appended to `labels` only when the user opts
   * in; still capped by `maxSeries`. Rules and dashboards must not depend on them.
   */
  readonly optInLabels?: readonly string[];
  /**
   * Largest value one observation or increment may carry (default by unit, see maxValueOf). A
   * larger one is a bug or an attack, and would make sums overflow: it is rejected and counted.
   */
  readonly maxValue?: number;
}

/** A week: no hook, agent, test run or CPU time measured by hookscope runs longer. */
export const MAX_SECONDS_VALUE = 7 * 86400;
/** 1 PiB: more than any process's memory or any single transfer. */
export const MAX_BYTES_VALUE = 2 ** 50;
/** Counts and amounts of anything else (tokens, tests, lines, cost) in one increment. */
export const MAX_AMOUNT_VALUE = 1e12;

/** The largest value one observation or increment of `def` may carry. */
export function maxValueOf(def: MetricDef): number {
  if (def.maxValue !== undefined) return def.maxValue;
  return def.unit === 's'
    ? MAX_SECONDS_VALUE
    : def.unit === 'By'
      ? MAX_BYTES_VALUE
      : MAX_AMOUNT_VALUE;
}

/** Default cap on distinct label sets per metric, so that a label flood cannot exhaust memory. */
export const DEFAULT_MAX_SERIES = 2000;
