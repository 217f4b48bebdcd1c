import { ATTR_UNTIMED, looksLikeId, OVERFLOW_LABEL_VALUE } from '@hookscope/catalog';
import type { AttrValue, IngestSpan } from '../otlp-json-decode.js';

/** Reading span attributes for derivers: labels guarded against ids, numbers checked. */

/** A label value from a span attribute; undefined (-> `unknown`) when absent, `other` for ids. */
export function labelOf(span: IngestSpan, key: string): string | undefined {
  return labelFrom(span.attributes, key);
}

/** A label value from any attributes (log records, data points), guarded like `labelOf`. */
export function labelFrom(attributes: Record<string, AttrValue>, key: string): string | undefined {
  const v = attributes[key];
  if (v === undefined || v === '') return undefined;
  const s = String(v);
  return looksLikeId(s) ? OVERFLOW_LABEL_VALUE : s;
}

/** A non-negative finite number from a span attribute, else undefined. */
export function amountOf(span: IngestSpan, key: string): number | undefined {
  const v = span.attributes[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** `success` or `error` from the span status, as for any OpenTelemetry span. */
export function statusOutcome(span: IngestSpan): 'success' | 'error' {
  return span.statusCode === 2 ? 'error' : 'success';
}

/** Whether the span's duration was measured (see ATTR_UNTIMED). */
export function isTimed(span: IngestSpan): boolean {
  return span.attributes[ATTR_UNTIMED] !== true;
}
