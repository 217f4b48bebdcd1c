import type { MetricDef } from './metric-def.js';

/** Metrics about the collector's OTLP/HTTP receiver (`/v1/traces`, `/v1/metrics`, `/v1/logs`). */

/** OTLP signals, as the endpoint paths name them. */
export const OTLP_SIGNALS = ['traces', 'metrics', 'logs'] as const;
export type OtlpSignal = (typeof OTLP_SIGNALS)[number];

/** What became of a metric data point or log record the receiver accepted. */
export const OTLP_RECORD_RESULTS = ['used', 'ignored', 'unknown', 'invalid'] as const;
export type OtlpRecordResult = (typeof OTLP_RECORD_RESULTS)[number];

export const COLLECTOR_OTLP_REQUESTS: MetricDef = {
  name: 'hookscope_collector_otlp_requests_total',
  type: 'counter',
  unit: '1',
  help: 'OTLP/HTTP requests answered, by signal (traces, metrics, logs, other), encoding (json, protobuf, other) and HTTP status code.',
  labels: ['signal', 'encoding', 'code'],
};

export const COLLECTOR_OTLP_RECORDS: MetricDef = {
  name: 'hookscope_collector_otlp_records_total',
  type: 'counter',
  unit: '1',
  help: 'Metric data points and log records received over OTLP, by signal and result: used (turned into metrics), ignored (a Claude Code event hookscope deliberately does not measure), unknown (a metric or event hookscope does not map), invalid (missing or malformed attributes or values). Spans are counted by hookscope_collector_spans_ingested_total.',
  labels: ['signal', 'result'],
};
