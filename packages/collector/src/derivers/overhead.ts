import {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OVERHEAD,
  ATTR_HOOKSCOPE_KIND,
  HOOK_OVERHEAD_SECONDS,
  KIND_HOOK,
  KIND_HOOK_BODY,
} from '@hookscope/catalog';
import type { Deriver } from './types.js';
import { amountOf } from './span-values.js';

/**
 * What hookscope cost each hook (monitoring overhead), summed per hook from every layer that
 * reports its own: the hook span (`hookscope exec`, or the library alone) and the hook_body spans
 * inside it (the library under the wrapper, `hookscope emit`), which carry the same labels.
 */
export const deriveOverhead: Deriver = (span, store) => {
  const kind = span.attributes[ATTR_HOOKSCOPE_KIND];
  if (kind !== KIND_HOOK && kind !== KIND_HOOK_BODY) return;
  const seconds = amountOf(span, ATTR_HOOK_OVERHEAD);
  if (seconds === undefined) return;
  store.add(
    HOOK_OVERHEAD_SECONDS,
    { hook_event: span.attributes[ATTR_HOOK_EVENT], hook_name: span.attributes[ATTR_HOOK_NAME] },
    seconds,
  );
};
