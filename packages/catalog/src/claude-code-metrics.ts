import type { MetricDef } from './metric-def.js';
import { HOOK_DURATION_BUCKETS } from './hook-metrics.js';
import {
  CC_ATTR_SESSION_ID,
  CC_ATTR_USER_ID,
  CC_METRIC_ACTIVE_TIME,
  CC_METRIC_CODE_EDIT_DECISION,
  CC_METRIC_COMMIT_COUNT,
  CC_METRIC_COST_USAGE,
  CC_METRIC_LINES_OF_CODE,
  CC_METRIC_PULL_REQUEST_COUNT,
  CC_METRIC_SESSION_COUNT,
  CC_METRIC_TOKEN_USAGE,
} from './claude-code-semconv.js';

/**
 * Metrics from Claude Code's own OpenTelemetry export, received by the collector over OTLP.
 *
 * Its counters pass through under the names the OpenTelemetry Collector's Prometheus exporter
 * gives them (so existing Claude Code dashboards and queries keep working), with only the
 * low-cardinality attributes as labels. Its events carry latencies that Claude Code exports only
 * as log records; the collector turns them into the `hookscope_claude_code_*` histograms here.
 */

/** Opt-in labels (`--claude-code-id-labels`) and the Claude Code attributes they come from. */
export const CLAUDE_CODE_ID_LABELS: Readonly<Record<string, string>> = {
  session_id: CC_ATTR_SESSION_ID,
  user_id: CC_ATTR_USER_ID,
};
const ID_LABELS = Object.keys(CLAUDE_CODE_ID_LABELS);

function passThrough(
  instrument: string,
  name: string,
  unit: string,
  help: string,
  labels: string[],
): MetricDef {
  return { name, type: 'counter', unit, help, labels, instrument, optInLabels: ID_LABELS };
}

export const CLAUDE_CODE_SESSIONS = passThrough(
  CC_METRIC_SESSION_COUNT,
  'claude_code_session_count_total',
  '1',
  'Claude Code sessions started, by start_type (fresh; resume and continue are restarts).',
  ['start_type'],
);
export const CLAUDE_CODE_TOKENS = passThrough(
  CC_METRIC_TOKEN_USAGE,
  'claude_code_token_usage_tokens_total',
  '{token}',
  'Tokens Claude Code used, by type (input, output, cacheRead, cacheCreation), model and query source.',
  ['type', 'model', 'query_source'],
);
export const CLAUDE_CODE_COST = passThrough(
  CC_METRIC_COST_USAGE,
  'claude_code_cost_usage_usd_total',
  'USD',
  'Estimated cost of Claude Code API requests in US dollars, by model and query source.',
  ['model', 'query_source'],
);
export const CLAUDE_CODE_LINES = passThrough(
  CC_METRIC_LINES_OF_CODE,
  'claude_code_lines_of_code_count_total',
  '1',
  'Lines of code Claude Code added or removed, by type and model.',
  ['type', 'model'],
);
export const CLAUDE_CODE_COMMITS = passThrough(
  CC_METRIC_COMMIT_COUNT,
  'claude_code_commit_count_total',
  '1',
  'Git commits created by Claude Code.',
  [],
);
export const CLAUDE_CODE_PULL_REQUESTS = passThrough(
  CC_METRIC_PULL_REQUEST_COUNT,
  'claude_code_pull_request_count_total',
  '1',
  'Pull requests created by Claude Code.',
  [],
);
export const CLAUDE_CODE_EDIT_DECISIONS = passThrough(
  CC_METRIC_CODE_EDIT_DECISION,
  'claude_code_code_edit_tool_decision_total',
  '1',
  'Permission decisions on Edit, Write and NotebookEdit, by tool, decision, source and language.',
  ['tool_name', 'decision', 'source', 'language'],
);
export const CLAUDE_CODE_ACTIVE_TIME = passThrough(
  CC_METRIC_ACTIVE_TIME,
  'claude_code_active_time_seconds_total',
  's',
  'Time actively spent in Claude Code, by type (user: keyboard, cli: tools and responses).',
  ['type'],
);

/** Claude Code counters passed through, found by their OpenTelemetry instrument name. */
export const CLAUDE_CODE_COUNTERS: readonly MetricDef[] = [
  CLAUDE_CODE_SESSIONS,
  CLAUDE_CODE_TOKENS,
  CLAUDE_CODE_COST,
  CLAUDE_CODE_LINES,
  CLAUDE_CODE_COMMITS,
  CLAUDE_CODE_PULL_REQUESTS,
  CLAUDE_CODE_EDIT_DECISIONS,
  CLAUDE_CODE_ACTIVE_TIME,
];

/**
 * Conversation response time: every threshold of the seed targets (tactical warning 1.5 s,
 * critical 3 s) is a bucket bound, so quantiles and SLO ratios are exact there.
 */
export const RESPONSE_DURATION_BUCKETS = [
  0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 20, 30, 60, 120, 300,
] as const;
/** Sub-agents and compactions run for seconds to many minutes. */
export const LONG_TASK_BUCKETS = [
  1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600,
] as const;
/** Share of the context a compaction removed; 0.5 and 0.7 are the seeds' alert thresholds. */
export const REDUCTION_RATIO_BUCKETS = [
  0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1,
] as const;

export const CLAUDE_CODE_API_REQUEST_DURATION: MetricDef = {
  name: 'hookscope_claude_code_api_request_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Conversation response time: duration of Claude Code API requests (api_request, api_error events), by model, query source and outcome.',
  labels: ['model', 'query_source', 'outcome'],
  buckets: RESPONSE_DURATION_BUCKETS,
};

export const CLAUDE_CODE_TOOL_DURATION: MetricDef = {
  name: 'hookscope_claude_code_tool_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Execution time of Claude Code tool calls (tool_result events), by tool and outcome (success, error).',
  labels: ['tool', 'outcome'],
  buckets: HOOK_DURATION_BUCKETS,
};

export const CLAUDE_CODE_COMPACTION_DURATION: MetricDef = {
  name: 'hookscope_claude_code_compaction_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Duration of Claude Code context compactions (compaction events), by trigger (auto, manual) and outcome.',
  labels: ['trigger', 'outcome'],
  buckets: LONG_TASK_BUCKETS,
};

export const CLAUDE_CODE_COMPACTION_REDUCTION: MetricDef = {
  name: 'hookscope_claude_code_compaction_reduction_ratio',
  type: 'histogram',
  unit: '1',
  help: 'Context compression effectiveness: share of the context tokens a successful compaction removed, 1 - post_tokens/pre_tokens, by trigger.',
  labels: ['trigger'],
  buckets: REDUCTION_RATIO_BUCKETS,
};

export const CLAUDE_CODE_COMPACTION_TOKENS_SAVED: MetricDef = {
  name: 'hookscope_claude_code_compaction_tokens_saved_total',
  type: 'counter',
  unit: '{token}',
  help: 'Context tokens removed by successful compactions (pre_tokens - post_tokens), by trigger.',
  labels: ['trigger'],
};

export const CLAUDE_CODE_SUBAGENT_DURATION: MetricDef = {
  name: 'hookscope_claude_code_subagent_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Duration of Claude Code sub-agent runs (subagent_completed events), by agent type.',
  labels: ['agent'],
  buckets: LONG_TASK_BUCKETS,
};

export const CLAUDE_CODE_HOOK_DURATION: MetricDef = {
  name: 'hookscope_claude_code_hook_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Wall time of all hooks Claude Code ran for one hook event (hook_execution_complete events), by hook event and hook name (event:matcher).',
  labels: ['hook_event', 'hook_name'],
  buckets: HOOK_DURATION_BUCKETS,
};

/** Result of one hook command as Claude Code counts it on hook_execution_complete. */
export const CLAUDE_CODE_HOOK_RESULTS = [
  'success',
  'blocking',
  'non_blocking_error',
  'cancelled',
] as const;

export const CLAUDE_CODE_HOOK_RUNS: MetricDef = {
  name: 'hookscope_claude_code_hook_runs_total',
  type: 'counter',
  unit: '1',
  help: 'Hook commands Claude Code ran, by hook event, hook name and result (success, blocking, non_blocking_error, cancelled).',
  labels: ['hook_event', 'hook_name', 'result'],
};

/** Every Claude Code metric: pass-through counters, then those derived from events. */
export const CLAUDE_CODE_METRICS: readonly MetricDef[] = [
  ...CLAUDE_CODE_COUNTERS,
  CLAUDE_CODE_API_REQUEST_DURATION,
  CLAUDE_CODE_TOOL_DURATION,
  CLAUDE_CODE_COMPACTION_DURATION,
  CLAUDE_CODE_COMPACTION_REDUCTION,
  CLAUDE_CODE_COMPACTION_TOKENS_SAVED,
  CLAUDE_CODE_SUBAGENT_DURATION,
  CLAUDE_CODE_HOOK_DURATION,
  CLAUDE_CODE_HOOK_RUNS,
];
