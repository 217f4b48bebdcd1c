import type { MetricDef } from './metric-def.js';

/** Metrics about the collector itself: what it ingested, rejected and still has to read. */

/** Delay from a span's end to its ingestion by the collector. */
export const INGEST_LAG_BUCKETS = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600,
] as const;

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

/** Kinds of spool directory entries named like spool files that the collector cannot read. */
export const SKIPPED_ENTRY_KINDS = [
  'directory',
  'fifo',
  'socket',
  'symlink',
  'other',
  'unreadable',
] as const;
export type SkippedEntryKind = (typeof SKIPPED_ENTRY_KINDS)[number];

export const COLLECTOR_SPOOL_SKIPPED_ENTRIES: MetricDef = {
  name: 'hookscope_collector_spool_skipped_entries',
  type: 'gauge',
  unit: '1',
  help: 'Entries of the spool directory named like spool files that are not readable regular files (directory, fifo, socket, symlink, other, unreadable), skipped at the last scan.',
  labels: ['kind'],
};

export const COLLECTOR_VALUES_REJECTED: MetricDef = {
  name: 'hookscope_collector_values_rejected_total',
  type: 'counter',
  unit: '1',
  help: 'Values not recorded because they were not finite or out of bounds (negative, or beyond the largest plausible value of their unit), by metric.',
  labels: ['metric'],
};

export const COLLECTOR_OTLP_SERIES_EVICTED: MetricDef = {
  name: 'hookscope_collector_otlp_series_evicted_total',
  type: 'counter',
  unit: '1',
  help: 'Cumulative OTLP series whose last value was forgotten to bound memory; one seen again starts a new baseline and adds nothing until its next point.',
  labels: [],
};
