import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { RecordingSpan, ScopeInfo } from './span.js';
import { hrToNanosString } from './time.js';

/**
 * OTLP/JSON encoding (the `ExportTraceServiceRequest` of the OTLP specification), as the
 * `otlpjsonfile` receiver of the OpenTelemetry Collector reads it: ids in hex, 64-bit integers
 * and timestamps as decimal strings, enums as numbers. The line is built as a string, not with
 * JSON.stringify of nested key/value objects (which was most of an event's cost); strings are
 * still escaped by JSON.stringify, so the text is what JSON.stringify of that structure gives.
 */

/** JSON text of a value: a string escaped, a number as JSON writes it (NaN: null). */
function json(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

// Attribute keys and most values repeat from span to span (names, kinds, models), and escaping a
// string costs several times a Map lookup: the JSON text of short strings is kept, up to a bound.
const MAX_MEMO_ENTRIES = 1024;
const MAX_MEMO_LENGTH = 128;
const memo = new Map<string, string>();

/** JSON text of a string (`json`, remembered for short strings). */
function str(s: string): string {
  let text = memo.get(s);
  if (text === undefined) {
    text = json(s);
    if (typeof s === 'string' && s.length <= MAX_MEMO_LENGTH && memo.size < MAX_MEMO_ENTRIES) {
      memo.set(s, text);
    }
  }
  return text;
}

/** An AnyValue, or '' for what OTLP cannot carry (null, undefined, objects). */
function anyValue(v: AttributeValue): string {
  switch (typeof v) {
    case 'string':
      return `{"stringValue":${str(v)}}`;
    case 'boolean':
      return v ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'number':
      if (Number.isInteger(v)) return `{"intValue":"${v}"}`;
      // JSON has no NaN or Infinity: null, as JSON.stringify writes them.
      return `{"doubleValue":${Number.isFinite(v) ? v : 'null'}}`;
    default: {
      if (!Array.isArray(v)) return '';
      let values = '';
      for (const item of v as unknown[]) {
        if (item === null || item === undefined) continue;
        const enc = anyValue(item as AttributeValue);
        if (enc) values += values ? `,${enc}` : enc;
      }
      return `{"arrayValue":{"values":[${values}]}}`;
    }
  }
}

/** The JSON array of OTLP KeyValues for `attributes` (null and undefined values left out). */
export function encodeKeyValues(attributes: Attributes): string {
  let out = '';
  for (const key in attributes) {
    const v = attributes[key];
    if (v === undefined || v === null) continue;
    const value = anyValue(v);
    if (value) out += `${out ? ',' : ''}{"key":${str(key)},"value":${value}}`;
  }
  return `[${out}]`;
}

function encodeSpan(span: RecordingSpan): string {
  const ctx = span.spanContext();
  let out =
    `{"traceId":"${ctx.traceId}","spanId":"${ctx.spanId}","name":${str(span.name)}` +
    // OTLP's SpanKind is the API's plus one (0 is UNSPECIFIED).
    `,"kind":${json(span.kind + 1)},"startTimeUnixNano":"${hrToNanosString(span.startTime)}"` +
    `,"endTimeUnixNano":"${hrToNanosString(span.endTime ?? span.startTime)}"` +
    `,"attributes":${encodeKeyValues(span.attributes)}`;
  if (ctx.traceState) out += `,"traceState":${str(ctx.traceState.serialize())}`;
  if (span.parent) out += `,"parentSpanId":${str(span.parent.spanId)}`;
  if (span.droppedAttributes) out += `,"droppedAttributesCount":${span.droppedAttributes}`;
  if (span.events.length) {
    out += `,"events":[${span.events
      .map(
        (e) =>
          `{"timeUnixNano":"${hrToNanosString(e.time)}","name":${str(e.name)}` +
          `,"attributes":${encodeKeyValues(e.attributes)}}`,
      )
      .join(',')}]`;
  }
  if (span.links.length) {
    out += `,"links":[${span.links
      .map(
        (l) =>
          `{"traceId":${str(l.context.traceId)},"spanId":${str(l.context.spanId)}` +
          `,"attributes":${encodeKeyValues(l.attributes ?? {})}}`,
      )
      .join(',')}]`;
  }
  const { code, message } = span.status;
  if (code !== 0) {
    out += `,"status":{"code":${json(code)}${message ? `,"message":${str(message)}` : ''}}`;
  }
  return `${out}}`;
}

/**
 * One spool line: an export request holding every span of the batch, grouped by scope.
 * `resource` is the resource's attributes as `encodeKeyValues` wrote them.
 */
export function encodeExportRequest(resource: string, spans: readonly RecordingSpan[]): string {
  const scopes = new Map<string, { scope: ScopeInfo; spans: string }>();
  for (const span of spans) {
    const key = `${span.scope.name}@${span.scope.version ?? ''}`;
    const group = scopes.get(key);
    if (group) group.spans += `,${encodeSpan(span)}`;
    else scopes.set(key, { scope: span.scope, spans: encodeSpan(span) });
  }
  let scopeSpans = '';
  for (const { scope, spans: encoded } of scopes.values()) {
    const version = scope.version ? `,"version":${str(scope.version)}` : '';
    if (scopeSpans) scopeSpans += ',';
    scopeSpans += `{"scope":{"name":${str(scope.name)}${version}},"spans":[${encoded}]}`;
  }
  return `{"resourceSpans":[{"resource":{"attributes":${resource}},"scopeSpans":[${scopeSpans}]}]}`;
}
