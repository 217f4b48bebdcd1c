import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

/** One OTLP/HTTP export as the agent sent it, and the answer the collector gave. */
export interface TeedExport {
  signal: 'traces' | 'metrics' | 'logs' | string;
  contentType: string;
  body: Buffer;
  status: number;
  answer: Buffer;
}

export interface OtlpTee {
  /** Base URL to give the agent as its OTLP endpoint. */
  url: string;
  exports: TeedExport[];
  close: () => Promise<void>;
}

/**
 * A tee in front of the collector's OTLP/HTTP receiver: every export is recorded as sent (body
 * uncompressed) and passed on unchanged; the agent gets the collector's own answer. What the
 * agent sent can then be compared with what the collector made of it.
 */
export async function startOtlpTee(target: string): Promise<OtlpTee> {
  const exports: TeedExport[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const headers = { ...req.headers, host: new URL(target).host };
      const fwd = httpRequest(
        `${target}${req.url ?? '/'}`,
        { method: req.method, headers },
        (answer) => {
          const back: Buffer[] = [];
          answer.on('data', (c: Buffer) => back.push(c));
          answer.on('end', () => {
            const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
            exports.push({
              signal: (req.url ?? '').replace(/^\/v1\//, ''),
              contentType: String(req.headers['content-type'] ?? ''),
              body,
              status: answer.statusCode ?? 0,
              answer: Buffer.concat(back),
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(back));
          });
        },
      );
      fwd.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      fwd.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Scalar = string | number | boolean;

export interface SentEvent {
  name: string;
  attributes: Record<string, Scalar>;
}
export interface SentPoint {
  metric: string;
  /** 1 delta, 2 cumulative. */
  temporality: number;
  value: number;
  attributes: Record<string, Scalar>;
}
export interface SentSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Record<string, Scalar>;
}

/** Everything a list of exports carried, decoded from OTLP/JSON or OTLP/protobuf. */
export function decodeExports(exports: TeedExport[]): {
  events: SentEvent[];
  points: SentPoint[];
  spans: SentSpan[];
} {
  const events: SentEvent[] = [];
  const points: SentPoint[] = [];
  const spans: SentSpan[] = [];
  for (const e of exports) {
    const proto = e.contentType.includes('protobuf');
    const req = proto ? decodeProto(e.signal, e.body) : JSON.parse(e.body.toString('utf8'));
    for (const rl of req.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const r of sl.logRecords ?? []) {
          const attributes = attrs(r.attributes);
          events.push({ name: String(attributes['event.name'] ?? scalar(r.body)), attributes });
        }
      }
    }
    for (const rm of req.resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const sum = m.sum ?? m.gauge;
          for (const p of sum?.dataPoints ?? []) {
            points.push({
              metric: m.name,
              temporality: Number(sum.aggregationTemporality ?? 0),
              value: Number(p.asDouble ?? p.asInt ?? 0),
              attributes: attrs(p.attributes),
            });
          }
          // A histogram point is one record too; its value here is its count.
          for (const p of m.histogram?.dataPoints ?? []) {
            points.push({
              metric: m.name,
              temporality: Number(m.histogram.aggregationTemporality ?? 0),
              value: Number(p.count ?? 0),
              attributes: attrs(p.attributes),
            });
          }
        }
      }
    }
    for (const rs of req.resourceSpans ?? []) {
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          const id = (v: string | undefined) =>
            proto ? Buffer.from(v ?? '', 'base64').toString('hex') : (v ?? '');
          spans.push({
            name: s.name,
            traceId: id(s.traceId),
            spanId: id(s.spanId),
            parentSpanId: id(s.parentSpanId),
            attributes: attrs(s.attributes),
          });
        }
      }
    }
  }
  return { events, points, spans };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded OTLP, read defensively
type Json = any;

function attrs(list: Json[] | undefined): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const kv of list ?? []) out[kv.key] = scalar(kv.value);
  return out;
}

function scalar(v: Json): Scalar {
  if (!v) return '';
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.boolValue !== undefined) return Boolean(v.boolValue);
  return JSON.stringify(v);
}

/**
 * OTLP/protobuf export requests, with the fields read here declared by hand from
 * opentelemetry-proto (not with the collector's schema, so a mistake there cannot cancel out).
 */
const OTLP = protobuf.parse(
  `syntax = "proto3";
  message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
    double double_value = 4; bytes bytes_value = 7; } }
  message KeyValue { string key = 1; AnyValue value = 2; }
  message Resource { repeated KeyValue attributes = 1; }
  message LogsReq { repeated ResourceLogs resource_logs = 1; }
  message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
  message ScopeLogs { repeated LogRecord log_records = 2; }
  message LogRecord { AnyValue body = 5; repeated KeyValue attributes = 6; string event_name = 12; }
  message MetricsReq { repeated ResourceMetrics resource_metrics = 1; }
  message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
  message ScopeMetrics { repeated Metric metrics = 2; }
  message Metric { string name = 1; Gauge gauge = 5; Sum sum = 7; }
  message Gauge { repeated NumberDataPoint data_points = 1; }
  message Sum { repeated NumberDataPoint data_points = 1; int32 aggregation_temporality = 2; }
  message NumberDataPoint { double as_double = 4; sfixed64 as_int = 6; repeated KeyValue attributes = 7; }
  message TracesReq { repeated ResourceSpans resource_spans = 1; }
  message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
  message ScopeSpans { repeated Span spans = 2; }
  message Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5;
    repeated KeyValue attributes = 9; }`,
).root;

function decodeProto(signal: string, body: Buffer): Json {
  const type = OTLP.lookupType(
    signal === 'logs' ? 'LogsReq' : signal === 'metrics' ? 'MetricsReq' : 'TracesReq',
  );
  return type.toObject(type.decode(body), { longs: String, bytes: String, oneofs: false });
}
