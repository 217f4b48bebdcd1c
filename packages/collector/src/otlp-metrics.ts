import { attributesOf, isObject, type AttrValue } from './otlp-json.js';

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
  if (!isObject(body) || !Array.isArray(body['resourceMetrics'])) {
    return { ok: false, detail: 'no resourceMetrics array' };
  }
  const points: IngestPoint[] = [];
  let rejected = 0;
  for (const rm of body['resourceMetrics']) {
    if (!isObject(rm)) return { ok: false, detail: 'resourceMetrics entry is not an object' };
    const resource = isObject(rm['resource']) ? attributesOf(rm['resource']['attributes']) : {};
    const scopeMetrics = rm['scopeMetrics'] ?? [];
    if (!Array.isArray(scopeMetrics)) return { ok: false, detail: 'scopeMetrics is not an array' };
    for (const sm of scopeMetrics) {
      if (!isObject(sm)) return { ok: false, detail: 'scopeMetrics entry is not an object' };
      const metrics = sm['metrics'] ?? [];
      if (!Array.isArray(metrics)) return { ok: false, detail: 'metrics is not an array' };
      for (const m of metrics) {
        if (!isObject(m) || typeof m['name'] !== 'string') {
          rejected++;
          continue;
        }
        const kind = KINDS.find((k) => isObject(m[k])) ?? 'none';
        const data = kind === 'none' ? {} : (m[kind] as Record<string, unknown>);
        const list = data['dataPoints'] ?? [];
        if (!Array.isArray(list)) {
          rejected++;
          continue;
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
      }
    }
  }
  return { ok: true, points, rejected };
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
