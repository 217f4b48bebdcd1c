import type {
  Context,
  ContextManager,
  Exception,
  Link,
  Span,
  SpanContext,
  SpanOptions,
  SpanStatus,
  Tracer,
  TracerProvider,
} from '@opentelemetry/api';

/**
 * The parts of `@opentelemetry/api` a hook process needs, against the API's own cross-copy
 * contract rather than by loading it: every copy of the 1.x API keeps its globals in
 * `globalThis[Symbol.for('opentelemetry.js.api.1')]` (tagged with the registering version) and
 * keys the active span in a context with `Symbol.for('OpenTelemetry Context Key SPAN')`. Spans
 * made through any copy of the API therefore see hookscope's provider and context, while a hook
 * process is spared loading the API (about a third of hookscope's start-up cost).
 */

/** The API version whose registration rules hookscope follows (readers >= 1.9 accept it). */
export const API_VERSION = '1.9.0';
const GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

type GlobalType = 'trace' | 'context';
interface Registry {
  version: string;
  trace?: TracerProvider;
  context?: ContextManager;
}

function registry(): Registry | undefined {
  return (globalThis as unknown as Record<symbol, Registry | undefined>)[GLOBAL_KEY];
}

/** As the API's registerGlobal: first registration wins; all must carry the same version. */
export function registerGlobal(type: 'trace', instance: TracerProvider): boolean;
export function registerGlobal(type: 'context', instance: ContextManager): boolean;
export function registerGlobal(
  type: GlobalType,
  instance: TracerProvider | ContextManager,
): boolean {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  const api = (g[GLOBAL_KEY] ??= { version: API_VERSION });
  if (api[type] || api.version !== API_VERSION) return false;
  (api as unknown as Record<string, unknown>)[type] = instance;
  return true;
}

export function unregisterGlobal(type: GlobalType): void {
  const api = registry();
  if (api) delete api[type];
}

/** As the API's getGlobal: only registrations of a compatible version (same major, minor <= ours). */
function getGlobal(type: 'trace'): TracerProvider | undefined;
function getGlobal(type: 'context'): ContextManager | undefined;
function getGlobal(type: GlobalType): TracerProvider | ContextManager | undefined {
  const api = registry();
  if (!api || !isCompatible(api.version)) return undefined;
  return api[type];
}

/** The registry's version when it was last found compatible (checked on every span). */
let compatibleVersion: string | undefined;

function isCompatible(version: string): boolean {
  if (version === compatibleVersion) return true;
  const m = /^(\d+)\.(\d+)\./.exec(version);
  const ok = !!m && m[1] === '1' && Number(m[2]) <= 9;
  if (ok) compatibleVersion = version;
  return ok;
}

/** An immutable context, as the API's BaseContext. */
class BaseContext implements Context {
  private readonly values: Map<symbol, unknown>;
  constructor(parent?: Map<symbol, unknown>) {
    this.values = parent ? new Map(parent) : new Map();
  }
  getValue(key: symbol): unknown {
    return this.values.get(key);
  }
  setValue(key: symbol, value: unknown): Context {
    const ctx = new BaseContext(this.values);
    ctx.values.set(key, value);
    return ctx;
  }
  deleteValue(key: symbol): Context {
    const ctx = new BaseContext(this.values);
    ctx.values.delete(key);
    return ctx;
  }
}

export const ROOT_CONTEXT: Context = new BaseContext();

export function activeContext(): Context {
  return getGlobal('context')?.active() ?? ROOT_CONTEXT;
}

export function withContext<T>(ctx: Context, fn: () => T): T {
  const manager = getGlobal('context');
  return manager ? manager.with(ctx, fn) : fn();
}

export function setSpan(ctx: Context, span: Span): Context {
  return ctx.setValue(SPAN_KEY, span);
}

export function getSpanContext(ctx: Context): SpanContext | undefined {
  return (ctx.getValue(SPAN_KEY) as Span | undefined)?.spanContext();
}

/** Span contexts found valid: a parent's is checked once, not for each of its children. */
const validContexts = new WeakSet<SpanContext>();

export function isSpanContextValid(ctx: SpanContext): boolean {
  if (validContexts.has(ctx)) return true;
  const valid =
    /^[0-9a-f]{32}$/i.test(ctx.traceId) &&
    !/^0+$/.test(ctx.traceId) &&
    /^[0-9a-f]{16}$/i.test(ctx.spanId) &&
    !/^0+$/.test(ctx.spanId);
  if (valid) validContexts.add(ctx);
  return valid;
}

/** The global tracer provider's tracer, or one that records nothing (no provider registered). */
export function globalTracer(name: string, version?: string): Tracer {
  return getGlobal('trace')?.getTracer(name, version) ?? NOOP_TRACER;
}

const INVALID_SPAN_CONTEXT: SpanContext = {
  traceId: '00000000000000000000000000000000',
  spanId: '0000000000000000',
  traceFlags: 0,
};

/** A span that records nothing: what hooks get when telemetry is off or broken. */
export class NonRecordingSpan implements Span {
  constructor(private readonly ctx: SpanContext = INVALID_SPAN_CONTEXT) {}
  spanContext(): SpanContext {
    return this.ctx;
  }
  setAttribute(): this {
    return this;
  }
  setAttributes(): this {
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(_link: Link): this {
    return this;
  }
  addLinks(_links: Link[]): this {
    return this;
  }
  setStatus(_status: SpanStatus): this {
    return this;
  }
  updateName(): this {
    return this;
  }
  end(): void {}
  isRecording(): boolean {
    return false;
  }
  recordException(_exception: Exception): void {}
}

const NOOP_TRACER: Tracer = {
  startSpan: (_name: string, _options?: SpanOptions, ctx?: Context) => {
    const parent = ctx && getSpanContext(ctx);
    return new NonRecordingSpan(parent && isSpanContextValid(parent) ? parent : undefined);
  },
  startActiveSpan: (<F extends (span: Span) => unknown>(_name: string, ...rest: unknown[]) => {
    const fn = rest[rest.length - 1] as F;
    const span = new NonRecordingSpan();
    return withContext(setSpan(activeContext(), span), () => fn(span));
  }) as Tracer['startActiveSpan'],
};
