import {
  ATTR_EVENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  CODEX_EVENT_API_REQUEST,
  CODEX_EVENT_SSE,
  CODEX_EVENT_TOOL_RESULT,
  CODEX_METRIC_HOOK_RUN,
  CODING_AGENT_HOOK_DURATION,
  CODING_AGENT_HOOK_RUNS,
  CODING_AGENT_TOOL_DURATION,
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_TOKENS,
  CONVERSATION_TURNS,
  COPILOT_OP_EXECUTE_HOOK,
  COPILOT_OP_EXECUTE_TOOL,
  GEMINI_EVENT_API_ERROR,
  GEMINI_EVENT_API_RESPONSE,
  GEMINI_EVENT_HOOK_CALL,
  GEMINI_EVENT_TOOL_CALL,
  CODEX_IGNORED_EVENTS,
  GEMINI_IGNORED_EVENTS,
  IGNORED_AGENT_METRIC_PREFIXES,
  type OtlpRecordResult,
} from '@hookscope/catalog';
import {
  deriveHookName,
  deriveHookNameFromShell,
  sanitizeHookName,
  scanShellCommand,
} from '@hookscope/runtime';
import type { CumulativeTracker } from '../cumulative.js';
import type { MetricStore } from '../metric-store.js';
import type { AttrValue } from '../otlp-json-decode.js';
import type { IngestLogRecord } from '../otlp-logs.js';
import {
  numberOf,
  TEMPORALITY_CUMULATIVE,
  TEMPORALITY_DELTA,
  type IngestPoint,
} from '../otlp-metrics.js';
import { streamIdentity } from './claude-code-counters.js';
import { msToSeconds } from './claude-code-events.js';
import { labelFrom } from './span-values.js';
import type { Deriver } from './types.js';

/**
 * The own telemetry of coding agents other than Claude Code, received over OTLP, as metrics:
 * Gemini CLI's events (hook calls, tool calls, API responses), Codex's hook-run counter and its
 * tool and API events, GitHub Copilot's execute_hook and execute_tool spans (its chat and
 * invoke_agent spans are GenAI spans that the conversation and agent derivers already read).
 * Only the documented numeric and categorical attributes are read: hook input and output,
 * prompts, tool arguments and error messages never are.
 */

type Attrs = Record<string, AttrValue>;

/** Every log attribute read here: with Claude Code's, all the receiver keeps of a log record. */
export const AGENT_EVENT_ATTRIBUTES: ReadonlySet<string> = new Set([
  ATTR_EVENT_NAME,
  'hook_event_name',
  'hook_name',
  'duration_ms',
  'duration',
  'success',
  'function_name',
  'tool_name',
  'model',
  'model_name',
  'input_token_count',
  'output_token_count',
  'event.kind',
  'http.response.status_code',
]);

/** A Gemini CLI or Codex event (OTLP log record): `unknown` when it is neither's. */
export function deriveAgentEvent(record: IngestLogRecord, store: MetricStore): OtlpRecordResult {
  const a = record.attributes;
  if (
    record.names.some((n) => GEMINI_IGNORED_EVENTS.includes(n) || CODEX_IGNORED_EVENTS.includes(n))
  )
    return 'ignored';
  const name = record.names.find((n) => n.startsWith('gemini_cli.') || n.startsWith('codex.'));
  switch (name) {
    case GEMINI_EVENT_HOOK_CALL: {
      const seconds = msToSeconds(a['duration_ms']);
      if (seconds === undefined) return 'invalid';
      const result = successOf(a['success']) ?? 'unknown';
      const hook_event = labelFrom(a, 'hook_event_name');
      const labels = {
        agent: 'gemini-cli',
        hook_event,
        hook_name: geminiHookName(labelFrom(a, 'hook_name')),
        result,
      };
      store.observe(CODING_AGENT_HOOK_DURATION, labels, seconds);
      store.add(CODING_AGENT_HOOK_RUNS, { agent: 'gemini-cli', hook_event, result });
      return 'used';
    }
    case GEMINI_EVENT_TOOL_CALL:
      return tool('gemini-cli', labelFrom(a, 'function_name'), a, store);
    case CODEX_EVENT_TOOL_RESULT:
      return tool('codex', labelFrom(a, 'tool_name'), a, store);
    case GEMINI_EVENT_API_RESPONSE:
    case GEMINI_EVENT_API_ERROR: {
      // api_error names its duration `duration` and its model `model_name` in some versions.
      const seconds = msToSeconds(a['duration_ms'] ?? a['duration']);
      if (seconds === undefined) return 'invalid';
      const model = labelFrom(a, 'model') ?? labelFrom(a, 'model_name');
      const outcome = name === GEMINI_EVENT_API_RESPONSE ? 'success' : 'error';
      exchange(store, model, outcome, seconds, a);
      return 'used';
    }
    case CODEX_EVENT_API_REQUEST: {
      const seconds = msToSeconds(a['duration_ms']);
      if (seconds === undefined) return 'invalid';
      const status = numberOf(a['http.response.status_code']);
      const outcome = status !== undefined && status >= 400 ? 'error' : 'success';
      exchange(store, labelFrom(a, 'model'), outcome, seconds, {});
      return 'used';
    }
    case CODEX_EVENT_SSE: {
      // Token counts come with the completed response; other stream events carry none.
      if (a['event.kind'] !== 'response.completed') return 'ignored';
      const labels = { process_type: 'main', model: labelFrom(a, 'model') };
      tokens(store, labels, a);
      return 'used';
    }
    default:
      return 'unknown';
  }
}

/** `hookscope exec` options that take a value (the name is `--name`'s). */
const EXEC_VALUE_OPTIONS = new Set(['--event', '--timeout', '--capture-content']);

/**
 * Gemini CLI names a hook by the entry's own `name`, else by its whole command (paths and all;
 * after `hookscope install`, the wrapped command with the launcher's path). A command is named
 * as the wrapper names it, the script or tool it runs (a wrapped one by its `--name`, else by
 * what it runs), so that the label is the same short name before and after install.
 */
export function geminiHookName(raw: string | undefined): string | undefined {
  if (raw === undefined) return raw;
  const words = scanShellCommand(raw).words;
  const wrapped = /(^|\/)hookscope$/.test(words[0] ?? '') && words[1] === 'exec';
  if (!wrapped && !/[/'"$]/.test(raw)) return raw;
  if (!wrapped) return deriveHookNameFromShell(raw);
  let i = 2;
  while (i < words.length && words[i] !== '--' && words[i] !== '-c') {
    const word = words[i]!;
    if (word === '--name' && words[i + 1] !== undefined) return sanitizeHookName(words[i + 1]!);
    if (word.startsWith('--name=')) return sanitizeHookName(word.slice('--name='.length));
    i += EXEC_VALUE_OPTIONS.has(word) ? 2 : 1;
  }
  if (words[i] === '-c') return deriveHookNameFromShell(words[i + 1] ?? '');
  return deriveHookName(words.slice(i + 1));
}

/** Codex's `codex.hooks.run` counter (delta or cumulative points): runs by event and status. */
export function deriveAgentPoint(
  point: IngestPoint,
  store: MetricStore,
  cumulative: CumulativeTracker,
): OtlpRecordResult {
  if (point.metric !== CODEX_METRIC_HOOK_RUN) {
    const ignored = IGNORED_AGENT_METRIC_PREFIXES.some((p) => point.metric.startsWith(p));
    return ignored ? 'ignored' : 'unknown';
  }
  if (point.kind !== 'sum' || point.value === undefined || point.value < 0) return 'invalid';
  let delta: number;
  if (point.temporality === TEMPORALITY_DELTA) delta = point.value;
  else if (point.temporality === TEMPORALITY_CUMULATIVE) {
    delta = cumulative.increase(streamIdentity(point), point.startNano, point.value);
  } else return 'invalid';
  // Codex's hook_name is the event (PreToolUse, Stop, ...); status is completed, failed, blocked, stopped.
  const labels = {
    agent: 'codex',
    hook_event: labelFrom(point.attributes, 'hook_name'),
    result: labelFrom(point.attributes, 'status'),
  };
  store.add(CODING_AGENT_HOOK_RUNS, labels, delta);
  return 'used';
}

/** GitHub Copilot's execute_hook and execute_tool spans. */
export const deriveCopilotSpan: Deriver = (span, store) => {
  const op = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (op === COPILOT_OP_EXECUTE_HOOK) {
    const a = span.attributes;
    const reported = numberOf(a['github.copilot.hook.duration']);
    const seconds = reported !== undefined && reported >= 0 ? reported : span.durationSeconds;
    const hook_event =
      labelFrom(a, 'github.copilot.hook.type') ?? labelFrom(a, 'copilot_chat.hook_type');
    // Decision: pass, approve, block, non_blocking_error (as Copilot words it).
    const result =
      labelFrom(a, 'github.copilot.hook.decision') ?? (span.statusCode === 2 ? 'error' : 'unknown');
    const hook_name = span.name.startsWith(`${COPILOT_OP_EXECUTE_HOOK} `)
      ? span.name.slice(COPILOT_OP_EXECUTE_HOOK.length + 1)
      : undefined;
    store.observe(
      CODING_AGENT_HOOK_DURATION,
      { agent: 'copilot', hook_event, hook_name, result },
      seconds,
    );
    store.add(CODING_AGENT_HOOK_RUNS, { agent: 'copilot', hook_event, result });
  } else if (op === COPILOT_OP_EXECUTE_TOOL) {
    const labels = {
      agent: 'copilot',
      tool: labelFrom(span.attributes, 'gen_ai.tool.name'),
      outcome:
        span.statusCode === 2 || span.attributes['error.type'] !== undefined ? 'error' : 'success',
    };
    store.observe(CODING_AGENT_TOOL_DURATION, labels, span.durationSeconds);
  }
};

function tool(
  agent: string,
  name: string | undefined,
  a: Attrs,
  store: MetricStore,
): OtlpRecordResult {
  const seconds = msToSeconds(a['duration_ms']);
  if (seconds === undefined) return 'invalid';
  const outcome = successOf(a['success']) === 'failure' ? 'error' : 'success';
  store.observe(CODING_AGENT_TOOL_DURATION, { agent, tool: name, outcome }, seconds);
  return 'used';
}

/** A model request of the agent's main conversation: response time, turn, tokens. */
function exchange(
  store: MetricStore,
  model: string | undefined,
  outcome: 'success' | 'error',
  seconds: number,
  a: Attrs,
): void {
  const labels = { process_type: 'main', model };
  store.observe(CONVERSATION_RESPONSE_SECONDS, { ...labels, outcome }, seconds);
  store.add(CONVERSATION_TURNS, { ...labels, outcome });
  tokens(store, labels, a);
}

function tokens(
  store: MetricStore,
  labels: { process_type: string; model: string | undefined },
  a: Attrs,
) {
  for (const [token_type, key] of [
    ['input', 'input_token_count'],
    ['output', 'output_token_count'],
  ] as const) {
    const n = numberOf(a[key]);
    if (n !== undefined && n >= 0 && Number.isInteger(n))
      store.add(CONVERSATION_TOKENS, { ...labels, token_type }, n);
  }
}

/** `success` as the agents write it: a boolean, or the string "true"/"false". */
function successOf(v: AttrValue | undefined): 'success' | 'failure' | undefined {
  if (v === true || v === 'true') return 'success';
  if (v === false || v === 'false') return 'failure';
  return undefined;
}
