/**
 * Decodes OTLP/JSON trace export requests (one spool line, or an OTLP/HTTP JSON body) into the
 * flat spans metric derivation needs. Lenient where the OTLP JSON mapping allows variants
 * (64-bit integers as strings or numbers), strict about structure: anything that is not an
 * export request is rejected with a reason, never thrown.
 */

export type AttrValue = string | number | boolean;

export interface IngestSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** End time, milliseconds since the epoch. */
  endMs: number;
  durationSeconds: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  attributes: Record<string, AttrValue>;
  resource: Record<string, AttrValue>;
  events: { name: string; attributes: Record<string, AttrValue> }[];
}

export type DecodeResult =
  | { ok: true; spans: IngestSpan[]; rejectedSpans: number }
  | { ok: false; reason: 'not_otlp'; detail: string };

const HEX = /^[0-9a-fA-F]+$/;

export function decodeTraceRequest(body: unknown): DecodeResult {
  if (!isObject(body) || !Array.isArray(body['resourceSpans'])) {
    return { ok: false, reason: 'not_otlp', detail: 'no resourceSpans array' };
  }
  const spans: IngestSpan[] = [];
  let rejectedSpans = 0;
  for (const rs of body['resourceSpans']) {
    if (!isObject(rs))
      return { ok: false, reason: 'not_otlp', detail: 'resourceSpans entry is not an object' };
    const resource = isObject(rs['resource']) ? attributesOf(rs['resource']['attributes']) : {};
    const scopeSpans = rs['scopeSpans'] ?? [];
    if (!Array.isArray(scopeSpans))
      return { ok: false, reason: 'not_otlp', detail: 'scopeSpans is not an array' };
    for (const ss of scopeSpans) {
      if (!isObject(ss))
        return { ok: false, reason: 'not_otlp', detail: 'scopeSpans entry is not an object' };
      const list = ss['spans'] ?? [];
      if (!Array.isArray(list))
        return { ok: false, reason: 'not_otlp', detail: 'spans is not an array' };
      for (const raw of list) {
        const span = decodeSpan(raw, resource);
        if (span) spans.push(span);
        else rejectedSpans++;
      }
    }
  }
  return { ok: true, spans, rejectedSpans };
}

function decodeSpan(raw: unknown, resource: Record<string, AttrValue>): IngestSpan | undefined {
  if (!isObject(raw)) return undefined;
  const { traceId, spanId, name } = raw;
  if (typeof traceId !== 'string' || traceId.length !== 32 || !HEX.test(traceId)) return undefined;
  if (typeof spanId !== 'string' || spanId.length !== 16 || !HEX.test(spanId)) return undefined;
  if (typeof name !== 'string') return undefined;
  const start = nanos(raw['startTimeUnixNano']);
  const end = nanos(raw['endTimeUnixNano']);
  if (!start || !end) return undefined;
  const durationSeconds = end[0] - start[0] + (end[1] - start[1]) / 1e9;
  if (!(durationSeconds >= 0)) return undefined;
  const parent = raw['parentSpanId'];
  const status = isObject(raw['status']) ? Number(raw['status']['code'] ?? 0) : 0;
  const events: IngestSpan['events'] = [];
  if (Array.isArray(raw['events'])) {
    for (const e of raw['events']) {
      if (isObject(e) && typeof e['name'] === 'string') {
        events.push({ name: e['name'], attributes: attributesOf(e['attributes']) });
      }
    }
  }
  return {
    traceId: traceId.toLowerCase(),
    spanId: spanId.toLowerCase(),
    parentSpanId:
      typeof parent === 'string' && parent.length === 16 && HEX.test(parent)
        ? parent.toLowerCase()
        : undefined,
    name,
    endMs: end[0] * 1000 + end[1] / 1e6,
    durationSeconds,
    statusCode: status === 1 || status === 2 ? status : 0,
    attributes: attributesOf(raw['attributes']),
    resource,
    events,
  };
}

/** A fixed64 nanosecond timestamp as [seconds, nanoseconds], without losing precision. */
function nanos(v: unknown): [number, number] | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return undefined;
    const s = Math.floor(v / 1e9);
    return [s, v - s * 1e9];
  }
  if (typeof v !== 'string' || !/^\d{1,20}$/.test(v)) return undefined;
  const s = v.length > 9 ? Number(v.slice(0, -9)) : 0;
  return [s, Number(v.slice(-9))];
}

/** OTLP `KeyValue[]` to a plain record of scalar values (arrays and maps are not labels). */
export function attributesOf(list: unknown): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv['key'] !== 'string' || !isObject(kv['value'])) continue;
    const v = kv['value'];
    if (typeof v['stringValue'] === 'string') out[kv['key']] = v['stringValue'];
    else if (typeof v['boolValue'] === 'boolean') out[kv['key']] = v['boolValue'];
    else if (v['intValue'] !== undefined) {
      const n = Number(v['intValue']);
      if (Number.isFinite(n)) out[kv['key']] = n;
    } else if (typeof v['doubleValue'] === 'number') out[kv['key']] = v['doubleValue'];
  }
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
