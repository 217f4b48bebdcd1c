import type { Attributes, TimeInput } from '@opentelemetry/api';
import { SCOPE_NAME, HOOKSCOPE_VERSION } from '@hookscope/catalog';
import { resolveConfig, type TelemetryOptions } from './config.js';

import { defaultResource } from './resource.js';
import { type RecordingSpan, startRecordingSpan } from './span.js';
import { SpoolSink, type SpoolStats } from './spool-sink.js';
import { SpoolWriter } from './spool-writer.js';
import { toHr } from './time.js';
import { formatTraceparent, parseTraceparent } from './trace-context.js';

/**
 * Records spans in a short-lived process that does not otherwise use OpenTelemetry, such as
 * `hookscope exec` (one span per process). Same spans, OTLP encoding and spool writer as the
 * tracer of `initTelemetry()`, without loading `@opentelemetry/api` or a context manager and
 * without registering anything globally: start-up time is what such a process costs.
 */
export interface SpanRecorder {
  readonly spoolDir: string;
  /**
   * Starts a span. Its parent is the trace context this process inherited in `TRACEPARENT` /
   * `TRACESTATE`, if valid; otherwise it starts a new trace. The span is written when it ends.
   */
  startSpan(name: string, attributes?: Attributes, startTime?: TimeInput): RecordingSpan;
  /** Counts of spans written and lost, and the spool file. */
  stats(): SpoolStats;
}

export interface SpanRecorderOptions extends TelemetryOptions {
  /** Instrumentation scope of the spans (default `@hookscope/telemetry`). */
  scopeName?: string;
  scopeVersion?: string;
}

/** A span recorder, or undefined when telemetry is disabled or cannot start. Never throws. */
export function createSpanRecorder(options: SpanRecorderOptions = {}): SpanRecorder | undefined {
  try {
    const config = resolveConfig(options, defaultResource());
    if (config.disabled) return undefined;
    const sink = new SpoolSink(new SpoolWriter(config.spoolDir), config.resource);
    const parent = parseTraceparent(config.traceparent, config.tracestate);
    const scope = {
      name: options.scopeName ?? SCOPE_NAME,
      version: options.scopeVersion ?? HOOKSCOPE_VERSION,
    };
    return {
      spoolDir: config.spoolDir,
      startSpan(name, attributes, startTime) {
        const span = startRecordingSpan(sink, scope, name, 0, parent, toHr(startTime));
        if (attributes) span.setAttributes(attributes);
        return span;
      },
      stats: () => sink.stats(),
    };
  } catch {
    return undefined;
  }
}

/**
 * The W3C trace context to hand to a child process (`TRACEPARENT`, `TRACESTATE` environment
 * variables) so that its spans nest under `span`.
 */
export function childTraceContext(span: RecordingSpan): {
  traceparent: string;
  tracestate: string | undefined;
} {
  const ctx = span.spanContext();
  return {
    traceparent: formatTraceparent(ctx),
    tracestate: ctx.traceState?.serialize() || undefined,
  };
}
