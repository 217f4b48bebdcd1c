import { attributesOf, isObject, walkExportRequest, type AttrValue } from './otlp-json-decode.js';

/**
 * Decodes OTLP/JSON metrics export requests (a spool line, or an OTLP/HTTP body after protobuf
 * conversion) into flat number data points. Strict about structure (anything that is not an
 * export request is rejected with a reason), lenient about the variants OTLP/JSON allows.
 */

/** OTLP AggregationTemporality. */
export const TEMPORALITY_DELTA = 1;
export const TEMPORALITY_CUMULATIVE = 2;

export interface IngestPoint {
  /** The metric's (instrument's) name. */
  metric: string;
  /** Kind of the metric's data: only `sum` and `gauge` points carry a `value`. */
  kind: 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary' | 'none';
  temporality: number;
  /** Start of a cumulative series, as OTLP's decimal nanosecond string ('' when absent). */
  startNano: string;
  value: number | undefined;
  attributes: Record<string, AttrValue>;
  resource: Record<string, AttrValue>;
}

export type MetricsDecodeResult =
  { ok: true; points: IngestPoint[]; rejected: number } | { ok: false; detail: string };

const KINDS = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const;

export function decodeMetricsRequest(body: unknown): MetricsDecodeResult {
  const points: IngestPoint[] = [];
  let rejected = 0;
  const detail = walkExportRequest(body, 'metrics', (m, resource) => {
    if (!isObject(m) || typeof m['name'] !== 'string') {
      rejected++;
      return;
    }
    const kind = KINDS.find((k) => isObject(m[k])) ?? 'none';
    const data = kind === 'none' ? {} : (m[kind] as Record<string, unknown>);
    const list = data['dataPoints'] ?? [];
    if (!Array.isArray(list)) {
      rejected++;
      return;
    }
    const temporality = Number(data['aggregationTemporality'] ?? 0);
    for (const dp of list) {
      if (!isObject(dp)) {
        rejected++;
        continue;
      }
      let value: number | undefined;
      if (kind === 'sum' || kind === 'gauge') {
        value = numberOf(dp['asDouble'] ?? dp['asInt']);
        if (value === undefined) {
          rejected++;
          continue;
        }
      }
      const start = dp['startTimeUnixNano'];
      points.push({
        metric: m['name'],
        kind,
        temporality: Number.isInteger(temporality) ? temporality : 0,
        startNano: typeof start === 'string' || typeof start === 'number' ? String(start) : '',
        value,
        attributes: attributesOf(dp['attributes']),
        resource,
      });
    }
  });
  return detail ? { ok: false, detail } : { ok: true, points, rejected };
}

/** A number, or a numeric string (OTLP/JSON writes 64-bit integers as strings). */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
