import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { spoolFileName } from '@hookscope/runtime';

let seq = 0;
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

export interface HookSpanSpec {
  event: string;
  name: string;
  outcome?: string;
  seconds: number;
  /** End time in ms since the epoch; default now. */
  endMs?: number;
  /** More span attributes, e.g. the CPU and memory `hookscope exec` records. */
  attributes?: Record<string, string | number | boolean>;
}

/** One OTLP/JSON export request (a spool line) holding hook spans. */
export function hookRequest(spans: HookSpanSpec[]): string {
  return spanRequest(
    spans.map((s) => ({
      name: `${s.event} ${s.name}`,
      seconds: s.seconds,
      endMs: s.endMs,
      attributes: {
        'hookscope.kind': 'hook',
        'hookscope.hook.event': s.event,
        'hookscope.hook.name': s.name,
        'hookscope.hook.outcome': s.outcome ?? 'success',
        ...s.attributes,
      },
    })),
  );
}

export interface SpanSpec {
  name: string;
  seconds: number;
  /** End time in ms since the epoch; default now. */
  endMs?: number;
  attributes: Record<string, string | number | boolean>;
  /** OTLP status code: 2 is error. */
  statusCode?: number;
}

/** One OTLP/JSON export request (a spool line) holding any spans, attributes typed as OTLP does. */
export function spanRequest(spans: SpanSpec[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'test' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: spans.map((s) => {
              const endNs = BigInt(Math.round((s.endMs ?? Date.now()) * 1e6));
              const startNs = endNs - BigInt(Math.round(s.seconds * 1e9));
              seq++;
              return {
                traceId: hex(seq, 32),
                spanId: hex(seq, 16),
                name: s.name,
                kind: 1,
                startTimeUnixNano: startNs.toString(),
                endTimeUnixNano: endNs.toString(),
                attributes: Object.entries(s.attributes).map(([key, v]) => ({
                  key,
                  value:
                    typeof v === 'string'
                      ? { stringValue: v }
                      : typeof v === 'boolean'
                        ? { boolValue: v }
                        : Number.isInteger(v)
                          ? { intValue: String(v) }
                          : { doubleValue: v },
                })),
                ...(s.statusCode ? { status: { code: s.statusCode } } : {}),
              };
            }),
          },
        ],
      },
    ],
  });
}

/** The pid of a process that has exited: spool files named for it count as finished. */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

/** A spool file path as a hook process with `pid` on this host would name it. */
export function spoolFile(spoolDir: string, pid: number, tag = 'test'): string {
  return join(spoolDir, spoolFileName(pid, hostname(), Date.now(), tag));
}

/** Appends raw text to a spool file (no newline added). */
export function appendRaw(file: string, text: string): void {
  appendFileSync(file, text);
}

/**
 * An OTLP/protobuf trace export request, encoded here with a few fields declared by hand (not
 * with the collector's schema, so a mistake there cannot cancel out).
 */
const TRACE_PROTO = protobuf
  .parse(
    `syntax = "proto3";
    message Req { repeated RS resource_spans = 1; }
    message RS { repeated SS scope_spans = 2; }
    message SS { repeated Span spans = 2; }
    message Span { bytes trace_id = 1; bytes span_id = 2; string name = 5;
      fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KV attributes = 9; }
    message KV { string key = 1; AV value = 2; }
    message AV { string string_value = 1; }`,
  )
  .root.lookupType('Req');

export interface ProtoSpanSpec {
  name: string;
  /** Nanoseconds since the epoch. */
  start: bigint;
  end: bigint;
  attributes?: Record<string, string>;
}

export function protoSpanRequest(spans: ProtoSpanSpec[]): Uint8Array {
  return TRACE_PROTO.encode(
    TRACE_PROTO.fromObject({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: spans.map((s) => {
                seq++;
                return {
                  traceId: Buffer.from(hex(seq, 32), 'hex'),
                  spanId: Buffer.from(hex(seq, 16), 'hex'),
                  name: s.name,
                  startTimeUnixNano: s.start.toString(),
                  endTimeUnixNano: s.end.toString(),
                  attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({
                    key,
                    value: { stringValue: v },
                  })),
                };
              }),
            },
          ],
        },
      ],
    }),
  ).finish();
}
