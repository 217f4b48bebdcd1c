import {
  CLAUDE_CODE_COUNTERS,
  CLAUDE_CODE_ID_LABELS,
  type MetricDef,
  type OtlpRecordResult,
} from '@hookscope/catalog';
import type { CumulativeTracker } from '../cumulative.js';
import type { MetricStore, Labels } from '../metric-store.js';
import type { AttrValue } from '../otlp-json.js';
import { TEMPORALITY_CUMULATIVE, TEMPORALITY_DELTA, type IngestPoint } from '../otlp-metrics.js';

const BY_INSTRUMENT = new Map(CLAUDE_CODE_COUNTERS.map((d) => [d.instrument!, d]));

/**
 * Claude Code's counters, passed through under their catalog names. Delta points (Claude Code's
 * default) are added; cumulative points add their increase. Labels come from the point's
 * attributes (then the resource's), so ids and custom resource attributes are dropped unless
 * the user opted in to the id labels.
 */
export function passThroughClaudeCodeCounter(
  point: IngestPoint,
  store: MetricStore,
  cumulative: CumulativeTracker,
  idLabels: boolean,
): OtlpRecordResult {
  const def = BY_INSTRUMENT.get(point.metric);
  if (!def) return 'unknown';
  if (point.kind !== 'sum' || point.value === undefined || point.value < 0) return 'invalid';
  let delta: number;
  if (point.temporality === TEMPORALITY_DELTA) {
    delta = point.value;
  } else if (point.temporality === TEMPORALITY_CUMULATIVE) {
    delta = cumulative.increase(streamIdentity(point), point.startNano, point.value);
  } else {
    return 'invalid';
  }
  store.add(def, labelsOf(def, point, idLabels), delta);
  return 'used';
}

function labelsOf(def: MetricDef, point: IngestPoint, idLabels: boolean): Labels {
  const get = (key: string): AttrValue | undefined => point.attributes[key] ?? point.resource[key];
  const labels: Labels = {};
  for (const l of def.labels) labels[l] = get(l);
  if (idLabels)
    for (const [label, key] of Object.entries(CLAUDE_CODE_ID_LABELS)) labels[label] = get(key);
  return labels;
}

/** What tells two cumulative series apart: metric, resource and point attributes. */
function streamIdentity(point: IngestPoint): string {
  const sorted = (r: Record<string, AttrValue>) =>
    JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${point.metric}\u0000${sorted(point.resource)}\u0000${sorted(point.attributes)}`;
}
