/**
 * The metric catalog: every metric hookscope's collector exposes, with its Prometheus name, type,
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
}

/** Default cap on distinct label sets per metric (principle 6). */
export const DEFAULT_MAX_SERIES = 2000;

/**
 * Hook latency buckets: fine below a second (most hooks), and every threshold the default
 * alerts use (20 s warning, 30 s budget, 40 s critical) as an exact bound so that
 * `histogram_quantile` and `le`-based SLO ratios are exact at the thresholds.
 */
export const HOOK_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 40, 60, 120, 300,
] as const;

/** Delay from a span's end to its ingestion by the collector. */
export const INGEST_LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] as const;

export const HOOK_DURATION_SECONDS: MetricDef = {
  name: 'hookscope_hook_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Wall time of hook executions, by hook event, hook name and outcome.',
  labels: ['hook_event', 'hook_name', 'outcome'],
  buckets: HOOK_DURATION_BUCKETS,
};

export const COLLECTOR_SPANS_INGESTED: MetricDef = {
  name: 'hookscope_collector_spans_ingested_total',
  type: 'counter',
  unit: '1',
  help: 'Spans the collector has read and turned into metrics, by source (spool, otlp).',
  labels: ['source'],
};

export const COLLECTOR_LINES_REJECTED: MetricDef = {
  name: 'hookscope_collector_spool_lines_rejected_total',
  type: 'counter',
  unit: '1',
  help: 'Spool lines skipped, by reason (invalid_json, not_otlp, truncated, oversized).',
  labels: ['reason'],
};

export const COLLECTOR_SPANS_REJECTED: MetricDef = {
  name: 'hookscope_collector_spans_rejected_total',
  type: 'counter',
  unit: '1',
  help: 'Spans skipped inside otherwise valid requests (missing ids or times), by reason.',
  labels: ['reason'],
};

export const COLLECTOR_BACKLOG_BYTES: MetricDef = {
  name: 'hookscope_collector_spool_backlog_bytes',
  type: 'gauge',
  unit: 'By',
  help: 'Bytes written to the spool that the collector has not consumed yet.',
  labels: [],
};

export const COLLECTOR_BACKLOG_AGE: MetricDef = {
  name: 'hookscope_collector_spool_backlog_age_seconds',
  type: 'gauge',
  unit: 's',
  help: 'Age of the oldest spool file with unconsumed data (0 when the backlog is empty).',
  labels: [],
};

export const COLLECTOR_SPOOL_FILES: MetricDef = {
  name: 'hookscope_collector_spool_files',
  type: 'gauge',
  unit: '1',
  help: 'Spool files present, consumed or not.',
  labels: [],
};

export const COLLECTOR_INGEST_LAG: MetricDef = {
  name: 'hookscope_collector_ingest_lag_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Delay between the end of a span and its ingestion by the collector.',
  labels: ['source'],
  buckets: INGEST_LAG_BUCKETS,
};

export const COLLECTOR_LABEL_OVERFLOW: MetricDef = {
  name: 'hookscope_collector_label_overflow_total',
  type: 'counter',
  unit: '1',
  help: 'Observations folded into the `other` series because a metric reached its series cap, by metric.',
  labels: ['metric'],
};

export const COLLECTOR_BUILD_INFO: MetricDef = {
  name: 'hookscope_collector_build_info',
  type: 'gauge',
  unit: '1',
  help: 'Always 1; labels carry the collector version and Node.js version.',
  labels: ['version', 'nodejs_version'],
};

/** Every metric hookscope derives or reports about itself. */
export const METRICS: readonly MetricDef[] = [
  HOOK_DURATION_SECONDS,
  COLLECTOR_SPANS_INGESTED,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_SPANS_REJECTED,
  COLLECTOR_BACKLOG_BYTES,
  COLLECTOR_BACKLOG_AGE,
  COLLECTOR_SPOOL_FILES,
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LABEL_OVERFLOW,
  COLLECTOR_BUILD_INFO,
];

const byName = new Map(METRICS.map((m) => [m.name, m]));

/** Looks up a catalog entry by its Prometheus name. */
export function metricByName(name: string): MetricDef | undefined {
  return byName.get(name);
}

/**
 * Every Prometheus series name a catalog entry produces (`_bucket`, `_sum`, `_count` for
 * histograms), mapped to its entry: what rules and dashboards may refer to.
 */
export function prometheusSeriesNames(): Map<string, MetricDef> {
  const out = new Map<string, MetricDef>();
  for (const m of [...METRICS, ...HOST_METRICS]) {
    if (m.type === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) out.set(m.name + suffix, m);
    } else {
      out.set(m.name, m);
    }
  }
  return out;
}

/**
 * Host and process metrics from @opentelemetry/instrumentation-host-metrics inside the collector.
 * Its instruments carry OpenTelemetry names (`system.cpu.time`, unit `s`); the collector renames
 * each through a view to the Prometheus name here, since the exporter adds no unit suffix.
 */
export const HOST_METRICS: readonly MetricDef[] = [
  hostMetric('system.cpu.time', 'system_cpu_time_seconds_total', 'counter', 's', 'Host CPU time by logical CPU and mode.', ['cpu_logical_number', 'cpu_mode']),
  hostMetric('system.cpu.utilization', 'system_cpu_utilization_ratio', 'gauge', '1', 'Host CPU utilization (0-1) by logical CPU and mode.', ['cpu_logical_number', 'cpu_mode']),
  hostMetric('system.memory.usage', 'system_memory_usage_bytes', 'gauge', 'By', 'Host memory by state (used, free).', ['system_memory_state']),
  hostMetric('system.memory.utilization', 'system_memory_utilization_ratio', 'gauge', '1', 'Host memory utilization (0-1) by state.', ['system_memory_state']),
  hostMetric('system.network.io', 'system_network_io_bytes_total', 'counter', 'By', 'Bytes received and transmitted by network device.', ['system_device', 'network_io_direction']),
  hostMetric('system.network.errors', 'system_network_errors_total', 'counter', '1', 'Network errors by device and direction.', ['system_device', 'network_io_direction']),
  hostMetric('system.network.packet.dropped', 'system_network_packets_dropped_total', 'counter', '1', 'Dropped network packets by device and direction.', ['system_device', 'network_io_direction']),
  hostMetric('process.cpu.time', 'process_cpu_time_seconds_total', 'counter', 's', 'CPU time of the collector process by mode.', ['cpu_mode']),
  hostMetric('process.cpu.utilization', 'process_cpu_utilization_ratio', 'gauge', '1', 'CPU utilization (0-1) of the collector process by mode.', ['cpu_mode']),
  hostMetric('process.memory.usage', 'process_memory_usage_bytes', 'gauge', 'By', 'Resident memory of the collector process.', []),
];

function hostMetric(
  instrument: string,
  name: string,
  type: MetricType,
  unit: string,
  help: string,
  labels: string[],
): MetricDef {
  return { name, type, unit, help, labels, instrument };
}
