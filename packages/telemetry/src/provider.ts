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
import {
  type AttributeValue,
  type ScopeInfo,
  SpoolSink,
  type SpoolWriter,
  startOwnWork,
  startRecordingSpan,
  stopOwnWork,
  toHr,
} from '@hookscope/runtime';

export type { SpoolStats } from '@hookscope/runtime';

/**
 * A TracerProvider that records every span and writes it to the spool (through SpoolSink: one
 * line per hook, and anything left when the process exits).
 */
export class SpoolTracerProvider extends SpoolSink implements TracerProvider {
  private readonly tracers = new Map<string, Tracer>();

  constructor(
    writer: SpoolWriter,
    resource: Record<string, AttributeValue>,
    /** Parent for spans started with no active span: the trace of the process that started us. */
    readonly inheritedParent: SpanContext | undefined,
  ) {
    super(writer, resource);
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
    const own = startOwnWork();
    try {
      const validParent = parent && isSpanContextValid(parent) ? parent : undefined;
      const span = startRecordingSpan(
        this.provider,
        this.scope,
        name,
        options.kind ?? 0,
        validParent,
        toHr(options.startTime),
      );
      if (options.attributes) span.setAttributes(options.attributes);
      if (options.links) span.addLinks(options.links);
      return span;
    } finally {
      stopOwnWork(own);
    }
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
