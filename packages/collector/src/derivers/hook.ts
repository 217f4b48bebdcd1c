import {
  ATTR_HOOK_AGENT,
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OUTCOME,
  ATTR_HOOK_TOOL,
  ATTR_HOOKSCOPE_KIND,
  HOOK_DURATION_SECONDS,
  HOOK_OUTCOMES,
  KIND_HOOK,
  UNKNOWN_LABEL_VALUE,
} from '@hookscope/catalog';
import type { Deriver } from './types.js';

const OUTCOMES = new Set<string>(HOOK_OUTCOMES);

/** Hook spans: duration by event, name, tool, outcome and coding agent. */
export const deriveHook: Deriver = (span, store) => {
  if (span.attributes[ATTR_HOOKSCOPE_KIND] !== KIND_HOOK) return;
  const raw = span.attributes[ATTR_HOOK_OUTCOME];
  const outcome =
    typeof raw === 'string' && OUTCOMES.has(raw)
      ? raw
      : raw === undefined
        ? span.statusCode === 2
          ? 'error'
          : 'success'
        : UNKNOWN_LABEL_VALUE;
  store.observe(
    HOOK_DURATION_SECONDS,
    {
      hook_event: span.attributes[ATTR_HOOK_EVENT],
      hook_name: span.attributes[ATTR_HOOK_NAME],
      tool: span.attributes[ATTR_HOOK_TOOL],
      outcome,
      agent: span.attributes[ATTR_HOOK_AGENT],
    },
    span.durationSeconds,
  );
};
