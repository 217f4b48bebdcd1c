import { HOOK_DURATION_SECONDS } from '@hookscope/catalog';
import { BASE_RATE_WINDOW, durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { quantileName } from './promql.js';

/**
 * Names of the recorded series (`level:metric:operations`), for the rules that define them and
 * for dashboards and reports that read them. Levels: `hook` = by hook_event and hook_name;
 * `instance` = per collector (job, instance).
 */

export const HOOK_LEVEL = ['hook_event', 'hook_name'] as const;
export const HOOK_QUANTILES = [0.5, 0.95, 0.99] as const;
/** Windows every hook series is recorded at besides the configured alert and regression windows. */
export const HOOK_REPORT_WINDOWS = [BASE_RATE_WINDOW, '1h'] as const;

export const SLO_LATENCY = 'hook-latency';
export const SLO_SUCCESS = 'hook-success';

export const records = {
  /** p50/p95/p99 hook execution time. */
  hookQuantile: (q: number, window: string) =>
    `hook:${HOOK_DURATION_SECONDS.name}:${quantileName(q)}_rate${window}`,
  /** Hook executions per second. */
  hookExecutions: (window: string) => `hook:${HOOK_DURATION_SECONDS.name}_count:rate${window}`,
  /** Executions per second by outcome (success, blocked, error, ...). */
  hookExecutionsByOutcome: (window: string) =>
    `hook_outcome:${HOOK_DURATION_SECONDS.name}_count:rate${window}`,
  /** Share of executions that did not fail (see HOOK_FAILURE_OUTCOMES). */
  hookSuccessRatio: (window: string) => `hook:hookscope_hook_success:ratio_rate${window}`,
  /** SLI error ratio of an SLO (label `slo`: hook-latency, hook-success). */
  sloErrorRatio: (window: string) => `hook:hookscope_slo_errors:ratio_rate${window}`,
  /** Share of the SLO period's error budget left (1 = untouched, below 0 = overspent). */
  sloBudgetRemaining: () => 'hook:hookscope_slo_error_budget_remaining:ratio',
  collectorSpansIngested: (window: string) =>
    `instance:hookscope_collector_spans_ingested:rate${window}`,
  collectorLinesRejected: (window: string) =>
    `instance:hookscope_collector_spool_lines_rejected:rate${window}`,
  collectorIngestLag: (q: number, window: string) =>
    `instance:hookscope_collector_ingest_lag_seconds:${quantileName(q)}_rate${window}`,
};

/** Every window hook series are recorded at: for dashboards, alerts and regression detection. */
export function hookWindows(config: HookscopeConfig): string[] {
  const all = [...HOOK_REPORT_WINDOWS, config.alerts.window, config.regression.window];
  return [...new Set(all)].sort((a, b) => durationSeconds(a)! - durationSeconds(b)!);
}
