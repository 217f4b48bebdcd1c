import {
  COLLECTOR_OTLP_RECORDS,
  COLLECTOR_OTLP_SERIES_EVICTED,
  OTLP_RECORD_RESULTS,
  type OtlpRecordResult,
  type OtlpSignal,
} from '@hookscope/catalog';
import { CumulativeTracker, type CumulativeSnapshot } from './cumulative.js';
import { passThroughClaudeCodeCounter } from './derivers/claude-code-counters.js';
import { deriveClaudeCodeEvent } from './derivers/claude-code-events.js';
import { deriveAgentEvent, deriveAgentPoint } from './derivers/agent-telemetry.js';
import type { MetricStore } from './metric-store.js';
import { OTLP_JSON_LAYOUT } from './otlp-json-decode.js';
import { decodeLogsRequest } from './otlp-logs.js';
import { decodeMetricsRequest } from './otlp-metrics.js';

/**
 * Turns metrics and logs export requests read back from the spool into metrics: Claude Code's
 * counters pass through, its events become histograms, and every data point or log record is
 * counted once by what became of it. (Trace requests take the span path of the collector.)
 */
export class OtlpIngest {
  readonly cumulative: CumulativeTracker;

  constructor(
    private readonly store: MetricStore,
    private readonly idLabels: boolean,
    maxCumulativeSeries?: number,
  ) {
    this.cumulative = new CumulativeTracker(maxCumulativeSeries, undefined, () =>
      store.add(COLLECTOR_OTLP_SERIES_EVICTED, {}),
    );
  }

  /** Starts the record counters at zero, so that rate() sees their first increment. */
  initSeries(): void {
    this.store.add(COLLECTOR_OTLP_SERIES_EVICTED, {}, 0);
    for (const signal of ['metrics', 'logs'] as const) {
      for (const result of OTLP_RECORD_RESULTS)
        this.store.add(COLLECTOR_OTLP_RECORDS, { signal, result }, 0);
    }
  }

  /** Returns a reason when the body is not a metrics or logs export request. */
  ingest(body: Record<string, unknown>): { ok: true } | { ok: false; detail: string } {
    if (OTLP_JSON_LAYOUT.metrics.resources in body) {
      const r = decodeMetricsRequest(body);
      if (!r.ok) return r;
      // Claude Code's counters first; other agents' (Codex) when the point is not one of them.
      const results = r.points.map((p) => {
        const used = passThroughClaudeCodeCounter(p, this.store, this.cumulative, this.idLabels);
        return used === 'unknown' ? deriveAgentPoint(p, this.store, this.cumulative) : used;
      });
      this.count('metrics', results, r.rejected);
      return { ok: true };
    }
    if (OTLP_JSON_LAYOUT.logs.resources in body) {
      const r = decodeLogsRequest(body);
      if (!r.ok) return r;
      const results = r.records.map((rec) => {
        const used = deriveClaudeCodeEvent(rec, this.store);
        return used === 'unknown' ? deriveAgentEvent(rec, this.store) : used;
      });
      this.count('logs', results, r.rejected);
      return { ok: true };
    }
    return { ok: false, detail: 'no resourceSpans, resourceMetrics or resourceLogs array' };
  }

  snapshot(): CumulativeSnapshot {
    return this.cumulative.snapshot();
  }

  restore(snap: CumulativeSnapshot | undefined): void {
    this.cumulative.restore(snap);
  }

  private count(signal: OtlpSignal, results: OtlpRecordResult[], invalid: number): void {
    const n: Record<OtlpRecordResult, number> = { used: 0, ignored: 0, unknown: 0, invalid };
    for (const r of results) n[r]++;
    for (const result of OTLP_RECORD_RESULTS) {
      if (n[result]) this.store.add(COLLECTOR_OTLP_RECORDS, { signal, result }, n[result]);
    }
  }
}
