import type { Attributes, Span, SpanKind, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from './context-manager.js';
import {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OUTCOME,
  ATTR_HOOK_OVERHEAD,
  ATTR_HOOKSCOPE_KIND,
  ATTR_ERROR_TYPE,
  KIND_HOOK,
  KIND_HOOK_BODY,
  SCOPE_NAME,
  UNKNOWN_LABEL_VALUE,
  HOOKSCOPE_VERSION,
} from '@hookscope/catalog';
import {
  defaultResource,
  ownWork,
  parseTraceparent,
  RecordingSpan,
  resolveConfig,
  type ResolvedConfig,
  SpoolWriter,
  startOwnWork,
  stopOwnWork,
  takeOwnTime,
  type TelemetryOptions,
} from '@hookscope/runtime';
import { SpoolTracerProvider, type SpoolStats } from './provider.js';
import {
  activeContext,
  globalTracer,
  NonRecordingSpan,
  registerGlobal,
  setSpan,
  unregisterGlobal,
  withContext,
} from './otel-globals.js';

/** What `initTelemetry()` returns. */
export interface TelemetryHandle {
  /** False when telemetry is disabled (by option or environment) or could not start. */
  readonly enabled: boolean;
  /** Spool directory spans are written to. */
  readonly spoolDir: string;
  /** Tracer for spans of your own; they nest under the active hook span. */
  readonly tracer: Tracer;
  /** Writes buffered spans now (they are also written when a hook ends and at exit). */
  flush(): void;
  /** Counts of spans written and lost, and the spool file of this process. */
  stats(): SpoolStats;
  /** Writes what is buffered and stops recording. Idempotent. */
  shutdown(): void;
}

interface State {
  handle: TelemetryHandle;
  provider: SpoolTracerProvider | undefined;
  tracer: Tracer;
  config?: ResolvedConfig;
  /** The hook named by the environment, for work recorded outside `traceHook`. */
  hook?: HookLabels;
}

/** The labels of a hook execution, which the work inside it is attributed to. */
interface HookLabels {
  event: string;
  name: string;
}

let state: State | undefined;

const NO_STATS: SpoolStats = {
  spansWritten: 0,
  spansDropped: 0,
  spoolFile: undefined,
  lastError: undefined,
};

/**
 * Starts hookscope telemetry for this process. Idempotent: later calls return the first handle.
 * Registers a global TracerProvider (unless one is registered already) so spans made through
 * `@opentelemetry/api` by any library are recorded too. Never throws.
 */
export function initTelemetry(options: TelemetryOptions = {}): TelemetryHandle {
  if (state) return state.handle;
  state = ownWork(() => {
    try {
      return start(options);
    } catch {
      return disabledState(options.spoolDir ?? '');
    }
  });
  return state.handle;
}

function start(options: TelemetryOptions): State {
  const config = resolveConfig(options, defaultResource());
  if (config.disabled) return disabledState(config.spoolDir);

  const writer = new SpoolWriter(config.spoolDir);
  // Created here, inside the timed initTelemetry, rather than by the hook span's own line, which
  // is written after that span took its overhead.
  writer.prepare();
  const provider = new SpoolTracerProvider(
    writer,
    config.resource,
    parseTraceparent(config.traceparent, config.tracestate),
  );
  // Context propagation needs a context manager; keep one that is already registered.
  registerGlobal('context', new AsyncLocalStorageContextManager());
  const registered = registerGlobal('trace', provider);
  const tracer = provider.getTracer(SCOPE_NAME, HOOKSCOPE_VERSION);
  const onExit = () => provider.flush();
  process.on('exit', onExit);

  const handle: TelemetryHandle = {
    enabled: true,
    spoolDir: config.spoolDir,
    tracer,
    flush: () => provider.flush(),
    stats: () => provider.stats(),
    shutdown: () => {
      if (state?.handle !== handle) return;
      process.off('exit', onExit);
      provider.shutdown();
      if (registered) unregisterGlobal('trace');
      state = undefined;
    },
  };
  const hook = config.hookName
    ? { event: config.hookEvent ?? UNKNOWN_LABEL_VALUE, name: config.hookName }
    : undefined;
  return { handle, provider, tracer, config, hook };
}

function disabledState(spoolDir: string): State {
  const tracer = globalTracer(SCOPE_NAME, HOOKSCOPE_VERSION);
  const handle: TelemetryHandle = {
    enabled: false,
    spoolDir,
    tracer,
    flush: () => {},
    stats: () => ({ ...NO_STATS }),
    shutdown: () => {
      if (state?.handle === handle) state = undefined;
    },
  };
  return { handle, provider: undefined, tracer };
}

/** The tracer hook spans are made with: hookscope's own once initialized, else the global one. */
export function getTracer(): Tracer {
  return state ? state.tracer : globalTracer(SCOPE_NAME, HOOKSCOPE_VERSION);
}

/**
 * Runs `fn` (sync or async) inside a hook span and returns its result unchanged (the same promise
 * for async functions); an error it throws is rethrown unchanged. The outcome is `success` or
 * `error`, unless `fn` sets `hookscope.hook.outcome` itself (e.g. `blocked`) on the span it gets.
 * The span carries what hookscope cost this process so far (`hookscope.hook.overhead`).
 *
 * Inside a hook execution that is already recorded (under `hookscope exec`, or inside another
 * `traceHook`), the span is a `hook_body` span instead, with that execution's event and name (the
 * wrapper's `--event`, else `event`; its `--name`), which the work inside is attributed to: one
 * run is counted once. Instrumentation failures never reach the caller: `fn` then runs as if
 * uninstrumented.
 */
export function traceHook<T>(event: string, name: string, fn: (span: Span) => T): T {
  const own = startOwnWork();
  let ctx;
  let kind = KIND_HOOK;
  let hook: HookLabels = { event, name };
  try {
    const outer = enclosingHook();
    if (outer) {
      kind = KIND_HOOK_BODY;
      hook = { event: outer.event ?? event, name: outer.name ?? name };
    }
    // Work recorded inside (validators) is attributed to this hook through the context.
    ctx = activeContext().setValue(HOOK_KEY, hook);
  } catch {
    ctx = undefined;
  }
  const run = () => {
    stopOwnWork(own);
    return traceWork(
      `${event} ${name}`,
      { [ATTR_HOOKSCOPE_KIND]: kind, [ATTR_HOOK_EVENT]: hook.event, [ATTR_HOOK_NAME]: hook.name },
      fn,
      (s, err) => {
        const recorded = s instanceof RecordingSpan ? s.attributes : {};
        if (recorded[ATTR_HOOK_OUTCOME] === undefined) {
          s.setAttribute(ATTR_HOOK_OUTCOME, err === undefined ? 'success' : 'error');
        }
        // Whoever knows better (`hookscope emit`: its whole process) may have set it.
        if (recorded[ATTR_HOOK_OVERHEAD] === undefined) {
          s.setAttribute(ATTR_HOOK_OVERHEAD, takeOwnTime());
        }
      },
    );
  };
  try {
    return ctx ? withContext(ctx, run) : run();
  } finally {
    stopOwnWork(own); // when `run` was never reached
  }
}

const HOOK_KEY = Symbol.for('hookscope.hook');

/**
 * The hook execution already recorded around this point, if any: the active `traceHook`'s, else
 * the one `hookscope exec` records around this process, with its labels as it sets them: its
 * name (`unknown` when it has none), and its event when it was given `--event` (else it takes the
 * payload's, which this process does not know).
 */
function enclosingHook(): Partial<HookLabels> | undefined {
  const active = activeContext().getValue(HOOK_KEY) as HookLabels | undefined;
  if (active) return active;
  const config = state?.config;
  if (!config?.execSpanId) return undefined;
  return { event: config.hookEvent, name: config.hookName ?? UNKNOWN_LABEL_VALUE };
}

/** The hook whose span is active, else the one named by the environment (`hookscope exec`). */
export function currentHook(): HookLabels | undefined {
  return (activeContext().getValue(HOOK_KEY) as HookLabels | undefined) ?? state?.hook;
}

/** Settings of the running telemetry, when it is initialized and enabled. */
export function activeConfig(): ResolvedConfig | undefined {
  return state?.config;
}

/**
 * Starts a span named `name` under the active one and runs `fn` in it through `runInSpan`; if the
 * span cannot be started, `fn` runs as if uninstrumented. Shared by every `trace*` helper.
 */
export function traceWork<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => T,
  finish: (span: Span, error: unknown, result: unknown) => void,
  kind?: SpanKind,
): T {
  const own = startOwnWork();
  let span: Span;
  try {
    span = getTracer().startSpan(name, { attributes, kind });
  } catch {
    stopOwnWork(own);
    return fn(new NonRecordingSpan());
  }
  return runInSpan(span, fn, finish, own);
}

/**
 * Runs `fn` with `span` active, ends the span when `fn` returns, throws or settles, and calls
 * `finish(span, error, result)` just before (`result`: what `fn` returned or its promise resolved
 * to). Shared by every `trace*` helper. `own`: the section of hookscope's own work the caller
 * started (see own-time.ts); it ends when `fn` starts, and ending the span is timed too.
 */
export function runInSpan<T>(
  span: Span,
  fn: (span: Span) => T,
  finish: (span: Span, error: unknown, result: unknown) => void,
  own?: ReturnType<typeof startOwnWork>,
): T {
  const end = (err: unknown, value?: unknown) => {
    const ownEnd = startOwnWork();
    try {
      if (err !== undefined) {
        span.setAttribute(ATTR_ERROR_TYPE, errorType(err));
        span.setStatus({ code: 2 });
      }
      finish(span, err, value);
    } catch {
      // Fail open: a broken span never changes what the hook sees.
    }
    try {
      span.end();
    } catch {
      // Same.
    }
    stopOwnWork(ownEnd);
  };
  let result: T;
  try {
    result = withContext(setSpan(activeContext(), span), () => {
      stopOwnWork(own);
      return fn(span);
    });
  } catch (err) {
    stopOwnWork(own); // when `fn` was never reached
    end(err ?? new Error('undefined thrown'));
    throw err;
  }
  if (isThenable(result)) {
    result.then(
      (value) => end(undefined, value),
      (err: unknown) => end(err ?? new Error('undefined rejection')),
    );
  } else {
    end(undefined, result);
  }
  return result;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    v !== null &&
    (typeof v === 'object' || typeof v === 'function') &&
    typeof (v as { then?: unknown }).then === 'function'
  );
}

/** `error.type`: the error's class or code, never its message (which may hold user content). */
function errorType(err: unknown): string {
  if (err instanceof Error) return (err as { code?: unknown }).code?.toString() ?? err.name;
  return typeof err;
}
