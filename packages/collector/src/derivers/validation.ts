import {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOKSCOPE_KIND,
  ATTR_VALIDATION_NAME,
  ATTR_VALIDATION_OUTCOME,
  KIND_VALIDATION,
  UNKNOWN_LABEL_VALUE,
  VALIDATION_DURATION_SECONDS,
  VALIDATION_OUTCOMES,
} from '@hookscope/catalog';
import type { Deriver } from './types.js';
import { isTimed, labelOf } from './span-values.js';

const OUTCOMES = new Set<unknown>(VALIDATION_OUTCOMES);

/** Validator spans: duration by the hook they ran in, validator and outcome. */
export const deriveValidation: Deriver = (span, store) => {
  if (span.attributes[ATTR_HOOKSCOPE_KIND] !== KIND_VALIDATION || !isTimed(span)) return;
  const raw = span.attributes[ATTR_VALIDATION_OUTCOME];
  const outcome = OUTCOMES.has(raw)
    ? raw
    : raw === undefined
      ? span.statusCode === 2
        ? 'error'
        : 'passed'
      : UNKNOWN_LABEL_VALUE;
  store.observe(
    VALIDATION_DURATION_SECONDS,
    {
      hook_event: labelOf(span, ATTR_HOOK_EVENT),
      hook_name: labelOf(span, ATTR_HOOK_NAME),
      validator: labelOf(span, ATTR_VALIDATION_NAME),
      outcome: outcome as string,
    },
    span.durationSeconds,
  );
};
