import {
  AGENT_DURATION_SECONDS,
  ATTR_EVENT_NAME,
  ATTR_SERVICE_NAME,
  CC_ATTR_AGENT_NAME,
  CC_ATTR_AGENT_TYPE,
  CC_ATTR_CACHE_CREATION_TOKENS,
  CC_ATTR_CACHE_READ_TOKENS,
  CC_ATTR_DURATION_MS,
  CC_ATTR_HOOK_EVENT,
  CC_ATTR_HOOK_NAME,
  CC_ATTR_INPUT_TOKENS,
  CC_ATTR_MODEL,
  CC_ATTR_NUM_BLOCKING,
  CC_ATTR_NUM_CANCELLED,
  CC_ATTR_NUM_NON_BLOCKING_ERROR,
  CC_ATTR_NUM_SUCCESS,
  CC_ATTR_OUTPUT_TOKENS,
  CC_ATTR_POST_TOKENS,
  CC_ATTR_PRE_TOKENS,
  CC_ATTR_QUERY_SOURCE,
  CC_ATTR_SUCCESS,
  CC_ATTR_TOOL_NAME,
  CC_ATTR_TOTAL_DURATION_MS,
  CC_ATTR_TRIGGER,
  CC_COMPACT_QUERY_SOURCE,
  CC_EVENT_API_ERROR,
  CC_EVENT_API_REQUEST,
  CC_EVENT_COMPACTION,
  CC_EVENT_HOOK_EXECUTION_COMPLETE,
  CC_EVENT_HOOK_REGISTERED,
  CC_EVENT_TOOL_DECISION,
  CC_EVENT_USER_PROMPT,
  CC_IGNORED_EVENTS,
  CC_EVENT_SUBAGENT_COMPLETED,
  CC_EVENT_TOOL_RESULT,
  CC_MAIN_QUERY_SOURCES,
  CLAUDE_CODE_HOOK_DURATION,
  CLAUDE_CODE_HOOK_RUNS,
  CLAUDE_CODE_PREFIX,
  CLAUDE_CODE_SERVICE_NAME,
  CLAUDE_CODE_TOOL_DURATION,
  COMPRESSION_DURATION_SECONDS,
  COMPRESSION_RATIO,
  COMPRESSION_SAVED_TOKENS,
  COMPRESSIONS,
  CONVERSATION_CONTEXT_TOKENS,
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_TOKENS,
  CONVERSATION_TURNS,
  type ClaudeCodeProcessType,
  type OtlpRecordResult,
} from '@hookscope/catalog';
import type { MetricStore } from '../metric-store.js';
import type { AttrValue } from '../otlp-json-decode.js';
import type { IngestLogRecord } from '../otlp-logs.js';
import { numberOf } from '../otlp-metrics.js';
import { labelFrom } from './span-values.js';
import {
  CLAUDE_CODE_ACTIVITY_ATTRIBUTES,
  hookRegistered,
  toolDecision,
  userPrompt,
} from './claude-code-activity.js';

type Attrs = Record<string, AttrValue>;

/** Every event attribute read here: all the receiver keeps of Claude Code's log records. */
export const CLAUDE_CODE_EVENT_ATTRIBUTES: ReadonlySet<string> = new Set([
  ATTR_EVENT_NAME,
  CC_ATTR_DURATION_MS,
  CC_ATTR_MODEL,
  CC_ATTR_QUERY_SOURCE,
  CC_ATTR_AGENT_NAME,
  CC_ATTR_SUCCESS,
  CC_ATTR_INPUT_TOKENS,
  CC_ATTR_OUTPUT_TOKENS,
  CC_ATTR_CACHE_READ_TOKENS,
  CC_ATTR_CACHE_CREATION_TOKENS,
  CC_ATTR_TOOL_NAME,
  CC_ATTR_TRIGGER,
  CC_ATTR_PRE_TOKENS,
  CC_ATTR_POST_TOKENS,
  CC_ATTR_AGENT_TYPE,
  CC_ATTR_HOOK_EVENT,
  CC_ATTR_HOOK_NAME,
  CC_ATTR_NUM_SUCCESS,
  CC_ATTR_NUM_BLOCKING,
  CC_ATTR_NUM_NON_BLOCKING_ERROR,
  CC_ATTR_NUM_CANCELLED,
  CC_ATTR_TOTAL_DURATION_MS,
  ...CLAUDE_CODE_ACTIVITY_ATTRIBUTES,
]);

/**
 * Claude Code's events (OTLP log records) to histograms: latencies it exports only as events
 * become percentiles in Prometheus without a log store. API requests are conversation exchanges
 * and compactions are context compressions (the shared conversation metrics), sub-agent runs
 * feed the agent duration; tool calls, hook groups, tool decisions, registered hooks and prompts
 * have Claude Code metrics of their own; a few known events are deliberately ignored.
 * Only documented numeric and categorical attributes are read; prompts, tool input and ids
 * never reach a label.
 */
export function deriveClaudeCodeEvent(
  record: IngestLogRecord,
  store: MetricStore,
): OtlpRecordResult {
  const event = claudeCodeEventName(record);
  const a = record.attributes;
  switch (event) {
    case CC_EVENT_API_REQUEST:
    case CC_EVENT_API_ERROR:
      return apiRequest(a, event === CC_EVENT_API_REQUEST ? 'success' : 'error', store);
    case CC_EVENT_TOOL_RESULT: {
      const seconds = msToSeconds(a[CC_ATTR_DURATION_MS]);
      if (seconds === undefined) return 'invalid';
      const labels = {
        tool: labelFrom(a, CC_ATTR_TOOL_NAME),
        outcome: outcomeOf(a[CC_ATTR_SUCCESS]),
      };
      store.observe(CLAUDE_CODE_TOOL_DURATION, labels, seconds);
      return 'used';
    }
    case CC_EVENT_COMPACTION:
      return compaction(a, store);
    case CC_EVENT_SUBAGENT_COMPLETED: {
      const seconds = msToSeconds(a[CC_ATTR_DURATION_MS]);
      if (seconds === undefined) return 'invalid';
      const labels = {
        agent: labelFrom(a, CC_ATTR_AGENT_TYPE),
        outcome: outcomeOf(a[CC_ATTR_SUCCESS]) ?? 'success',
      };
      store.observe(AGENT_DURATION_SECONDS, labels, seconds);
      return 'used';
    }
    case CC_EVENT_HOOK_EXECUTION_COMPLETE:
      return hookGroup(a, store);
    case CC_EVENT_HOOK_REGISTERED:
      return hookRegistered(a, store);
    case CC_EVENT_TOOL_DECISION:
      return toolDecision(a, store);
    case CC_EVENT_USER_PROMPT:
      return userPrompt(store);
    default:
      return event !== undefined && CC_IGNORED_EVENTS.includes(event) ? 'ignored' : 'unknown';
  }
}

function apiRequest(a: Attrs, outcome: 'success' | 'error', store: MetricStore): OtlpRecordResult {
  const seconds = msToSeconds(a[CC_ATTR_DURATION_MS]);
  if (seconds === undefined) return 'invalid';
  const labels = { process_type: processTypeOf(a), model: labelFrom(a, CC_ATTR_MODEL) };
  store.observe(CONVERSATION_RESPONSE_SECONDS, { ...labels, outcome }, seconds);
  store.add(CONVERSATION_TURNS, { ...labels, outcome });
  const input = count(a[CC_ATTR_INPUT_TOKENS]);
  const output = count(a[CC_ATTR_OUTPUT_TOKENS]);
  if (input !== undefined)
    store.add(CONVERSATION_TOKENS, { ...labels, token_type: 'input' }, input);
  if (output !== undefined)
    store.add(CONVERSATION_TOKENS, { ...labels, token_type: 'output' }, output);
  // The context sent: new input plus what was read from or written to the prompt cache.
  if (input !== undefined) {
    const context =
      input +
      (count(a[CC_ATTR_CACHE_READ_TOKENS]) ?? 0) +
      (count(a[CC_ATTR_CACHE_CREATION_TOKENS]) ?? 0);
    store.observe(CONVERSATION_CONTEXT_TOKENS, labels, context);
  }
  return 'used';
}

/** A successful compaction is a context compression of the main conversation. */
function compaction(a: Attrs, store: MetricStore): OtlpRecordResult {
  const success = outcomeOf(a[CC_ATTR_SUCCESS]) !== 'error';
  const seconds = msToSeconds(a[CC_ATTR_DURATION_MS]);
  const pre = count(a[CC_ATTR_PRE_TOKENS]);
  const post = count(a[CC_ATTR_POST_TOKENS]);
  if (!success) return 'used'; // nothing was compressed; the event is counted, not measured
  if (seconds === undefined && (pre === undefined || post === undefined)) return 'invalid';
  const labels = {
    process_type: 'main' satisfies ClaudeCodeProcessType,
    trigger: labelFrom(a, CC_ATTR_TRIGGER),
  };
  if (pre && post !== undefined) {
    store.observe(COMPRESSION_RATIO, labels, post / pre);
    store.add(COMPRESSION_SAVED_TOKENS, labels, Math.max(0, pre - post));
  }
  if (seconds !== undefined) store.observe(COMPRESSION_DURATION_SECONDS, labels, seconds);
  store.add(COMPRESSIONS, { ...labels, critical_info: 'unknown' });
  return 'used';
}

const HOOK_RESULT_ATTRS = [
  ['success', CC_ATTR_NUM_SUCCESS],
  ['blocking', CC_ATTR_NUM_BLOCKING],
  ['non_blocking_error', CC_ATTR_NUM_NON_BLOCKING_ERROR],
  ['cancelled', CC_ATTR_NUM_CANCELLED],
] as const;

/** All hooks Claude Code ran for one hook event: their wall time and how each ended. */
function hookGroup(a: Attrs, store: MetricStore): OtlpRecordResult {
  const labels = {
    hook_event: labelFrom(a, CC_ATTR_HOOK_EVENT),
    hook_name: labelFrom(a, CC_ATTR_HOOK_NAME),
  };
  const seconds = msToSeconds(a[CC_ATTR_TOTAL_DURATION_MS]);
  const counts = HOOK_RESULT_ATTRS.map(([result, key]) => [result, count(a[key])] as const);
  if (seconds === undefined && counts.every(([, n]) => n === undefined)) return 'invalid';
  if (seconds !== undefined) store.observe(CLAUDE_CODE_HOOK_DURATION, labels, seconds);
  for (const [result, n] of counts) {
    if (n !== undefined) store.add(CLAUDE_CODE_HOOK_RUNS, { ...labels, result }, n);
  }
  return 'used';
}

/**
 * The event's short name (`tool_result`) when the record is one of Claude Code's: a name with
 * the `claude_code.` prefix (the record body), or any name from a `claude-code` service.
 */
function claudeCodeEventName(record: IngestLogRecord): string | undefined {
  for (const n of record.names) {
    if (n.startsWith(CLAUDE_CODE_PREFIX)) return n.slice(CLAUDE_CODE_PREFIX.length);
  }
  return record.resource[ATTR_SERVICE_NAME] === CLAUDE_CODE_SERVICE_NAME
    ? record.names[0]
    : undefined;
}

/** Which of Claude Code's processes made an API request (a few values, never a name). */
function processTypeOf(a: Attrs): ClaudeCodeProcessType {
  const source = a[CC_ATTR_QUERY_SOURCE];
  if (a[CC_ATTR_AGENT_NAME] !== undefined || source === 'subagent') return 'subagent';
  if (typeof source === 'string' && CC_MAIN_QUERY_SOURCES.includes(source)) return 'main';
  if (source === CC_COMPACT_QUERY_SOURCE) return 'compact';
  return 'auxiliary';
}

export function msToSeconds(v: AttrValue | undefined): number | undefined {
  const ms = numberOf(v);
  return ms !== undefined && ms >= 0 ? ms / 1000 : undefined;
}

/** A count of tokens or hooks: a non-negative integer (Claude Code may send it as a string). */
function count(v: AttrValue | undefined): number | undefined {
  const n = numberOf(v);
  return n !== undefined && n >= 0 && Number.isInteger(n) ? n : undefined;
}

/** Claude Code writes `success` as the string "true"/"false"; booleans are accepted too. */
function outcomeOf(v: AttrValue | undefined): 'success' | 'error' | undefined {
  if (v === true || v === 'true') return 'success';
  if (v === false || v === 'false') return 'error';
  return undefined;
}
