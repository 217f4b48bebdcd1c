import { afterEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTelemetry, traceHook, ATTR_HOOK_OUTCOME, type TelemetryHandle } from '../src/index.js';
import { tempDir } from '../../../test/support/paths.js';
import { attrs, readSpool } from '../../../test/support/spool.js';

let handle: TelemetryHandle | undefined;
const cleanups: (() => void)[] = [];

function setup(env: Record<string, string> = {}) {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const spoolDir = join(tmp.dir, 'spool');
  handle = initTelemetry({ spoolDir, env, serviceName: 'unit-hook' });
  return { spoolDir, dir: tmp.dir };
}

function hookSpans(spoolDir: string) {
  return readSpool(spoolDir).filter(
    ({ span }) => attrs(span.attributes)['hookscope.kind'] === 'hook',
  );
}

afterEach(() => {
  handle?.shutdown();
  handle = undefined;
  while (cleanups.length) cleanups.pop()!();
});

describe('initTelemetry', () => {
  it('is idempotent and registers a global tracer provider', () => {
    const { spoolDir } = setup();
    expect(initTelemetry({ spoolDir: '/elsewhere' })).toBe(handle);
    expect(handle!.enabled).toBe(true);
    trace.getTracer('any-library').startSpan('library work').end();
    expect(readSpool(spoolDir).map((s) => s.span.name)).toEqual(['library work']);
  });

  it('takes the service name and resource attributes from OTEL_* variables', () => {
    const { spoolDir } = setup({
      OTEL_SERVICE_NAME: 'pre-commit',
      OTEL_RESOURCE_ATTRIBUTES: 'team=core,repo=a%2Cb,broken',
    });
    traceHook('pre-commit', 'fmt', () => undefined);
    const [{ resource }] = readSpool(spoolDir);
    expect(resource).toMatchObject({
      'service.name': 'pre-commit',
      team: 'core',
      repo: 'a,b',
      'process.pid': String(process.pid),
    });
  });

  it('records nothing when OTEL_SDK_DISABLED=true, and hooks still run', () => {
    const { spoolDir } = setup({ OTEL_SDK_DISABLED: 'true' });
    expect(handle!.enabled).toBe(false);
    expect(traceHook('Stop', 'x', () => 42)).toBe(42);
    expect(() => readSpool(spoolDir)).toThrow(/ENOENT/);
  });
});

describe('traceHook', () => {
  it('returns the result of a sync hook and records success', () => {
    const { spoolDir } = setup();
    expect(traceHook('PreToolUse', 'lint', () => 'ok')).toBe('ok');
    const [{ span }] = hookSpans(spoolDir);
    expect(span.name).toBe('PreToolUse lint');
    expect(attrs(span.attributes)).toMatchObject({
      'hookscope.hook.event': 'PreToolUse',
      'hookscope.hook.name': 'lint',
      'hookscope.hook.outcome': 'success',
    });
  });

  it('returns the same promise for an async hook and records when it settles', async () => {
    const { spoolDir } = setup();
    const p = Promise.resolve(7);
    expect(traceHook('Stop', 'async', () => p)).toBe(p);
    expect(await p).toBe(7);
    await new Promise((r) => setImmediate(r));
    expect(hookSpans(spoolDir)).toHaveLength(1);
  });

  it('rethrows the very error thrown, sync or async, and records error with its type only', async () => {
    const { spoolDir } = setup();
    const boom = new TypeError('secret path /home/me/x');
    expect(() =>
      traceHook('PreToolUse', 'sync', () => {
        throw boom;
      }),
    ).toThrow(boom);
    await expect(traceHook('PreToolUse', 'async', async () => Promise.reject(boom))).rejects.toBe(
      boom,
    );
    await new Promise((r) => setImmediate(r));
    const spans = hookSpans(spoolDir).map(({ span }) => ({
      status: span.status,
      a: attrs(span.attributes),
    }));
    expect(spans).toHaveLength(2);
    for (const s of spans) {
      expect(s.status).toEqual({ code: 2 });
      expect(s.a).toMatchObject({ 'hookscope.hook.outcome': 'error', 'error.type': 'TypeError' });
      expect(JSON.stringify(s.a)).not.toContain('secret');
    }
  });

  it('keeps an outcome the hook sets itself (blocked)', () => {
    const { spoolDir } = setup();
    traceHook('PreToolUse', 'guard', (span) => span.setAttribute(ATTR_HOOK_OUTCOME, 'blocked'));
    expect(attrs(hookSpans(spoolDir)[0]!.span.attributes)['hookscope.hook.outcome']).toBe(
      'blocked',
    );
  });

  it('nests spans made through @opentelemetry/api under the hook span, in one spool line', () => {
    const { spoolDir } = setup();
    traceHook('PostToolUse', 'test', () => {
      const t = trace.getTracer('lib');
      t.startActiveSpan('outer', (outer) => {
        t.startSpan('inner').end();
        outer.end();
      });
    });
    const spans = readSpool(spoolDir).map((s) => s.span);
    const hook = spans.find((s) => s.name === 'PostToolUse test')!;
    const outer = spans.find((s) => s.name === 'outer')!;
    const inner = spans.find((s) => s.name === 'inner')!;
    expect(outer.parentSpanId).toBe(hook.spanId);
    expect(inner.parentSpanId).toBe(outer.spanId);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(handle!.stats().spansWritten).toBe(3);
  });

  it('joins the trace of the parent process from TRACEPARENT', () => {
    const { spoolDir } = setup({
      TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      TRACESTATE: 'vendor=x',
    });
    traceHook('SessionStart', 'init', () => undefined);
    const [{ span }] = hookSpans(spoolDir);
    expect(span.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanId).toBe('b7ad6b7169203331');
  });

  it('ignores a malformed TRACEPARENT and starts a new trace', () => {
    const { spoolDir } = setup({ TRACEPARENT: '00-zzzz-b7ad6b7169203331-01' });
    traceHook('SessionStart', 'init', () => undefined);
    const [{ span }] = hookSpans(spoolDir);
    expect(span.parentSpanId).toBeUndefined();
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('runs the hook unchanged when the spool cannot be written, and counts the loss', () => {
    const { dir } = setup();
    handle!.shutdown();
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    handle = initTelemetry({ spoolDir: join(notADir, 'spool'), env: {} });
    expect(traceHook('PreToolUse', 'lint', () => 'still runs')).toBe('still runs');
    handle.shutdown();
    const stats = handle.stats();
    expect(stats.spansWritten).toBe(0);
    expect(stats.spansDropped).toBe(1);
    expect(stats.lastError).toMatch(/ENOTDIR|EEXIST/);
  });
});
