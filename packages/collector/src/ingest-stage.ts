import {
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_SPANS_INGESTED,
  COLLECTOR_SPANS_REJECTED,
  COLLECTOR_SPOOL_SKIPPED_ENTRIES,
  type SkippedEntryKind,
} from '@hookscope/catalog';
import { isReceiverSpoolFile } from '@hookscope/runtime';
import { deriveSpan } from './derivers/index.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.js';
import type { MetricStore } from './metric-store.js';
import { decodeTraceRequest, OTLP_JSON_LAYOUT, type IngestSpan } from './otlp-json-decode.js';
import { OtlpIngest } from './otlp-ingest.js';
import { REJECT_REASONS, type RejectReason, type ScanHandlers } from './spool-reader.js';

export const SPAN_SOURCES = ['spool', 'otlp'] as const;
export type SpanSource = (typeof SPAN_SOURCES)[number];

export interface IngestStageOptions {
  /** Where rejections and skipped entries are reported (once per file and reason). */
  log(message: string): void;
  /** Claude Code's session and user ids as labels (opt-in: they identify people). */
  claudeCodeIdLabels?: boolean;
  /** Most cumulative OTLP series tracked before the oldest is evicted. */
  maxCumulativeSeries?: number;
}

/**
 * Turns spool lines (a hook's spans, or an OTLP request the receiver spooled) into the store.
 * A line that is not an export request, or that trips a decoder or deriver, is counted and
 * skipped, never thrown: the scan goes on and never retries it.
 */
export class IngestStage implements ScanHandlers {
  /** Metrics and logs requests; its cumulative state is part of the checkpoint. */
  readonly otlp: OtlpIngest;
  /** Rejections are logged once per file and reason, so a bad file cannot flood the log. */
  private readonly logged = new Set<string>();

  constructor(
    private readonly store: MetricStore,
    private readonly options: IngestStageOptions,
  ) {
    this.otlp = new OtlpIngest(
      store,
      options.claudeCodeIdLabels ?? false,
      options.maxCumulativeSeries,
    );
  }

  /** Known series start at zero, so that rate() sees their first increment. */
  initSeries(otlp: boolean): void {
    for (const reason of REJECT_REASONS) this.store.add(COLLECTOR_LINES_REJECTED, { reason }, 0);
    for (const source of SPAN_SOURCES) this.store.add(COLLECTOR_SPANS_INGESTED, { source }, 0);
    if (otlp) this.otlp.initSeries();
  }

  /** One spool line; whatever goes wrong rejects the line, never the scan. */
  line(text: string, file: string): void {
    try {
      this.decode(text, file);
    } catch (err) {
      this.reject('not_otlp', file, `could not be read: ${(err as Error).message}`);
    }
  }

  reject(reason: RejectReason, file: string, detail: string): void {
    this.store.add(COLLECTOR_LINES_REJECTED, { reason });
    if (this.firstTime(file, reason)) {
      this.options.log(
        `skipped a spool line in ${file}: ${reason.replace('_', ' ')} (${detail}); further ${reason} lines of this file are counted, not logged`,
      );
    }
  }

  skip(kind: SkippedEntryKind, file: string, detail: string): void {
    if (this.firstTime(file, kind)) {
      this.options.log(
        `skipped spool entry ${file}: ${detail}; spool files must be regular files, remove or rename it (counted in ${COLLECTOR_SPOOL_SKIPPED_ENTRIES.name})`,
      );
    }
  }

  /** Derives metrics from decoded spans and counts them by where they came from. */
  spans(spans: IngestSpan[], source: SpanSource): void {
    const now = Date.now();
    for (const span of spans) {
      deriveSpan(span, this.store);
      this.store.observe(COLLECTOR_INGEST_LAG, { source }, Math.max(0, (now - span.endMs) / 1000));
    }
    this.store.add(COLLECTOR_SPANS_INGESTED, { source }, spans.length);
  }

  private decode(text: string, file: string): void {
    if (jsonTooDeep(text))
      return this.reject('not_otlp', file, `nested deeper than ${MAX_JSON_DEPTH} levels`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return this.reject('invalid_json', file, 'not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return this.reject('not_otlp', file, 'not a JSON object');
    }
    if (!(OTLP_JSON_LAYOUT.traces.resources in body)) {
      // Metrics and logs requests: the OTLP receiver spools them too.
      const other = this.otlp.ingest(body as Record<string, unknown>);
      return other.ok ? undefined : this.reject('not_otlp', file, other.detail);
    }
    const result = decodeTraceRequest(body);
    if (!result.ok) return this.reject('not_otlp', file, result.detail);
    if (result.rejectedSpans)
      this.store.add(COLLECTOR_SPANS_REJECTED, { reason: 'invalid_span' }, result.rejectedSpans);
    this.spans(result.spans, isReceiverSpoolFile(file) ? 'otlp' : 'spool');
  }

  private firstTime(file: string, what: string): boolean {
    const key = `${file}\u0000${what}`;
    if (this.logged.has(key)) return false;
    if (this.logged.size > 10_000) this.logged.clear();
    this.logged.add(key);
    return true;
  }
}
