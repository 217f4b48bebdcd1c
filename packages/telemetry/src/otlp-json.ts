import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { RecordingSpan } from './span.js';
import { hrToNanosString } from './time.js';

/**
 * OTLP/JSON encoding (the `ExportTraceServiceRequest` of the OTLP specification), as the
 * `otlpjsonfile` receiver of the OpenTelemetry Collector reads it: ids in hex, 64-bit integers
 * and timestamps as decimal strings, enums as numbers.
 */
type KeyValue = { key: string; value: AnyValue };
type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } };

function anyValue(v: AttributeValue): AnyValue | undefined {
  switch (typeof v) {
    case 'string':
      return { stringValue: v };
    case 'boolean':
      return { boolValue: v };
    case 'number':
      return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
    default:
      if (Array.isArray(v)) {
        const values: AnyValue[] = [];
        for (const item of v as unknown[]) {
          if (item === null || item === undefined) continue;
          const enc = anyValue(item as AttributeValue);
          if (enc) values.push(enc);
        }
        return { arrayValue: { values } };
      }
      return undefined;
  }
}

export function keyValues(attributes: Attributes): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key in attributes) {
    const v = attributes[key];
    if (v === undefined || v === null) continue;
    const value = anyValue(v);
    if (value) out.push({ key, value });
  }
  return out;
}

function encodeSpan(span: RecordingSpan): object {
  const ctx = span.spanContext();
  const out: Record<string, unknown> = {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    name: span.name,
    // OTLP's SpanKind is the API's plus one (0 is UNSPECIFIED).
    kind: span.kind + 1,
    startTimeUnixNano: hrToNanosString(span.startTime),
    endTimeUnixNano: hrToNanosString(span.endTime ?? span.startTime),
    attributes: keyValues(span.attributes),
  };
  if (ctx.traceState) out['traceState'] = ctx.traceState.serialize();
  if (span.parent) out['parentSpanId'] = span.parent.spanId;
  if (span.droppedAttributes) out['droppedAttributesCount'] = span.droppedAttributes;
  if (span.events.length) {
    out['events'] = span.events.map((e) => ({
      timeUnixNano: hrToNanosString(e.time),
      name: e.name,
      attributes: keyValues(e.attributes),
    }));
  }
  if (span.links.length) {
    out['links'] = span.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      attributes: keyValues(l.attributes ?? {}),
    }));
  }
  if (span.status.code !== 0) {
    out['status'] = span.status.message
      ? { code: span.status.code, message: span.status.message }
      : { code: span.status.code };
  }
  return out;
}

/** One spool line: an export request holding every span of the batch, grouped by scope. */
export function encodeExportRequest(resource: KeyValue[], spans: readonly RecordingSpan[]): string {
  const scopes = new Map<string, { scope: object; spans: object[] }>();
  for (const span of spans) {
    const key = `${span.scope.name}@${span.scope.version ?? ''}`;
    let group = scopes.get(key);
    if (!group) {
      const scope: Record<string, string> = { name: span.scope.name };
      if (span.scope.version) scope['version'] = span.scope.version;
      group = { scope, spans: [] };
      scopes.set(key, group);
    }
    group.spans.push(encodeSpan(span));
  }
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [...scopes.values()] }],
  });
}
