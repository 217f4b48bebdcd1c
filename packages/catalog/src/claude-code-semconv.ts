/**
 * What Claude Code exports over OpenTelemetry when `CLAUDE_CODE_ENABLE_TELEMETRY=1`, as its
 * monitoring documentation names it: counters (OTLP metrics) and events (OTLP log records whose
 * body is `claude_code.<event>` and whose `event.name` attribute is `<event>`). This module is the
 * one place for these names; the collector maps them onto catalog metrics.
 */

/** `service.name` of Claude Code's resource. */
export const CLAUDE_CODE_SERVICE_NAME = 'claude-code';
/** Prefix of Claude Code's metric and event names. */
export const CLAUDE_CODE_PREFIX = 'claude_code.';

/** Claude Code's counters (OpenTelemetry instrument names). */
export const CC_METRIC_SESSION_COUNT = 'claude_code.session.count';
export const CC_METRIC_TOKEN_USAGE = 'claude_code.token.usage';
export const CC_METRIC_COST_USAGE = 'claude_code.cost.usage';
export const CC_METRIC_LINES_OF_CODE = 'claude_code.lines_of_code.count';
export const CC_METRIC_COMMIT_COUNT = 'claude_code.commit.count';
export const CC_METRIC_PULL_REQUEST_COUNT = 'claude_code.pull_request.count';
export const CC_METRIC_CODE_EDIT_DECISION = 'claude_code.code_edit_tool.decision';
export const CC_METRIC_ACTIVE_TIME = 'claude_code.active_time.total';

/** Claude Code's events (the `event.name` attribute; the record body carries the prefixed name). */
export const CC_EVENT_API_REQUEST = 'api_request';
export const CC_EVENT_API_ERROR = 'api_error';
export const CC_EVENT_TOOL_RESULT = 'tool_result';
export const CC_EVENT_COMPACTION = 'compaction';
export const CC_EVENT_SUBAGENT_COMPLETED = 'subagent_completed';
export const CC_EVENT_HOOK_EXECUTION_COMPLETE = 'hook_execution_complete';
export const CC_EVENT_HOOK_REGISTERED = 'hook_registered';
export const CC_EVENT_TOOL_DECISION = 'tool_decision';
export const CC_EVENT_USER_PROMPT = 'user_prompt';

/**
 * Events hookscope knows and deliberately does not measure (counted with result `ignored`):
 * a hook group's start (its `hook_execution_complete` carries the count, the results and the
 * time), the model's answer (`api_request` measures the exchange; the answer is content),
 * configuration read at start-up (managed settings, plugins loaded) and Claude Code's own
 * housekeeping (old session files removed).
 */
export const CC_IGNORED_EVENTS: readonly string[] = [
  'hook_execution_start',
  'assistant_response',
  'managed_settings_resolved',
  'plugin_loaded',
  'retention_sweep',
];

/** OpenTelemetry's attribute for an event's name on a log record. */
export const ATTR_EVENT_NAME = 'event.name';

/** Attributes Claude Code puts on metrics and events. */
export const CC_ATTR_SESSION_ID = 'session.id';
export const CC_ATTR_USER_ID = 'user.id';
export const CC_ATTR_MODEL = 'model';
export const CC_ATTR_TYPE = 'type';
export const CC_ATTR_START_TYPE = 'start_type';
export const CC_ATTR_QUERY_SOURCE = 'query_source';
export const CC_ATTR_TOOL_NAME = 'tool_name';
export const CC_ATTR_DECISION = 'decision';
export const CC_ATTR_SOURCE = 'source';
export const CC_ATTR_LANGUAGE = 'language';
export const CC_ATTR_DURATION_MS = 'duration_ms';
export const CC_ATTR_SUCCESS = 'success';
export const CC_ATTR_STATUS_CODE = 'status_code';
export const CC_ATTR_TRIGGER = 'trigger';
export const CC_ATTR_PRE_TOKENS = 'pre_tokens';
export const CC_ATTR_POST_TOKENS = 'post_tokens';
export const CC_ATTR_AGENT_TYPE = 'agent_type';
export const CC_ATTR_HOOK_EVENT = 'hook_event';
export const CC_ATTR_HOOK_NAME = 'hook_name';
export const CC_ATTR_NUM_SUCCESS = 'num_success';
export const CC_ATTR_NUM_BLOCKING = 'num_blocking';
export const CC_ATTR_NUM_NON_BLOCKING_ERROR = 'num_non_blocking_error';
export const CC_ATTR_NUM_CANCELLED = 'num_cancelled';
export const CC_ATTR_TOTAL_DURATION_MS = 'total_duration_ms';
/** `hook_registered`: the hook's type (command, prompt, agent, http) and where it is configured. */
export const CC_ATTR_HOOK_TYPE = 'hook_type';
export const CC_ATTR_HOOK_SOURCE = 'hook_source';
export const CC_ATTR_INPUT_TOKENS = 'input_tokens';
export const CC_ATTR_OUTPUT_TOKENS = 'output_tokens';
export const CC_ATTR_CACHE_READ_TOKENS = 'cache_read_tokens';
export const CC_ATTR_CACHE_CREATION_TOKENS = 'cache_creation_tokens';
/** Sub-agent type that issued an API request (absent for the main conversation). */
export const CC_ATTR_AGENT_NAME = 'agent.name';

/** `start_type` values of `claude_code.session.count` that restart an earlier conversation. */
export const CC_RESTART_START_TYPES: readonly string[] = ['resume', 'continue'];

/** `query_source` values of API requests made for the main conversation. */
export const CC_MAIN_QUERY_SOURCES: readonly string[] = ['repl_main_thread', 'main', 'sdk'];
/** `query_source` of the requests that summarize the context (compaction). */
export const CC_COMPACT_QUERY_SOURCE = 'compact';

/**
 * `process_type` label values (conversation metrics) for Claude Code's processes: the main
 * conversation, sub-agents, compaction, and auxiliary requests (titles, classifiers).
 */
export const CC_PROCESS_TYPES = ['main', 'subagent', 'compact', 'auxiliary'] as const;
export type ClaudeCodeProcessType = (typeof CC_PROCESS_TYPES)[number];
