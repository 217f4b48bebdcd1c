import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOKSCOPE_KIND,
  ATTR_VALIDATION_NAME,
  ATTR_VALIDATION_OUTCOME,
  KIND_VALIDATION,
  type ValidationOutcome,
  VALIDATION_OUTCOMES,
} from '@hookscope/catalog';
import { currentHook, traceWork } from './telemetry.js';
import { RecordingSpan } from '@hookscope/runtime';
import { isInput, recordWork, seconds, text } from './work.js';

/** A finished validation, for `recordValidation` and `hookscope emit validation`. */
export interface ValidationRecord {
  /** Stable validator name, a metric label (e.g. `physics-units`). */
  name: string;
  seconds: number;
  outcome: ValidationOutcome;
  /** The hook it ran in; default: the active `traceHook`, else `HOOKSCOPE_HOOK_EVENT`/`_NAME`. */
  hookEvent?: string;
  hookName?: string;
}

function validationAttributes(name: string, hookEvent?: string, hookName?: string): Attributes {
  const hook = currentHook();
  return {
    [ATTR_HOOKSCOPE_KIND]: KIND_VALIDATION,
    [ATTR_VALIDATION_NAME]: name,
    [ATTR_HOOK_EVENT]: text(hookEvent) ?? hook?.event,
    [ATTR_HOOK_NAME]: text(hookName) ?? hook?.name,
  };
}

/**
 * Runs validator `fn` (sync or async) in a span under the active hook span, attributed to that
 * hook so that validation's share of hook time can be computed. Returns what `fn` returns and
 * rethrows what it throws, unchanged. Outcome: `error` if it throws, `failed` if it returns (or
 * resolves to) `false`, else `passed`; `fn` may also set `hookscope.validation.outcome` itself.
 */
export function traceValidation<T>(name: string, fn: (span: Span) => T): T {
  return traceWork(`validate ${name}`, validationAttributes(name), fn, (span, err, result) => {
    if (span instanceof RecordingSpan && span.attributes[ATTR_VALIDATION_OUTCOME] !== undefined) {
      return;
    }
    const outcome: ValidationOutcome =
      err !== undefined ? 'error' : result === false ? 'failed' : 'passed';
    span.setAttribute(ATTR_VALIDATION_OUTCOME, outcome);
  });
}

/** Records a validation that already happened (measured by the caller). */
export function recordValidation(validation: ValidationRecord): void {
  try {
    if (!isInput(validation)) return;
    const outcome = (VALIDATION_OUTCOMES as readonly string[]).includes(validation.outcome)
      ? validation.outcome
      : undefined;
    const attrs = validationAttributes(validation.name, validation.hookEvent, validation.hookName);
    attrs[ATTR_VALIDATION_OUTCOME] = outcome;
    recordWork(
      `validate ${validation.name}`,
      attrs,
      seconds(validation.seconds),
      outcome === 'error' ? 'validation_error' : undefined,
    );
  } catch {
    // Fail open.
  }
}
