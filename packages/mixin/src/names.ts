import {
  AGENT_DURATION_SECONDS,
  CACHE_LOOKUPS,
  CACHE_LOOKUP_DURATION_SECONDS,
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_SPANS_INGESTED,
  COMPRESSIONS,
  COMPRESSION_RATIO,
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_RESTARTS,
  CONVERSATION_TURNS,
  HOOK_CPU_SECONDS,
  HOOK_DURATION_SECONDS,
  HOOK_MAX_RSS_BYTES,
  TEST_SELECTION_RATIO,
  TEST_SELECTION_SAVED_SECONDS,
  type MetricDef,
} from '@hookscope/catalog';
import { BASE_RATE_WINDOW, durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { quantileName } from './promql.js';

/**
 * Names of the recorded series (`level:metric:operations`), for the rules that define them and
 * for dashboards and reports that read them. Levels name the labels kept: `hook` = hook_event and
 * hook_name; `hook_validator` adds validator; `agent` (the coding agent on hook metrics, the
 * sub-agent on agent metrics), `agent_outcome` adds outcome; `cache`, `process_type`; `suite_strategy`
 * = suite and strategy; `job` = all hooks of a job; `instance` = one collector (job, instance).
 * A `_share` is time spent in one thing over hook time.
 */

/** A catalog metric's name as a recorded series spells it: a rate of a counter drops `_total`. */
function metric(def: MetricDef): string {
  return def.name.replace(/_total$/, '');
}

/**
 * Ratios and shares computed from several catalog metrics have no metric of their own; their
 * names keep the catalog's prefix.
 */
function derived(name: string): string {
  return `hookscope_${name}`;
}

export const HOOK_LEVEL = ['hook_event', 'hook_name'] as const;
/** Hook series per coding agent: a handful of agents, so a few series each. */
export const AGENT_LEVEL = ['agent'] as const;
export const HOOK_QUANTILES = [0.5, 0.95, 0.99] as const;
/** Windows every hook series is recorded at besides the configured alert and regression windows. */
export const HOOK_REPORT_WINDOWS = [BASE_RATE_WINDOW, '1h'] as const;

export const SLO_LATENCY = 'hook-latency';
export const SLO_SUCCESS = 'hook-success';

export const records = {
  /** p50/p95/p99 hook execution time. */
  hookQuantile: (q: number, window: string) =>
    `hook:${metric(HOOK_DURATION_SECONDS)}:${quantileName(q)}_rate${window}`,
  /** Hook executions per second. */
  hookExecutions: (window: string) => `hook:${metric(HOOK_DURATION_SECONDS)}_count:rate${window}`,
  /** Executions per second by outcome (success, blocked, error, ...). */
  hookExecutionsByOutcome: (window: string) =>
    `hook_outcome:${metric(HOOK_DURATION_SECONDS)}_count:rate${window}`,
  /** Share of executions that did not fail (see HOOK_FAILURE_OUTCOMES). */
  hookSuccessRatio: (window: string) => `hook:${derived('hook_success')}:ratio_rate${window}`,
  /** The same four for all hooks of each coding agent (claude-code, codex, ...). */
  agentHookQuantile: (q: number, window: string) =>
    `agent:${metric(HOOK_DURATION_SECONDS)}:${quantileName(q)}_rate${window}`,
  agentHookExecutions: (window: string) =>
    `agent:${metric(HOOK_DURATION_SECONDS)}_count:rate${window}`,
  agentHookExecutionsByOutcome: (window: string) =>
    `agent_outcome:${metric(HOOK_DURATION_SECONDS)}_count:rate${window}`,
  agentHookSuccessRatio: (window: string) => `agent:${derived('hook_success')}:ratio_rate${window}`,
  /** SLI error ratio of an SLO (label `slo`: hook-latency, hook-success). */
  sloErrorRatio: (window: string) => `hook:${derived('slo_errors')}:ratio_rate${window}`,
  /** Share of the SLO period's error budget left (1 = untouched, below 0 = overspent). */
  sloBudgetRemaining: () => `hook:${derived('slo_error_budget_remaining')}:ratio`,
  /** CPU cores the hook's runs keep busy (CPU seconds per second), all modes. */
  hookCpu: (window: string) => `hook:${metric(HOOK_CPU_SECONDS)}:rate${window}`,
  /** CPU seconds per run, on average. */
  hookCpuPerRun: (window: string) => `hook:${metric(HOOK_CPU_SECONDS)}_per_run:ratio_rate${window}`,
  /** Peak memory of one run: the p95 over the window. */
  hookMaxRssQuantile: (q: number, window: string) =>
    `hook:${metric(HOOK_MAX_RSS_BYTES)}:${quantileName(q)}_rate${window}`,
  /** hookscope's own time over hook time, per hook and over all hooks. */
  hookOverheadShare: (window: string) =>
    `hook:${derived('hook_overhead_share')}:ratio_rate${window}`,
  jobOverheadShare: (window: string) => `job:${derived('hook_overhead_share')}:ratio_rate${window}`,
  /** Validator time over hook time, per hook (all validators) and per validator. */
  validationShare: (window: string) => `hook:${derived('validation_share')}:ratio_rate${window}`,
  validatorShare: (window: string) =>
    `hook_validator:${derived('validation_share')}:ratio_rate${window}`,
  /** Each sub-agent's time over all hook time. */
  agentShare: (window: string) => `agent:${derived('agent_share')}:ratio_rate${window}`,
  agentQuantile: (q: number, window: string) =>
    `agent:${metric(AGENT_DURATION_SECONDS)}:${quantileName(q)}_rate${window}`,
  /** Lookups answered from the cache over all lookups; lookups per second; lookup latency. */
  cacheHitRatio: (window: string) => `cache:${derived('cache_hit')}:ratio_rate${window}`,
  cacheLookups: (window: string) => `cache:${metric(CACHE_LOOKUPS)}:rate${window}`,
  cacheLookupQuantile: (q: number, window: string) =>
    `cache:${metric(CACHE_LOOKUP_DURATION_SECONDS)}:${quantileName(q)}_rate${window}`,
  /** Tests selected over tests in the suite. */
  selectionSelectedRatio: (window: string) =>
    `suite_strategy:${derived('test_selection_selected')}:ratio_rate${window}`,
  /** Time saved over estimated full-suite time: the test-time reduction a selection aims for (60-80%). */
  selectionSavedRatio: (window: string) =>
    `suite_strategy:${derived('test_selection_saved')}:ratio_rate${window}`,
  /** Seconds of test time saved per second. */
  selectionSavedSeconds: (window: string) =>
    `suite_strategy:${metric(TEST_SELECTION_SAVED_SECONDS)}:rate${window}`,
  /** Selections made per second. */
  selections: (window: string) =>
    `suite_strategy:${metric(TEST_SELECTION_RATIO)}_count:rate${window}`,
  conversationQuantile: (q: number, window: string) =>
    `process_type:${metric(CONVERSATION_RESPONSE_SECONDS)}:${quantileName(q)}_rate${window}`,
  /** Exchanges (turns) per second. */
  conversationTurns: (window: string) => `process_type:${metric(CONVERSATION_TURNS)}:rate${window}`,
  /** Median share of context tokens kept by a compression (after / before). */
  compressionKeptMedian: (window: string) =>
    `process_type:${metric(COMPRESSION_RATIO)}:p50_rate${window}`,
  compressions: (window: string) => `process_type:${metric(COMPRESSIONS)}:rate${window}`,
  restarts: (window: string) => `process_type:${metric(CONVERSATION_RESTARTS)}:rate${window}`,
  restartSuccessRatio: (window: string) =>
    `process_type:${metric(CONVERSATION_RESTARTS)}:success_ratio_rate${window}`,
  collectorSpansIngested: (window: string) =>
    `instance:${metric(COLLECTOR_SPANS_INGESTED)}:rate${window}`,
  collectorLinesRejected: (window: string) =>
    `instance:${metric(COLLECTOR_LINES_REJECTED)}:rate${window}`,
  collectorIngestLag: (q: number, window: string) =>
    `instance:${metric(COLLECTOR_INGEST_LAG)}:${quantileName(q)}_rate${window}`,
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
