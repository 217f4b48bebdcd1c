import { HOOK_DURATION_SECONDS } from '@hookscope/catalog';
import { BASE_RATE_WINDOW, durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { quantileName } from './promql.js';

/**
 * Names of the recorded series (`level:metric:operations`), for the rules that define them and
 * for dashboards and reports that read them. Levels name the labels kept: `hook` = hook_event and
 * hook_name; `hook_validator` adds validator; `agent`, `cache`, `process_type`; `suite_strategy`
 * = suite and strategy; `job` = all hooks of a job; `instance` = one collector (job, instance).
 * A `_share` is time spent in one thing over hook time.
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
  /** CPU cores the hook's runs keep busy (CPU seconds per second), all modes. */
  hookCpu: (window: string) => `hook:hookscope_hook_cpu_seconds:rate${window}`,
  /** CPU seconds per run, on average. */
  hookCpuPerRun: (window: string) => `hook:hookscope_hook_cpu_seconds_per_run:ratio_rate${window}`,
  /** Peak memory of one run: the p95 over the window. */
  hookMaxRssQuantile: (q: number, window: string) =>
    `hook:hookscope_hook_max_rss_bytes:${quantileName(q)}_rate${window}`,
  /** hookscope's own time over hook time, per hook and over all hooks. */
  hookOverheadShare: (window: string) => `hook:hookscope_hook_overhead_share:ratio_rate${window}`,
  jobOverheadShare: (window: string) => `job:hookscope_hook_overhead_share:ratio_rate${window}`,
  /** Validator time over hook time, per hook (all validators) and per validator. */
  validationShare: (window: string) => `hook:hookscope_validation_share:ratio_rate${window}`,
  validatorShare: (window: string) =>
    `hook_validator:hookscope_validation_share:ratio_rate${window}`,
  /** Each sub-agent's time over all hook time. */
  agentShare: (window: string) => `agent:hookscope_agent_share:ratio_rate${window}`,
  agentQuantile: (q: number, window: string) =>
    `agent:hookscope_agent_duration_seconds:${quantileName(q)}_rate${window}`,
  /** Lookups answered from the cache over all lookups; lookups per second; lookup latency. */
  cacheHitRatio: (window: string) => `cache:hookscope_cache_hit:ratio_rate${window}`,
  cacheLookups: (window: string) => `cache:hookscope_cache_lookups:rate${window}`,
  cacheLookupQuantile: (q: number, window: string) =>
    `cache:hookscope_cache_lookup_duration_seconds:${quantileName(q)}_rate${window}`,
  /** Tests selected over tests in the suite. */
  selectionSelectedRatio: (window: string) =>
    `suite_strategy:hookscope_test_selection_selected:ratio_rate${window}`,
  /** Time saved over estimated full-suite time: the test-time reduction a selection aims for (60-80%). */
  selectionSavedRatio: (window: string) =>
    `suite_strategy:hookscope_test_selection_saved:ratio_rate${window}`,
  /** Seconds of test time saved per second. */
  selectionSavedSeconds: (window: string) =>
    `suite_strategy:hookscope_test_selection_saved_seconds:rate${window}`,
  /** Selections made per second. */
  selections: (window: string) =>
    `suite_strategy:hookscope_test_selection_ratio_count:rate${window}`,
  conversationQuantile: (q: number, window: string) =>
    `process_type:hookscope_conversation_response_duration_seconds:${quantileName(q)}_rate${window}`,
  /** Exchanges (turns) per second. */
  conversationTurns: (window: string) => `process_type:hookscope_conversation_turns:rate${window}`,
  /** Median share of context tokens kept by a compression (after / before). */
  compressionKeptMedian: (window: string) =>
    `process_type:hookscope_conversation_compression_ratio:p50_rate${window}`,
  compressions: (window: string) =>
    `process_type:hookscope_conversation_compressions:rate${window}`,
  restarts: (window: string) => `process_type:hookscope_conversation_restarts:rate${window}`,
  restartSuccessRatio: (window: string) =>
    `process_type:hookscope_conversation_restarts:success_ratio_rate${window}`,
  collectorSpansIngested: (window: string) =>
    `instance:hookscope_collector_spans_ingested:rate${window}`,
  collectorLinesRejected: (window: string) =>
    `instance:hookscope_collector_spool_lines_rejected:rate${window}`,
  collectorIngestLag: (q: number, window: string) =>
    `instance:hookscope_collector_ingest_lag_seconds:${quantileName(q)}_rate${window}`,
};

/** Windows without repeats, shortest first. */
export function uniqueWindows(windows: readonly string[]): string[] {
  return [...new Set(windows)].sort((a, b) => durationSeconds(a)! - durationSeconds(b)!);
}

/** Every window hook series are recorded at: for dashboards, alerts and regression detection. */
export function hookWindows(config: HookscopeConfig): string[] {
  return uniqueWindows([
    ...HOOK_REPORT_WINDOWS,
    config.alerts.window,
    config.regression.window,
    config.overhead.window,
  ]);
}
