import type { MetricDef } from './metric-def.js';
import { HOOK_DURATION_SECONDS } from './hook-metrics.js';
import { HOOK_CPU_SECONDS, HOOK_MAX_RSS_BYTES } from './hook-resource-metrics.js';
import {
  COLLECTOR_BACKLOG_AGE,
  COLLECTOR_BACKLOG_BYTES,
  COLLECTOR_BUILD_INFO,
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LABEL_OVERFLOW,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_SPANS_INGESTED,
  COLLECTOR_SPANS_REJECTED,
  COLLECTOR_SPOOL_FILES,
  COLLECTOR_SPOOL_SKIPPED_ENTRIES,
  COLLECTOR_VALUES_REJECTED,
  COLLECTOR_OTLP_SERIES_EVICTED,
} from './collector-metrics.js';
import { HOST_METRICS } from './host-metrics.js';
import { AGENT_METRICS } from './agent-metrics.js';
import { VALIDATION_METRICS } from './validation-metrics.js';
import { TESTING_METRICS } from './testing-metrics.js';
import { CACHE_METRICS } from './cache-metrics.js';
import { CONVERSATION_METRICS } from './conversation-metrics.js';
import { CLAUDE_CODE_METRICS } from './claude-code-metrics.js';
import { COLLECTOR_OTLP_RECORDS, COLLECTOR_OTLP_REQUESTS } from './otlp-receiver-metrics.js';
import { OVERHEAD_METRICS } from './overhead-metrics.js';
import { AGENT_TELEMETRY_METRICS } from './agent-telemetry-metrics.js';

/**
 * Every metric the collector derives from spans or reports about itself. One module per domain
 * holds the entries; this list is what the collector creates series for.
 */
export const METRICS: readonly MetricDef[] = [
  HOOK_DURATION_SECONDS,
  HOOK_CPU_SECONDS,
  HOOK_MAX_RSS_BYTES,
  COLLECTOR_SPANS_INGESTED,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_SPANS_REJECTED,
  COLLECTOR_BACKLOG_BYTES,
  COLLECTOR_BACKLOG_AGE,
  COLLECTOR_SPOOL_FILES,
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LABEL_OVERFLOW,
  COLLECTOR_SPOOL_SKIPPED_ENTRIES,
  COLLECTOR_VALUES_REJECTED,
  COLLECTOR_OTLP_SERIES_EVICTED,
  COLLECTOR_BUILD_INFO,
  ...AGENT_METRICS,
  ...VALIDATION_METRICS,
  ...TESTING_METRICS,
  ...CACHE_METRICS,
  ...CONVERSATION_METRICS,
  COLLECTOR_OTLP_REQUESTS,
  COLLECTOR_OTLP_RECORDS,
  ...CLAUDE_CODE_METRICS,
  ...AGENT_TELEMETRY_METRICS,
  ...OVERHEAD_METRICS,
];

const byName = new Map([...METRICS, ...HOST_METRICS].map((m) => [m.name, m]));

/** Looks up a catalog entry (derived or host metric) by its Prometheus name. */
export function metricByName(name: string): MetricDef | undefined {
  return byName.get(name);
}

/**
 * Every Prometheus series name the collector exposes (`_bucket`, `_sum`, `_count` for
 * histograms), mapped to its entry: what rules, dashboards and reports may refer to.
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
