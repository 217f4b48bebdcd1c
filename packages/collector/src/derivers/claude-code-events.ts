import {
  CC_ATTR_AGENT_TYPE,
  CC_ATTR_DURATION_MS,
  CC_ATTR_HOOK_EVENT,
  CC_ATTR_HOOK_NAME,
  CC_ATTR_MODEL,
  CC_ATTR_NUM_BLOCKING,
  CC_ATTR_NUM_CANCELLED,
  CC_ATTR_NUM_NON_BLOCKING_ERROR,
  CC_ATTR_NUM_SUCCESS,
  CC_ATTR_POST_TOKENS,
  CC_ATTR_PRE_TOKENS,
  CC_ATTR_QUERY_SOURCE,
  CC_ATTR_SUCCESS,
  CC_ATTR_TOOL_NAME,
  CC_ATTR_TOTAL_DURATION_MS,
  CC_ATTR_TRIGGER,
  CC_EVENT_API_ERROR,
  CC_EVENT_API_REQUEST,
  CC_EVENT_COMPACTION,
  CC_EVENT_HOOK_EXECUTION_COMPLETE,
  CC_EVENT_SUBAGENT_COMPLETED,
  CC_EVENT_TOOL_RESULT,
  CLAUDE_CODE_API_REQUEST_DURATION,
  CLAUDE_CODE_COMPACTION_DURATION,
  CLAUDE_CODE_COMPACTION_REDUCTION,
  CLAUDE_CODE_COMPACTION_TOKENS_SAVED,
  CLAUDE_CODE_HOOK_DURATION,
  CLAUDE_CODE_HOOK_RUNS,
  CLAUDE_CODE_PREFIX,
  CLAUDE_CODE_SERVICE_NAME,
  CLAUDE_CODE_SUBAGENT_DURATION,
  CLAUDE_CODE_TOOL_DURATION,
  ATTR_SERVICE_NAME,
  type OtlpRecordResult,
} from '@hookscope/catalog';
import type { MetricStore } from '../metric-store.js';
import type { AttrValue } from '../otlp-json.js';
import type { IngestLogRecord } from '../otlp-logs.js';
import { numberOf } from '../otlp-metrics.js';

/**
 * Claude Code's events (OTLP log records) to histograms: the latencies it exports only as events
 * become percentiles in Prometheus without a log store. Only the documented numeric and
 * categorical attributes are read; prompts, tool input and ids never reach a label.
 */
export function deriveClaudeCodeEvent(
  record: IngestLogRecord,
  store: MetricStore,
): OtlpRecordResult {
  const event = claudeCodeEventName(record);
  if (!event) return 'unknown';
  const a = record.attributes;
  switch (event) {
    case CC_EVENT_API_REQUEST:
    case CC_EVENT_API_ERROR: {
      const seconds = msToSeconds(a[CC_ATTR_DURATION_MS]);
      if (seconds === undefined) return 'invalid';
      const outcome = event === CC_EVENT_API_REQUEST ? 'success' : 'error';
      store.observe(
        CLAUDE_CODE_API_REQUEST_DURATION,
        { model: a[CC_ATTR_MODEL], query_source: a[CC_ATTR_QUERY_SOURCE], outcome },
        seconds,
      );
      return 'used';
    }
    case CC_EVENT_TOOL_RESULT: {
      const seconds = msToSeconds(a[CC_ATTR_DURATION_MS]);
      if (seconds === undefined) return 'invalid';
      store.observe(
        CLAUDE_CODE_TOOL_DURATION,
        { tool: a[CC_ATTR_TOOL_NAME], outcome: outcomeOf(a[CC_ATTR_SUCCESS]) },
        seconds,
      );
      return 'used';
    }
    case CC_EVENT_COMPACTION: {
      const trigger = a[CC_ATTR_TRIGGER];
      const outcome = outcomeOf(a[CC_ATTR_SUCCESS]);
      const seconds = msToSeconds(a[CC_ATTR_DURATION_MS]);
      const pre = numberOf(a[CC_ATTR_PRE_TOKENS]);
      const post = numberOf(a[CC_ATTR_POST_TOKENS]);
      const haveTokens =
        outcome !== 'error' && pre !== undefined && post !== undefined && pre > 0 && post >= 0;
      if (seconds === undefined && !haveTokens) return 'invalid';
      if (seconds !== undefined)
        store.observe(CLAUDE_CODE_COMPACTION_DURATION, { trigger, outcome }, seconds);
      if (haveTokens) {
        const saved = Math.max(0, pre - post);
        store.observe(CLAUDE_CODE_COMPACTION_REDUCTION, { trigger }, saved / pre);
        store.add(CLAUDE_CODE_COMPACTION_TOKENS_SAVED, { trigger }, saved);
      }
      return 'used';
    }
    case CC_EVENT_SUBAGENT_COMPLETED: {
      const seconds = msToSeconds(a[CC_ATTR_DURATION_MS]);
      if (seconds === undefined) return 'invalid';
      store.observe(CLAUDE_CODE_SUBAGENT_DURATION, { agent: a[CC_ATTR_AGENT_TYPE] }, seconds);
      return 'used';
    }
    case CC_EVENT_HOOK_EXECUTION_COMPLETE: {
      const labels = { hook_event: a[CC_ATTR_HOOK_EVENT], hook_name: a[CC_ATTR_HOOK_NAME] };
      const seconds = msToSeconds(a[CC_ATTR_TOTAL_DURATION_MS]);
      const counts = HOOK_RESULT_ATTRS.map(([result, key]) => [result, count(a[key])] as const);
      if (seconds === undefined && counts.every(([, n]) => n === undefined)) return 'invalid';
      if (seconds !== undefined) store.observe(CLAUDE_CODE_HOOK_DURATION, labels, seconds);
      for (const [result, n] of counts) {
        if (n !== undefined) store.add(CLAUDE_CODE_HOOK_RUNS, { ...labels, result }, n);
      }
      return 'used';
    }
    default:
      return 'unknown';
  }
}

const HOOK_RESULT_ATTRS = [
  ['success', CC_ATTR_NUM_SUCCESS],
  ['blocking', CC_ATTR_NUM_BLOCKING],
  ['non_blocking_error', CC_ATTR_NUM_NON_BLOCKING_ERROR],
  ['cancelled', CC_ATTR_NUM_CANCELLED],
] as const;

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

function msToSeconds(v: AttrValue | undefined): number | undefined {
  const ms = numberOf(v);
  return ms !== undefined && ms >= 0 ? ms / 1000 : undefined;
}

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
