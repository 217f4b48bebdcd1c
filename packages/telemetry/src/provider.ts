import type {
  Context,
  Span,
  SpanContext,
  SpanOptions,
  Tracer,
  TracerProvider,
} from '@opentelemetry/api';
import {
  activeContext,
  getSpanContext,
  isSpanContextValid,
  setSpan,
  withContext,
} from './otel-globals.js';
import { newSpanId, newTraceId } from './ids.js';
import { encodeExportRequest, keyValues } from './otlp-json.js';
import { RecordingSpan, type ScopeInfo, type SpanSink } from './span.js';
import type { SpoolWriter } from './spool-writer.js';
import { toHr } from './time.js';
import type { AttributeValue } from './config.js';

/** Spans kept in memory at most before a write, and at most kept for retry after failures. */
const MAX_BUFFERED_SPANS = 512;

export interface SpoolStats {
  spansWritten: number;
  spansDropped: number;
  spoolFile: string | undefined;
  lastError: string | undefined;
}

/**
 * A TracerProvider that records every span and writes it to the spool. Spans of one hook are
 * buffered and written together when the hook's local root span ends (one line per hook, so one
 * syscall), and anything left is written when the process exits.
 */
export class SpoolTracerProvider implements TracerProvider, SpanSink {
  private buffer: RecordingSpan[] = [];
  private readonly resource: ReturnType<typeof keyValues>;
  private readonly tracers = new Map<string, Tracer>();
  private closed = false;
  spansWritten = 0;
  spansDropped = 0;

  constructor(
    private readonly writer: SpoolWriter,
    resource: Record<string, AttributeValue>,
    /** Parent for spans started with no active span: the trace of the process that started us. */
    readonly inheritedParent: SpanContext | undefined,
  ) {
    this.resource = keyValues(resource);
  }

  getTracer(name: string, version?: string): Tracer {
    const key = `${name}@${version ?? ''}`;
    let tracer = this.tracers.get(key);
    if (!tracer) {
      tracer = new SpoolTracer(this, { name, version });
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  onEnd(span: RecordingSpan): void {
    if (this.closed) {
      this.spansDropped++;
      return;
    }
    this.buffer.push(span);
    const parent = span.parent;
    if (!parent || parent.isRemote || this.buffer.length >= MAX_BUFFERED_SPANS) this.flush();
  }

  /** Writes buffered spans now. Never throws; on failure the spans stay for the next try. */
  flush(): void {
    if (this.buffer.length === 0) return;
    let line: string;
    try {
      line = encodeExportRequest(this.resource, this.buffer);
    } catch {
      this.spansDropped += this.buffer.length;
      this.buffer = [];
      return;
    }
    if (this.writer.write(line)) {
      this.spansWritten += this.buffer.length;
      this.buffer = [];
    } else if (this.buffer.length >= MAX_BUFFERED_SPANS) {
      this.spansDropped += this.buffer.length;
      this.buffer = [];
    }
  }

  shutdown(): void {
    this.flush();
    this.spansDropped += this.buffer.length;
    this.buffer = [];
    this.closed = true;
    this.writer.close();
  }

  stats(): SpoolStats {
    return {
      spansWritten: this.spansWritten,
      spansDropped: this.spansDropped,
      spoolFile: this.writer.file,
      lastError: this.writer.lastError,
    };
  }
}

class SpoolTracer implements Tracer {
  constructor(
    private readonly provider: SpoolTracerProvider,
    private readonly scope: ScopeInfo,
  ) {}

  startSpan(name: string, options: SpanOptions = {}, ctx: Context = activeContext()): Span {
    const parent = options.root
      ? undefined
      : (getSpanContext(ctx) ?? this.provider.inheritedParent);
    const validParent = parent && isSpanContextValid(parent) ? parent : undefined;
    const spanContext: SpanContext = {
      traceId: validParent ? validParent.traceId : newTraceId(),
      spanId: newSpanId(),
      traceFlags: 1,
      traceState: validParent?.traceState,
    };
    const span = new RecordingSpan(
      this.provider,
      this.scope,
      spanContext,
      name,
      options.kind ?? 0,
      validParent,
      toHr(options.startTime),
    );
    if (options.attributes) span.setAttributes(options.attributes);
    if (options.links) span.addLinks(options.links);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    opts: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    opts: SpanOptions,
    ctx: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    a?: SpanOptions | F,
    b?: Context | F,
    c?: F,
  ): ReturnType<F> {
    let opts: SpanOptions = {};
    let ctx: Context = activeContext();
    let fn: F;
    if (typeof a === 'function') fn = a;
    else if (typeof b === 'function') {
      opts = a ?? {};
      fn = b;
    } else {
      opts = a ?? {};
      ctx = b ?? ctx;
      fn = c as F;
    }
    const span = this.startSpan(name, opts, ctx);
    return withContext(setSpan(ctx, span), () => fn(span) as ReturnType<F>);
  }
}
