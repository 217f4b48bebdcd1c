import {
  CC_ATTR_START_TYPE,
  CC_RESTART_START_TYPES,
  CLAUDE_CODE_COUNTERS,
  CLAUDE_CODE_ID_LABELS,
  CLAUDE_CODE_SESSIONS,
  CONVERSATION_RESTARTS,
  type ClaudeCodeProcessType,
  type MetricDef,
  type OtlpRecordResult,
} from '@hookscope/catalog';
import type { CumulativeTracker } from '../cumulative.js';
import type { MetricStore, Labels } from '../metric-store.js';
import type { AttrValue } from '../otlp-json-decode.js';
import { TEMPORALITY_CUMULATIVE, TEMPORALITY_DELTA, type IngestPoint } from '../otlp-metrics.js';
import { labelFrom } from './span-values.js';

const BY_INSTRUMENT = new Map(CLAUDE_CODE_COUNTERS.map((d) => [d.instrument!, d]));

/**
 * Claude Code's counters, passed through under their catalog names. Delta points (Claude Code's
 * default) are added; cumulative points add their increase. Labels come from the point's
 * attributes (then the resource's), so ids and custom resource attributes are dropped unless
 * the user opted in to the id labels. Sessions resumed or continued also count as restarts of
 * the main conversation (the shared conversation metric).
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
  const labels = labelsOf(def, point, idLabels);
  store.add(def, labels, delta);
  const startType = labels[CC_ATTR_START_TYPE];
  if (def === CLAUDE_CODE_SESSIONS && CC_RESTART_START_TYPES.includes(String(startType))) {
    const main: ClaudeCodeProcessType = 'main';
    store.add(CONVERSATION_RESTARTS, { process_type: main, outcome: 'success' }, delta);
  }
  return 'used';
}

function labelsOf(def: MetricDef, point: IngestPoint, idLabels: boolean): Labels {
  const attrs = { ...point.resource, ...point.attributes };
  const labels: Labels = {};
  for (const l of def.labels) labels[l] = labelFrom(attrs, l);
  if (idLabels) {
    // Opted-in ids are the point of these labels: kept as they are, within the series cap.
    for (const [label, key] of Object.entries(CLAUDE_CODE_ID_LABELS)) labels[label] = attrs[key];
  }
  return labels;
}

/** What tells two cumulative series apart: metric, resource and point attributes. */
export function streamIdentity(point: IngestPoint): string {
  const sorted = (r: Record<string, AttrValue>) =>
    JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${point.metric}\u0000${sorted(point.resource)}\u0000${sorted(point.attributes)}`;
}
