import {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OVERHEAD,
  ATTR_HOOKSCOPE_KIND,
  HOOK_OVERHEAD_SECONDS,
  KIND_HOOK,
} from '@hookscope/catalog';
import type { Deriver } from './types.js';
import { amountOf } from './span-values.js';

/** Hook spans that say what hookscope cost them: summed per hook (monitoring overhead). */
export const deriveOverhead: Deriver = (span, store) => {
  if (span.attributes[ATTR_HOOKSCOPE_KIND] !== KIND_HOOK) return;
  const seconds = amountOf(span, ATTR_HOOK_OVERHEAD);
  if (seconds === undefined) return;
  store.add(
    HOOK_OVERHEAD_SECONDS,
    { hook_event: span.attributes[ATTR_HOOK_EVENT], hook_name: span.attributes[ATTR_HOOK_NAME] },
    seconds,
  );
};
