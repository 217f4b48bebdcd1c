import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SpoolSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  status?: { code: number };
}

/** Every span in the spool's files, with its resource attributes. */
export function readSpool(dir: string): { span: SpoolSpan; resource: Record<string, unknown> }[] {
  const out: { span: SpoolSpan; resource: Record<string, unknown> }[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line) continue;
      const req = JSON.parse(line) as {
        resourceSpans: {
          resource: { attributes: SpoolSpan['attributes'] };
          scopeSpans: { spans: SpoolSpan[] }[];
        }[];
      };
      for (const rs of req.resourceSpans) {
        const resource = attrs(rs.resource.attributes);
        for (const ss of rs.scopeSpans) for (const span of ss.spans) out.push({ span, resource });
      }
    }
  }
  return out;
}

/** A span's attributes as a plain object. */
export function attrs(list: SpoolSpan['attributes']): Record<string, unknown> {
  return Object.fromEntries(list.map((kv) => [kv.key, Object.values(kv.value)[0]]));
}

/** Span duration in seconds, exactly as the collector computes it. */
export function durationSeconds(span: SpoolSpan): number {
  const split = (v: string) => [Number(v.slice(0, -9) || '0'), Number(v.slice(-9))] as const;
  const [s0, n0] = split(span.startTimeUnixNano);
  const [s1, n1] = split(span.endTimeUnixNano);
  return s1 - s0 + (n1 - n0) / 1e9;
}

/** A span's attributes with their OTLP types decoded: integers as numbers, arrays as arrays. */
export function typedAttrs(list: SpoolSpan['attributes']): Record<string, unknown> {
  return Object.fromEntries(list.map((kv) => [kv.key, anyValue(kv.value)]));
}

function anyValue(v: Record<string, unknown>): unknown {
  if ('intValue' in v) return Number(v['intValue']);
  if ('arrayValue' in v) {
    return ((v['arrayValue'] as { values?: Record<string, unknown>[] }).values ?? []).map(anyValue);
  }
  return Object.values(v)[0];
}
