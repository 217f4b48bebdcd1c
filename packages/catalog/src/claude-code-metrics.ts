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
 * as log records; the collector turns them into histograms: the shared conversation, compression
 * and agent metrics where they fit, the `hookscope_claude_code_*` ones here otherwise.
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

export const CLAUDE_CODE_TOOL_DURATION: MetricDef = {
  name: 'hookscope_claude_code_tool_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Execution time of Claude Code tool calls (tool_result events), by tool and outcome (success, error).',
  labels: ['tool', 'outcome'],
  buckets: HOOK_DURATION_BUCKETS,
};

export const CLAUDE_CODE_HOOK_DURATION: MetricDef = {
  name: 'hookscope_claude_code_hook_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Wall time of all hooks Claude Code ran for one hook event (hook_execution_complete events), by hook event and hook name (event:matcher).',
  labels: ['hook_event', 'hook_name'],
  buckets: HOOK_DURATION_BUCKETS,
};

export const CLAUDE_CODE_HOOK_RUNS: MetricDef = {
  name: 'hookscope_claude_code_hook_runs_total',
  type: 'counter',
  unit: '1',
  help: 'Hook commands Claude Code ran, by hook event, hook name and result (success, blocking, non_blocking_error, cancelled).',
  labels: ['hook_event', 'hook_name', 'result'],
};

export const CLAUDE_CODE_TOOL_DECISIONS: MetricDef = {
  name: 'hookscope_claude_code_tool_decisions_total',
  type: 'counter',
  unit: '1',
  help: 'Permission decisions on Claude Code tool calls (tool_decision events), by tool, decision (accept, reject) and source (config, hook, user_permanent, user_temporary, user_abort, user_reject).',
  labels: ['tool', 'decision', 'source'],
};

export const CLAUDE_CODE_HOOKS_REGISTERED: MetricDef = {
  name: 'hookscope_claude_code_hooks_registered_total',
  type: 'counter',
  unit: '1',
  help: 'Hooks Claude Code registered when a session started (hook_registered events), by hook event, hook type (command, prompt, agent, http) and where they are configured.',
  labels: ['hook_event', 'hook_type', 'hook_source'],
};

export const CLAUDE_CODE_PROMPTS: MetricDef = {
  name: 'hookscope_claude_code_prompts_total',
  type: 'counter',
  unit: '1',
  help: 'Prompts Claude Code received from its user (user_prompt events; never their text).',
  labels: [],
};

/**
 * Every Claude Code-specific metric: pass-through counters, then those derived from events.
 * Events that fit a shared domain feed its metrics instead: api_request and api_error the
 * conversation metrics, compaction the compression metrics, subagent_completed the agent
 * duration, and session starts of type resume or continue count as conversation restarts.
 */
export const CLAUDE_CODE_METRICS: readonly MetricDef[] = [
  ...CLAUDE_CODE_COUNTERS,
  CLAUDE_CODE_TOOL_DURATION,
  CLAUDE_CODE_HOOK_DURATION,
  CLAUDE_CODE_HOOK_RUNS,
  CLAUDE_CODE_TOOL_DECISIONS,
  CLAUDE_CODE_HOOKS_REGISTERED,
  CLAUDE_CODE_PROMPTS,
];
