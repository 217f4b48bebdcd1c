import type {
  Attributes,
  AttributeValue,
  Exception,
  Link,
  Span,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
} from '@opentelemetry/api';
import { newSpanId, newTraceId } from './ids.js';
import { type Hr, toHr } from './time.js';

/** Limits that keep one span's memory bounded whatever the caller does. */
export const SPAN_LIMITS = {
  attributes: 128,
  events: 128,
  links: 32,
  valueLength: 4096,
};

export interface SpanEvent {
  name: string;
  time: Hr;
  attributes: Attributes;
}

export interface ScopeInfo {
  name: string;
  version: string | undefined;
}

/** Receives each span once, when it ends. */
export interface SpanSink {
  onEnd(span: RecordingSpan): void;
}

/** A span of @hookscope/telemetry: plain data, serialized to the spool when it ends. */
export class RecordingSpan implements Span {
  readonly attributes: Attributes = {};
  readonly events: SpanEvent[] = [];
  readonly links: Link[] = [];
  status: SpanStatus = { code: 0 };
  endTime: Hr | undefined;
  droppedAttributes = 0;
  private attributeCount = 0;

  constructor(
    private readonly sink: SpanSink,
    readonly scope: ScopeInfo,
    private readonly context: SpanContext,
    public name: string,
    readonly kind: SpanKind,
    readonly parent: SpanContext | undefined,
    readonly startTime: Hr,
  ) {}

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.endTime || value === undefined || value === null) return this;
    if (!(key in this.attributes)) {
      if (this.attributeCount >= SPAN_LIMITS.attributes) {
        this.droppedAttributes++;
        return this;
      }
      this.attributeCount++;
    }
    this.attributes[key] = typeof value === 'string' ? truncate(value) : value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) {
      const value = attributes[key];
      if (value !== undefined) this.setAttribute(key, value);
    }
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.endTime || this.events.length >= SPAN_LIMITS.events) return this;
    let attributes: Attributes = {};
    if (isTimeInput(attributesOrTime)) time = attributesOrTime;
    else if (attributesOrTime) attributes = attributesOrTime;
    this.events.push({ name, time: toHr(time), attributes });
    return this;
  }

  addLink(link: Link): this {
    if (!this.endTime && this.links.length < SPAN_LIMITS.links) this.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (!this.endTime && this.status.code !== 1) this.status = status; // OK is final, per the API
    return this;
  }

  updateName(name: string): this {
    if (!this.endTime) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.endTime) return;
    this.endTime = toHr(endTime);
    this.sink.onEnd(this);
  }

  isRecording(): boolean {
    return this.endTime === undefined;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception) {
      const type = exception.name ?? (exception as { code?: unknown }).code;
      if (type !== undefined) attributes['exception.type'] = String(type);
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    for (const k in attributes) attributes[k] = truncate(attributes[k] as string);
    this.addEvent('exception', attributes, time);
  }
}

function truncate(value: string): string {
  return value.length > SPAN_LIMITS.valueLength ? value.slice(0, SPAN_LIMITS.valueLength) : value;
}

function isTimeInput(v: unknown): v is TimeInput {
  return typeof v === 'number' || v instanceof Date || Array.isArray(v);
}

/**
 * Starts a span under `parent` (already validated; a new trace when undefined). Shared by the
 * tracer of `initTelemetry()` and the standalone span recorder.
 */
export function startRecordingSpan(
  sink: SpanSink,
  scope: ScopeInfo,
  name: string,
  kind: SpanKind,
  parent: SpanContext | undefined,
  startTime: Hr,
): RecordingSpan {
  const spanContext: SpanContext = {
    traceId: parent ? parent.traceId : newTraceId(),
    spanId: newSpanId(),
    traceFlags: 1,
    traceState: parent?.traceState,
  };
  return new RecordingSpan(sink, scope, spanContext, name, kind, parent, startTime);
}
