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
