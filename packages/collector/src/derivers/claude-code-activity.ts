import {
  CC_ATTR_DECISION,
  CC_ATTR_HOOK_EVENT,
  CC_ATTR_HOOK_SOURCE,
  CC_ATTR_HOOK_TYPE,
  CC_ATTR_SOURCE,
  CC_ATTR_TOOL_NAME,
  CLAUDE_CODE_HOOKS_REGISTERED,
  CLAUDE_CODE_PROMPTS,
  CLAUDE_CODE_TOOL_DECISIONS,
  type OtlpRecordResult,
} from '@hookscope/catalog';
import type { MetricStore } from '../metric-store.js';
import type { AttrValue } from '../otlp-json-decode.js';
import { labelFrom } from './span-values.js';

type Attrs = Record<string, AttrValue>;

/** Attributes read here (the receiver keeps only what some deriver reads). */
export const CLAUDE_CODE_ACTIVITY_ATTRIBUTES = [
  CC_ATTR_DECISION,
  CC_ATTR_SOURCE,
  CC_ATTR_HOOK_TYPE,
  CC_ATTR_HOOK_SOURCE,
] as const;

/**
 * A permission decision on a tool call: how often tools are refused, and by whom (a hook, the
 * configuration, the user). A tool blocked by a PreToolUse hook is `reject` from `hook`.
 */
export function toolDecision(a: Attrs, store: MetricStore): OtlpRecordResult {
  if (a[CC_ATTR_DECISION] === undefined) return 'invalid';
  store.add(CLAUDE_CODE_TOOL_DECISIONS, {
    tool: labelFrom(a, CC_ATTR_TOOL_NAME),
    decision: labelFrom(a, CC_ATTR_DECISION),
    source: labelFrom(a, CC_ATTR_SOURCE),
  });
  return 'used';
}

/**
 * A hook registered at session start. Set against the hook runs of the same event, it shows
 * hooks that are configured but never run, and prompt or agent hooks that `hookscope exec`
 * cannot measure.
 */
export function hookRegistered(a: Attrs, store: MetricStore): OtlpRecordResult {
  if (a[CC_ATTR_HOOK_EVENT] === undefined) return 'invalid';
  store.add(CLAUDE_CODE_HOOKS_REGISTERED, {
    hook_event: labelFrom(a, CC_ATTR_HOOK_EVENT),
    hook_type: labelFrom(a, CC_ATTR_HOOK_TYPE),
    hook_source: labelFrom(a, CC_ATTR_HOOK_SOURCE),
  });
  return 'used';
}

/** A prompt from the user: the unit that API requests, tool calls and hook runs divide by. */
export function userPrompt(store: MetricStore): OtlpRecordResult {
  store.add(CLAUDE_CODE_PROMPTS, {});
  return 'used';
}
