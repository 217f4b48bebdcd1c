import type { Attributes, SpanKind } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_UNTIMED } from '@hookscope/catalog';
import { getTracer } from './telemetry.js';
import { hrMinusSeconds, nowHr, startOwnWork, stopOwnWork } from '@hookscope/runtime';

/**
 * Helpers shared by the record* and trace* functions of each domain: input cleaning (the API
 * never throws, so a bad value is left out rather than rejected) and recording finished work.
 */

/** Whether a record* argument is an object at all (anything else is a caller bug: ignored). */
export function isInput(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

/** `f()`, or `fallback` if it throws (options that are not objects, getters that throw). */
export function attempt<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** A count (tokens, tests, bytes): a non-negative integer, else undefined. */
export function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** A duration or amount in seconds: finite and non-negative, else undefined. */
export function seconds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** A name or id: a non-empty string (numbers are accepted and converted), else undefined. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * Records work that already happened as a span under the active one: it ends now and started
 * `duration` seconds ago (untimed when undefined). `errorType` marks it failed. Never throws.
 */
export function recordWork(
  name: string,
  attributes: Attributes,
  duration: number | undefined,
  errorType?: string,
  kind?: SpanKind,
): void {
  const own = startOwnWork();
  try {
    const end = nowHr();
    if (duration === undefined) attributes[ATTR_UNTIMED] = true;
    if (errorType !== undefined) attributes[ATTR_ERROR_TYPE] = errorType;
    const span = getTracer().startSpan(name, {
      attributes,
      kind,
      startTime: duration === undefined ? end : hrMinusSeconds(end, duration),
    });
    if (errorType !== undefined) span.setStatus({ code: 2 });
    span.end(end);
  } catch {
    // Fail open: recording is never worth an exception in the hook.
  } finally {
    stopOwnWork(own);
  }
}
