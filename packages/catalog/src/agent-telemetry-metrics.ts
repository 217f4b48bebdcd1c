import type { MetricDef } from './metric-def.js';
import { HOOK_DURATION_BUCKETS } from './hook-metrics.js';

/**
 * What coding agents other than Claude Code report about themselves over OTLP (Gemini CLI's
 * events, Codex's counters and events, GitHub Copilot's spans), next to Claude Code's own
 * metrics. `agent` is the same value as on the wrapper's hook metrics (gemini-cli, codex,
 * copilot). Model requests and tokens feed the shared conversation metrics instead.
 */

/** Events and metrics read, by the agent's own names (the receiver keeps nothing else of a log record). */
export const GEMINI_EVENT_HOOK_CALL = 'gemini_cli.hook_call';
export const GEMINI_EVENT_TOOL_CALL = 'gemini_cli.tool_call';
export const GEMINI_EVENT_API_RESPONSE = 'gemini_cli.api_response';
export const GEMINI_EVENT_API_ERROR = 'gemini_cli.api_error';
export const CODEX_METRIC_HOOK_RUN = 'codex.hooks.run';
export const CODEX_EVENT_TOOL_RESULT = 'codex.tool_result';
export const CODEX_EVENT_API_REQUEST = 'codex.api_request';
export const CODEX_EVENT_SSE = 'codex.sse_event';
/**
 * Gemini CLI's other events, read for nothing on purpose (counted `ignored`, not `unknown`):
 * its settings and start-up phases, the prompt (content), the request before its answer (the
 * answer, `api_response`, carries the duration and tokens), the model router's choice, its
 * search tool's fallback, time spent per approval mode, and the GenAI semantic-convention
 * record of each model call (the request's contents).
 */
export const GEMINI_IGNORED_EVENTS: readonly string[] = [
  'gemini_cli.config',
  'gemini_cli.startup_stats',
  'gemini_cli.user_prompt',
  'gemini_cli.api_request',
  'gemini_cli.model_routing',
  'gemini_cli.ripgrep_fallback',
  'gemini_cli.plan.approval_mode_duration',
  'gen_ai.client.inference.operation.details',
];
/**
 * Codex's other events, read for nothing on purpose: a conversation's start, its start-up
 * phases, the prompt (content), the time to the first token, and its tool approvals (no catalog
 * metric holds them; the wrapper records what each hook decided).
 */
export const CODEX_IGNORED_EVENTS: readonly string[] = [
  'codex.conversation_starts',
  'codex.startup_phase',
  'codex.user_prompt',
  'codex.turn_ttft',
  'codex.tool_decision',
];
/**
 * Metrics read for nothing on purpose: Gemini CLI's own (`gemini_cli.*`: counts and latency
 * histograms of the hook calls, tool calls and model requests its events report one by one),
 * Codex's but its hook-run counter (`codex.*`: start-up, storage, skills, turns and tools, and
 * `codex.hooks.run.duration_ms`, a histogram in Codex's own buckets while the wrapper measures
 * each hook exactly), and the GenAI client metrics (`gen_ai.client.*`: the same model calls,
 * whose events and spans feed the conversation metrics already).
 */
export const IGNORED_AGENT_METRIC_PREFIXES: readonly string[] = [
  'gemini_cli.',
  'codex.',
  'gen_ai.client.',
];
/** GenAI operation names of GitHub Copilot's spans (`gen_ai.operation.name`). */
export const COPILOT_OP_EXECUTE_HOOK = 'execute_hook';
export const COPILOT_OP_EXECUTE_TOOL = 'execute_tool';

export const CODING_AGENT_HOOK_DURATION: MetricDef = {
  name: 'hookscope_coding_agent_hook_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: "Wall time of hook commands as the coding agent itself reports each run (Gemini CLI's hook_call events, GitHub Copilot's execute_hook spans), by agent, hook event, the agent's hook name and result.",
  labels: ['agent', 'hook_event', 'hook_name', 'result'],
  buckets: HOOK_DURATION_BUCKETS,
};

export const CODING_AGENT_HOOK_RUNS: MetricDef = {
  name: 'hookscope_coding_agent_hook_runs_total',
  type: 'counter',
  unit: '1',
  help: "Hook runs as the coding agent itself counts them (Gemini CLI's hook_call events, Codex's codex.hooks.run, GitHub Copilot's execute_hook spans), by agent, hook event and result in the agent's words.",
  labels: ['agent', 'hook_event', 'result'],
};

export const CODING_AGENT_TOOL_DURATION: MetricDef = {
  name: 'hookscope_coding_agent_tool_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: "Execution time of tool calls as the coding agent reports them (Gemini CLI's tool_call, Codex's tool_result events, GitHub Copilot's execute_tool spans), by agent, tool and outcome (success, error).",
  labels: ['agent', 'tool', 'outcome'],
  buckets: HOOK_DURATION_BUCKETS,
};

export const AGENT_TELEMETRY_METRICS: readonly MetricDef[] = [
  CODING_AGENT_HOOK_DURATION,
  CODING_AGENT_HOOK_RUNS,
  CODING_AGENT_TOOL_DURATION,
];
