import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { emptyResource } from '@opentelemetry/resources';
import {
  COLLECTOR_LABEL_OVERFLOW,
  COLLECTOR_VALUES_REJECTED,
  DEFAULT_MAX_SERIES,
  maxValueOf,
  OVERFLOW_LABEL_VALUE,
  UNKNOWN_LABEL_VALUE,
  type MetricDef,
} from '@hookscope/catalog';

/** Longest label value kept; longer values are cut (a label is a category, not a payload). */
export const MAX_LABEL_VALUE_LENGTH = 128;

interface Series {
  labels: string[];
  /** Counter or gauge value; for histograms, the sum. */
  value: number;
  count: number;
  /** Histograms: per-bucket counts (not cumulative), one more than the bounds (+Inf). */
  buckets: number[] | undefined;
}

interface MetricState {
  def: MetricDef;
  series: Map<string, Series>;
}

export interface StoreSnapshot {
  startMs: number;
  metrics: Record<string, { labels: string[]; value: number; count: number; buckets?: number[] }[]>;
}

export type Labels = Record<string, string | number | boolean | undefined>;

/**
 * The collector's metric state: counters, gauges and explicit-bucket histograms made from
 * catalog entries, with a series cap per metric. It is plain data so that it can be saved in the
 * checkpoint together with the spool offsets it reflects: a restart then continues the same
 * cumulative series, neither losing nor double-counting a span. Exposed to the Prometheus
 * exporter as a MetricProducer.
 */
export class MetricStore implements MetricProducer {
  private readonly metrics = new Map<string, MetricState>();
  private startMs = Date.now();
  private dirty = false;

  constructor(defs: readonly MetricDef[]) {
    for (const def of defs) this.metrics.set(def.name, { def, series: new Map() });
  }

  /** Whether anything changed since the last `snapshot()`. */
  get changed(): boolean {
    return this.dirty;
  }

  /**
   * Every value enters the store through add, set or observe, and only if it is finite and
   * within bounds (counter increments and observations from 0 to the unit's largest plausible
   * value, see maxValueOf), and the sum it makes stays finite: anything else is rejected and
   * counted, so /metrics and the checkpoint only ever hold finite numbers.
   */
  add(def: MetricDef, labels: Labels, delta = 1): void {
    if (!this.inBounds(def, delta)) return this.rejectValue(def);
    const s = this.series(def, labels);
    if (!s) return;
    const next = s.value + delta;
    if (!Number.isFinite(next)) return this.rejectValue(def);
    s.value = next;
  }

  set(def: MetricDef, labels: Labels, value: number): void {
    if (!Number.isFinite(value)) return this.rejectValue(def);
    const s = this.series(def, labels);
    if (s) s.value = value;
  }

  observe(def: MetricDef, labels: Labels, value: number): void {
    if (!this.inBounds(def, value)) return this.rejectValue(def);
    const s = this.series(def, labels);
    if (!s || !s.buckets) return;
    const sum = s.value + value;
    if (!Number.isFinite(sum)) return this.rejectValue(def);
    const bounds = def.buckets!;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    s.buckets[i]!++;
    s.value = sum;
    s.count++;
  }

  private inBounds(def: MetricDef, v: number): boolean {
    return typeof v === 'number' && v >= 0 && v <= maxValueOf(def);
  }

  private rejectValue(def: MetricDef): void {
    if (this.metrics.has(def.name)) this.add(COLLECTOR_VALUES_REJECTED, { metric: def.name });
  }

  /** Current value of a counter or gauge series (tests, health checks). */
  valueOf(def: MetricDef, labels: Labels): number | undefined {
    return this.metrics.get(def.name)?.series.get(this.key(def, labels))?.value;
  }

  private key(def: MetricDef, labels: Labels): string {
    const labelNames = this.metrics.get(def.name)?.def.labels ?? def.labels;
    return labelNames.map((l) => labelValue(labels[l])).join('\u0000');
  }

  private series(def: MetricDef, labels: Labels): Series | undefined {
    const state = this.metrics.get(def.name);
    if (!state) return undefined;
    this.dirty = true;
    // The store's own entry decides the labels: it may carry opted-in labels the caller's lacks.
    const values = state.def.labels.map((l) => labelValue(labels[l]));
    let key = values.join('\u0000');
    let s = state.series.get(key);
    if (s) return s;
    if (state.series.size >= (def.maxSeries ?? DEFAULT_MAX_SERIES)) {
      // Fold into one overflow series (outside the cap so it always exists) and count it.
      if (def !== COLLECTOR_LABEL_OVERFLOW)
        this.add(COLLECTOR_LABEL_OVERFLOW, { metric: def.name });
      values.fill(OVERFLOW_LABEL_VALUE);
      key = values.join('\u0000');
      s = state.series.get(key);
      if (s) return s;
    }
    s = {
      labels: values,
      value: 0,
      count: 0,
      buckets: def.type === 'histogram' ? new Array(def.buckets!.length + 1).fill(0) : undefined,
    };
    state.series.set(key, s);
    return s;
  }

  snapshot(): StoreSnapshot {
    this.dirty = false;
    const metrics: StoreSnapshot['metrics'] = {};
    for (const [name, state] of this.metrics) {
      if (state.def.type === 'gauge') continue; // gauges are recomputed, not carried over
      metrics[name] = [...state.series.values()].map((s) => ({
        labels: s.labels,
        value: s.value,
        count: s.count,
        ...(s.buckets ? { buckets: s.buckets } : {}),
      }));
    }
    return { startMs: this.startMs, metrics };
  }

  /**
   * Restores a (validated) snapshot. Entries for metrics this version no longer has, or whose
   * labels or buckets changed since, cannot continue their series: they are dropped, and the
   * names of such metrics are returned so the caller can say so.
   */
  restore(snap: StoreSnapshot): string[] {
    const dropped = new Set<string>();
    this.startMs = snap.startMs;
    for (const [name, list] of Object.entries(snap.metrics)) {
      const state = this.metrics.get(name);
      if (!state) {
        dropped.add(name);
        continue;
      }
      for (const s of list) {
        const isHistogram = state.def.type === 'histogram';
        if (
          s.labels.length !== state.def.labels.length ||
          (isHistogram && s.buckets?.length !== state.def.buckets!.length + 1) ||
          (!isHistogram && s.buckets !== undefined)
        ) {
          dropped.add(name);
          continue;
        }
        state.series.set(s.labels.join('\u0000'), {
          labels: [...s.labels],
          value: s.value,
          count: s.count,
          buckets: s.buckets ? [...s.buckets] : undefined,
        });
      }
    }
    this.dirty = false;
    return [...dropped];
  }

  async collect(): Promise<CollectionResult> {
    return {
      resourceMetrics: {
        resource: emptyResource(),
        scopeMetrics: [{ scope: { name: 'hookscope-collector' }, metrics: this.metricData() }],
      },
      errors: [],
    };
  }

  metricData(): MetricData[] {
    const startTime = hr(this.startMs);
    const endTime = hr(Date.now());
    const out: MetricData[] = [];
    for (const { def, series } of this.metrics.values()) {
      // An empty counter or histogram still names itself (HELP/TYPE), so /metrics always lists
      // every catalog entry; a gauge without a value is absent, not zero.
      if (def.type === 'gauge' && series.size === 0) continue;
      const descriptor = {
        name: def.name,
        description: def.help,
        unit: def.unit,
        valueType: ValueType.DOUBLE,
      };
      const points = [...series.values()];
      const attrs = (s: Series): Attributes =>
        Object.fromEntries(def.labels.map((l, i) => [l, s.labels[i]!]));
      if (def.type === 'histogram') {
        out.push({
          descriptor,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: points.map((s) => ({
            startTime,
            endTime,
            attributes: attrs(s),
            value: {
              buckets: { boundaries: [...def.buckets!], counts: [...s.buckets!] },
              sum: s.value,
              count: s.count,
            },
          })),
        });
      } else {
        out.push({
          descriptor,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: def.type === 'counter' ? DataPointType.SUM : DataPointType.GAUGE,
          isMonotonic: true,
          dataPoints: points.map((s) => ({
            startTime,
            endTime,
            attributes: attrs(s),
            value: s.value,
          })),
        } as MetricData);
      }
    }
    return out;
  }
}

/** Catalog entries with their opt-in labels (ids) appended, for a user who opted in. */
export function withOptInLabels(defs: readonly MetricDef[]): MetricDef[] {
  return defs.map((d) =>
    d.optInLabels?.length ? { ...d, labels: [...d.labels, ...d.optInLabels] } : d,
  );
}

function labelValue(v: string | number | boolean | undefined): string {
  if (v === undefined || v === '') return UNKNOWN_LABEL_VALUE;
  const s = String(v);
  return s.length > MAX_LABEL_VALUE_LENGTH ? s.slice(0, MAX_LABEL_VALUE_LENGTH) : s;
}

function hr(ms: number): HrTime {
  const s = Math.floor(ms / 1000);
  return [s, Math.round((ms - s * 1000) * 1e6)];
}
