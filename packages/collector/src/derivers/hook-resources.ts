import {
  ATTR_HOOK_AGENT,
  ATTR_HOOK_CPU_SYSTEM,
  ATTR_HOOK_CPU_USER,
  ATTR_HOOK_EVENT,
  ATTR_HOOK_MAX_RSS,
  ATTR_HOOK_NAME,
  ATTR_HOOKSCOPE_KIND,
  HOOK_CPU_SECONDS,
  HOOK_MAX_RSS_BYTES,
  KIND_HOOK,
} from '@hookscope/catalog';
import type { Deriver } from './types.js';

/** Hook spans from `hookscope exec`: CPU seconds by mode and peak memory, when measured. */
export const deriveHookResources: Deriver = (span, store) => {
  if (span.attributes[ATTR_HOOKSCOPE_KIND] !== KIND_HOOK) return;
  const hook = {
    hook_event: span.attributes[ATTR_HOOK_EVENT],
    hook_name: span.attributes[ATTR_HOOK_NAME],
    agent: span.attributes[ATTR_HOOK_AGENT],
  };
  for (const [mode, key] of [
    ['user', ATTR_HOOK_CPU_USER],
    ['system', ATTR_HOOK_CPU_SYSTEM],
  ] as const) {
    const seconds = span.attributes[key];
    // Zero is a measurement too: the series exists from a hook's first run.
    if (typeof seconds === 'number' && seconds >= 0 && Number.isFinite(seconds)) {
      store.add(HOOK_CPU_SECONDS, { ...hook, mode }, seconds);
    }
  }
  const rss = span.attributes[ATTR_HOOK_MAX_RSS];
  if (typeof rss === 'number' && rss > 0) store.observe(HOOK_MAX_RSS_BYTES, hook, rss);
};
