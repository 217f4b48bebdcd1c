/**
 * Decodes OTLP/JSON trace export requests (one spool line, or an OTLP/HTTP JSON body) into the
 * flat spans metric derivation needs. Lenient where the OTLP JSON mapping allows variants
 * (64-bit integers as strings or numbers), strict about structure: anything that is not an
 * export request is rejected with a reason, never thrown.
 */

import type { OtlpSignal } from '@hookscope/catalog';

export type AttrValue = string | number | boolean;

/** How each signal's export request nests in OTLP/JSON: resources, their scopes, the items. */
export const OTLP_JSON_LAYOUT = {
  traces: { resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans' },
  metrics: { resources: 'resourceMetrics', scopes: 'scopeMetrics', items: 'metrics' },
  logs: { resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords' },
} as const satisfies Record<OtlpSignal, { resources: string; scopes: string; items: string }>;

/**
 * Visits every item (span, metric, log record) of an export request with its resource's
 * attributes. Returns why the body is not such a request, if it is not (missing lists may be
 * absent: proto3's JSON mapping omits empty ones, except the top-level one hookscope requires).
 */
export function walkExportRequest(
  body: unknown,
  signal: OtlpSignal,
  visit: (item: unknown, resource: Record<string, AttrValue>) => void,
): string | undefined {
  const { resources, scopes, items } = OTLP_JSON_LAYOUT[signal];
  if (!isObject(body) || !Array.isArray(body[resources])) return `no ${resources} array`;
  for (const r of body[resources]) {
    if (!isObject(r)) return `${resources} entry is not an object`;
    const resource = isObject(r['resource']) ? attributesOf(r['resource']['attributes']) : {};
    const scopeList = r[scopes] ?? [];
    if (!Array.isArray(scopeList)) return `${scopes} is not an array`;
    for (const sc of scopeList) {
      if (!isObject(sc)) return `${scopes} entry is not an object`;
      const list = sc[items] ?? [];
      if (!Array.isArray(list)) return `${items} is not an array`;
      for (const item of list) visit(item, resource);
    }
  }
  return undefined;
}

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
  const spans: IngestSpan[] = [];
  let rejectedSpans = 0;
  const detail = walkExportRequest(body, 'traces', (raw, resource) => {
    const span = decodeSpan(raw, resource);
    if (span) spans.push(span);
    else rejectedSpans++;
  });
  if (detail) return { ok: false, reason: 'not_otlp', detail };
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
