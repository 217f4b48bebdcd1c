import type { SpanContext, TraceState } from '@opentelemetry/api';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** Parses a W3C `traceparent` (as passed in the `TRACEPARENT` environment variable). */
export function parseTraceparent(
  traceparent: string | undefined,
  tracestate?: string,
): SpanContext | undefined {
  if (!traceparent) return undefined;
  const m = TRACEPARENT.exec(traceparent.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  // Version ff is invalid; version 00 must have nothing after the flags.
  if (version === 'ff' || (version === '00' && rest)) return undefined;
  if (/^0+$/.test(traceId!) || /^0+$/.test(spanId!)) return undefined;
  const ctx: SpanContext = {
    traceId: traceId!,
    spanId: spanId!,
    traceFlags: parseInt(flags!, 16) & 1,
    isRemote: true,
  };
  if (tracestate) ctx.traceState = new EnvTraceState(parseTracestate(tracestate));
  return ctx;
}

const MAX_TRACESTATE_MEMBERS = 32;

function parseTracestate(raw: string): Map<string, string> {
  const members = new Map<string, string>();
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    if (!members.has(key) && members.size < MAX_TRACESTATE_MEMBERS) {
      members.set(key, part.slice(eq + 1).trim());
    }
  }
  return members;
}

/** W3C `tracestate`: an ordered list of vendor entries, newest first. */
class EnvTraceState implements TraceState {
  constructor(private readonly members: Map<string, string>) {}
  get(key: string): string | undefined {
    return this.members.get(key);
  }
  set(key: string, value: string): TraceState {
    const next = new Map([[key, value]]);
    for (const [k, v] of this.members) if (k !== key) next.set(k, v);
    return new EnvTraceState(next);
  }
  unset(key: string): TraceState {
    const next = new Map(this.members);
    next.delete(key);
    return new EnvTraceState(next);
  }
  serialize(): string {
    return [...this.members].map(([k, v]) => `${k}=${v}`).join(',');
  }
}

/** The `traceparent` value for a span context. */
export function formatTraceparent(ctx: SpanContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-0${(ctx.traceFlags & 1).toString(16)}`;
}
