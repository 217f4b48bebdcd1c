import { afterEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  initTelemetry,
  recordAgent,
  recordValidation,
  traceHook,
  traceValidation,
  type TelemetryHandle,
} from '../src/index.js';
import { tempDir } from '../../../test/support/paths.js';
import { readSpool, typedAttrs, type SpoolSpan } from '../../../test/support/spool.js';

/**
 * One hook run is one hook execution however many layers measure it: under `hookscope exec`
 * (HOOKSCOPE_EXEC_SPAN_ID) or inside another traceHook, traceHook records a hook_body span with
 * the labels of the execution that counts, and the work inside carries those labels.
 */

const WRAPPER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const WRAPPER_SPAN = '00f067aa0ba902b7';
/** The environment `hookscope exec --event PreToolUse --name guard` gives its command. */
const UNDER_EXEC = {
  TRACEPARENT: `00-${WRAPPER_TRACE}-${WRAPPER_SPAN}-01`,
  HOOKSCOPE_EXEC_SPAN_ID: WRAPPER_SPAN,
  HOOKSCOPE_HOOK_EVENT: 'PreToolUse',
  HOOKSCOPE_HOOK_NAME: 'guard',
};

let handle: TelemetryHandle | undefined;
const cleanups: (() => void)[] = [];

function setup(env: Record<string, string> = {}): string {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const spoolDir = join(tmp.dir, 'spool');
  handle = initTelemetry({ spoolDir, env });
  return spoolDir;
}

afterEach(() => {
  handle?.shutdown();
  handle = undefined;
  while (cleanups.length) cleanups.pop()!();
});

type Recorded = SpoolSpan & { a: Record<string, unknown> };
function recorded(spoolDir: string): Recorded[] {
  return readSpool(spoolDir).map(({ span }) => ({ ...span, a: typedAttrs(span.attributes) }));
}
const ofKind = (spans: Recorded[], kind: string) =>
  spans.filter((s) => s.a['hookscope.kind'] === kind);
const labels = (s: Recorded) => [s.a['hookscope.hook.event'], s.a['hookscope.hook.name']];

/** Blocks this thread for `ms`, as synchronous hook work would. */
const busy = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('traceHook under hookscope exec', () => {
  it("records a hook_body span with the wrapper's labels, and the work inside with them", () => {
    const spoolDir = setup(UNDER_EXEC);
    const out = traceHook('Stop', 'my-hook', () => {
      traceValidation('units', () => true);
      recordValidation({ name: 'schema', seconds: 0.25, outcome: 'passed' });
      recordAgent({ name: 'reviewer', seconds: 0.5 });
      return 'done';
    });
    expect(out).toBe('done');
    const spans = recorded(spoolDir);
    expect(ofKind(spans, 'hook')).toEqual([]);
    const [body] = ofKind(spans, 'hook_body');
    expect(body).toBeDefined();
    expect(body!.name).toBe('Stop my-hook'); // the code's own name stays on the span
    expect(labels(body!)).toEqual(['PreToolUse', 'guard']);
    expect(body!.a['hookscope.hook.outcome']).toBe('success');
    expect([body!.traceId, body!.parentSpanId]).toEqual([WRAPPER_TRACE, WRAPPER_SPAN]);
    expect(ofKind(spans, 'validation').map(labels)).toEqual([
      ['PreToolUse', 'guard'],
      ['PreToolUse', 'guard'],
    ]);
    for (const s of spans.filter((x) => x !== body)) expect(s.parentSpanId).toBe(body!.spanId);
  });

  it("takes traceHook's event when the wrapper was given no --event (it then uses the payload's)", () => {
    const { HOOKSCOPE_HOOK_EVENT: _, ...noEvent } = UNDER_EXEC;
    const spoolDir = setup(noEvent);
    traceHook('PostToolUse', 'my-hook', () => traceValidation('units', () => true));
    const spans = recorded(spoolDir);
    expect(ofKind(spans, 'hook_body').map(labels)).toEqual([['PostToolUse', 'guard']]);
    expect(ofKind(spans, 'validation').map(labels)).toEqual([['PostToolUse', 'guard']]);
  });

  it("takes the wrapper's 'unknown' name when it could not name the hook", () => {
    const { HOOKSCOPE_HOOK_NAME: _, ...noName } = UNDER_EXEC;
    const spoolDir = setup(noName);
    traceHook('Stop', 'my-hook', () => undefined);
    expect(ofKind(recorded(spoolDir), 'hook_body').map(labels)).toEqual([
      ['PreToolUse', 'unknown'],
    ]);
  });

  it('records a hook span as usual when the marker is absent or malformed', () => {
    for (const marker of [undefined, '', 'not-a-span-id', '0000000000000000', 'ABCDEF0123456789']) {
      const env: Record<string, string> = { ...UNDER_EXEC };
      if (marker === undefined) delete env['HOOKSCOPE_EXEC_SPAN_ID'];
      else env['HOOKSCOPE_EXEC_SPAN_ID'] = marker;
      const spoolDir = setup(env);
      traceHook('Stop', 'my-hook', () => undefined);
      const spans = recorded(spoolDir);
      expect(ofKind(spans, 'hook').map(labels), String(marker)).toEqual([['Stop', 'my-hook']]);
      handle!.shutdown();
    }
  });
});

describe('traceHook inside traceHook', () => {
  it('counts the outer one; the inner one and its work take its labels', async () => {
    const spoolDir = setup();
    await traceHook('pre-commit', 'all', () =>
      traceHook('pre-commit', 'lint', async () => {
        traceValidation('eslint', () => true);
      }),
    );
    const spans = recorded(spoolDir);
    expect(ofKind(spans, 'hook').map(labels)).toEqual([['pre-commit', 'all']]);
    expect(ofKind(spans, 'hook_body').map((s) => [s.name, ...labels(s)])).toEqual([
      ['pre-commit lint', 'pre-commit', 'all'],
    ]);
    expect(ofKind(spans, 'validation').map(labels)).toEqual([['pre-commit', 'all']]);
  });
});

describe("the hook's monitoring overhead (hookscope.hook.overhead)", () => {
  it("is on every hook span: hookscope's own time, without the hook's", () => {
    const spoolDir = setup();
    // The spool file is created by initTelemetry, where its cost is timed.
    expect(readdirSync(spoolDir)).toHaveLength(1);
    traceHook('Stop', 'fast', () => undefined);
    traceHook('Stop', 'slow', () => {
      trace.getTracer('mine').startActiveSpan('step', (s) => s.end());
      traceValidation('v', () => true);
      busy(300);
    });
    const hooks = ofKind(recorded(spoolDir), 'hook');
    expect(hooks.map((h) => h.name)).toEqual(['Stop fast', 'Stop slow']);
    for (const h of hooks) {
      const overhead = h.a['hookscope.hook.overhead'];
      expect(typeof overhead).toBe('number');
      expect(overhead).toBeGreaterThan(0);
      // The 300 ms the hook itself spent are not hookscope's.
      expect(overhead as number).toBeLessThan(0.3);
    }
  });

  it('is on the hook_body span under the wrapper (the wrapper reports its own)', () => {
    const spoolDir = setup(UNDER_EXEC);
    traceHook('PreToolUse', 'guard', () => undefined);
    const [body] = ofKind(recorded(spoolDir), 'hook_body');
    expect(body!.a['hookscope.hook.overhead']).toBeGreaterThan(0);
  });

  it('keeps a value the hook sets itself', () => {
    const spoolDir = setup();
    traceHook('Stop', 'emit', (span) => span.setAttribute('hookscope.hook.overhead', 0.125));
    const [hook] = ofKind(recorded(spoolDir), 'hook');
    expect(hook!.a['hookscope.hook.overhead']).toBe(0.125);
  });
});
