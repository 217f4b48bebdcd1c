import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOKSCOPE_LAUNCHER, tempDir } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';
import { attrs, durationSeconds, readSpool, typedAttrs } from '../../../test/support/spool.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

/** Runs `hookscope emit ...` with a fresh spool and selection directory of its own. */
async function emit(args: string[], env: Record<string, string> = {}) {
  const base = join(tmp.dir, String(n++));
  const spoolDir = join(base, 'spool');
  const selectionDir = join(base, 'selections');
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOOKSCOPE_SPOOL_DIR: spoolDir,
    HOOKSCOPE_TEST_SELECTION_DIR: selectionDir,
    ...env,
  };
  for (const k of ['TRACEPARENT', 'HOOKSCOPE_DISABLED', 'OTEL_SDK_DISABLED']) {
    if (!(k in env)) delete childEnv[k];
  }
  // Through bin/hookscope, as hooks run it (its fast path: dist/emit.cjs).
  const r = await runToEnd(HOOKSCOPE_LAUNCHER, ['emit', ...args], { env: childEnv });
  const written = existsSync(spoolDir) ? readdirSync(spoolDir) : [];
  return { ...r, spoolDir, selectionDir, written, base };
}

describe('hookscope emit: bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown kind', ['agnet', '--name', 'a'], /unknown kind 'agnet'; kinds: agent, validation/],
    [
      'unknown flag',
      ['agent', '--name', 'a', '--seconds', '1', '--nam', 'x'],
      /agent: Unknown option '--nam'/,
    ],
    ['missing required', ['agent', '--seconds', '1'], /agent: missing --name \(agent name\)/],
    ['flag without value', ['agent', '--name'], /agent: Option '--name <value>' argument missing/],
    [
      'negative seconds',
      ['agent', '--name', 'a', '--seconds=-1'],
      /--seconds must be a non-negative number of seconds, got '-1'/,
    ],
    [
      'seconds not a number',
      ['validation', '--name', 'v', '--seconds', '1s', '--outcome', 'passed'],
      /--seconds must be a non-negative number of seconds, got '1s'/,
    ],
    [
      'bad enum',
      ['validation', '--name', 'v', '--seconds', '1', '--outcome', 'ok'],
      /--outcome must be one of passed, failed, error, got 'ok'/,
    ],
    [
      'fractional count',
      [
        'test-selection',
        '--suite',
        'u',
        '--strategy',
        's',
        '--total-tests',
        '10.5',
        '--selected-tests',
        '2',
      ],
      /--total-tests must be a non-negative integer, got '10.5'/,
    ],
    [
      'bad mode',
      [
        'test-run',
        '--suite',
        'u',
        '--mode',
        'some',
        '--seconds',
        '1',
        '--passed',
        '1',
        '--failed',
        '0',
      ],
      /--mode must be one of selected, full, got 'some'/,
    ],
    [
      'bad bool',
      ['cache-lookup', '--cache', 'c', '--hit', 'maybe'],
      /--hit must be true or false, got 'maybe'/,
    ],
    [
      'id as a label',
      [
        'conversation-exchange',
        '--process-type',
        'tactical',
        '--model',
        'm',
        '--response-seconds',
        '1',
        '--error-type',
        '3f2a9c1e-1111-2222-3333-444455556666',
      ],
      /--error-type must be a short, stable name .*put ids in the span-only fields/,
    ],
    [
      'session id as process type',
      ['restart', '--process-type', 'proc-1732147200123', '--success', 'true'],
      /--process-type must be a short, stable name/,
    ],
    [
      'empty label',
      ['compression', '--before-tokens', '10', '--after-tokens', '5', '--trigger', ''],
      /--trigger must not be empty/,
    ],
    [
      'unreadable ids file',
      [
        'test-run',
        '--suite',
        'u',
        '--mode',
        'full',
        '--seconds',
        '1',
        '--passed',
        '1',
        '--failed',
        '1',
        '--failed-test-ids',
        '/nonexistent/ids.txt',
      ],
      /--failed-test-ids: cannot read \/nonexistent\/ids.txt \(ENOENT\)/,
    ],
    ['positional argument', ['restart', 'tactical'], /restart: Unexpected argument 'tactical'/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: exit 2, says what is wrong, writes nothing`, async () => {
      const r = await emit(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^hookscope emit: /);
      expect(r.stderr).toMatch(message);
      expect(r.written).toEqual([]);
      expect(existsSync(r.selectionDir)).toBe(false);
    });
  }

  it('prints the kinds with no arguments (exit 2) and with --help (exit 0)', async () => {
    const none = await emit([]);
    expect(none.code).toBe(2);
    expect(none.stdout.toString()).toMatch(/kinds:\n\s+agent\s+a sub-agent invocation/);
    const help = await emit(['test-run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.toString()).toMatch(/--failed-test-ids\s+file with the failed test ids/);
    expect(help.written).toEqual([]);
  });
});

describe('hookscope emit: recording', () => {
  it('joins the trace of $TRACEPARENT, nesting under the span that started it', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parent = '00f067aa0ba902b7';
    const r = await emit(
      [
        'agent',
        '--name',
        'reviewer',
        '--seconds',
        '2.5',
        '--model',
        'claude-sonnet-4-5-20250929',
        '--input-tokens',
        '1200',
        '--conversation-id',
        'c-1',
      ],
      { TRACEPARENT: `00-${traceId}-${parent}-01` },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [{ span }] = readSpool(r.spoolDir);
    expect(span.traceId).toBe(traceId);
    expect(span.parentSpanId).toBe(parent);
    expect(span.name).toBe('invoke_agent reviewer');
    expect(durationSeconds(span)).toBe(2.5);
    expect(attrs(span.attributes)).toMatchObject({
      'gen_ai.agent.name': 'reviewer',
      'gen_ai.request.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.usage.input_tokens': '1200',
      'gen_ai.conversation.id': 'c-1',
    });
  });

  it('attributes a validation to the hook named by the wrapper environment or flags', async () => {
    const env = { HOOKSCOPE_HOOK_EVENT: 'PreToolUse', HOOKSCOPE_HOOK_NAME: 'guard' };
    const fromEnv = await emit(
      ['validation', '--name', 'units', '--seconds', '0.5', '--outcome', 'failed'],
      env,
    );
    expect(attrs(readSpool(fromEnv.spoolDir)[0]!.span.attributes)).toMatchObject({
      'hookscope.hook.event': 'PreToolUse',
      'hookscope.hook.name': 'guard',
      'hookscope.validation.outcome': 'failed',
    });
    const fromFlags = await emit(
      [
        'validation',
        '--name',
        'units',
        '--seconds',
        '0.5',
        '--outcome',
        'passed',
        '--hook-event',
        'pre-commit',
        '--hook-name',
        'gate',
      ],
      env,
    );
    expect(attrs(readSpool(fromFlags.spoolDir)[0]!.span.attributes)).toMatchObject({
      'hookscope.hook.event': 'pre-commit',
      'hookscope.hook.name': 'gate',
    });
  });

  it("under hookscope exec, reports its whole process as the hook's monitoring overhead", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const wrapper = '00f067aa0ba902b7';
    const t0 = performance.now();
    const r = await emit(['agent', '--name', 'reviewer', '--seconds', '2.5'], {
      TRACEPARENT: `00-${traceId}-${wrapper}-01`,
      HOOKSCOPE_EXEC_SPAN_ID: wrapper,
      HOOKSCOPE_HOOK_EVENT: 'Stop',
      HOOKSCOPE_HOOK_NAME: 'review',
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    expect([r.code, r.stderr]).toEqual([0, '']);
    const spans = readSpool(r.spoolDir).map(({ span }) => ({
      span,
      a: typedAttrs(span.attributes),
    }));
    const body = spans.find((s) => s.a['hookscope.kind'] === 'hook_body')!;
    const agent = spans.find((s) => s.span.name === 'invoke_agent reviewer')!;
    // Not a hook run of its own: the wrapper counts the run; the event nests under the body.
    expect(spans.map((s) => s.a['hookscope.kind'])).toEqual(['agent', 'hook_body']);
    expect([body.a['hookscope.hook.event'], body.a['hookscope.hook.name']]).toEqual([
      'Stop',
      'review',
    ]);
    expect(body.span.parentSpanId).toBe(wrapper);
    expect(agent.span.parentSpanId).toBe(body.span.spanId);
    expect(durationSeconds(agent.span)).toBe(2.5);
    // Node's start-up and loading hookscope are all in it: more than the body's own duration.
    const overhead = body.a['hookscope.hook.overhead'] as number;
    expect(overhead).toBeGreaterThan(durationSeconds(body.span));
    expect(overhead).toBeLessThan(wallSeconds);
  });

  it('verifies a selection from one process by a full run in another (missed failures)', async () => {
    const selected = join(tmp.dir, 'selected.txt');
    const failed = join(tmp.dir, 'failed.txt');
    writeFileSync(selected, 'tests/a.py::test_1\ntests/b.py::test_2\n');
    writeFileSync(failed, 'tests/b.py::test_2\ntests/c.py::test_3\n');
    const sel = await emit([
      'test-selection',
      '--suite',
      'unit',
      '--strategy',
      'testmon',
      '--total-tests',
      '3',
      '--selected-tests',
      '2',
      '--selected-test-ids',
      selected,
    ]);
    expect(sel.code).toBe(0);
    const env = { HOOKSCOPE_TEST_SELECTION_DIR: sel.selectionDir };
    const run = await emit(
      [
        'test-run',
        '--suite',
        'unit',
        '--mode',
        'full',
        '--seconds',
        '3',
        '--passed',
        '1',
        '--failed',
        '2',
        '--failed-test-ids',
        failed,
      ],
      env,
    );
    expect(run.code).toBe(0);
    expect(attrs(readSpool(run.spoolDir)[0]!.span.attributes)).toMatchObject({
      'hookscope.test.run.missed_failures': '1',
      'hookscope.test.selection.strategy': 'testmon',
      'test.suite.run.status': 'failure',
    });
  });

  it('warns but exits 0 when the spool cannot be written (a hook must not fail for it)', async () => {
    const notADir = join(tmp.dir, 'file');
    writeFileSync(notADir, '');
    const r = await emit(['restart', '--process-type', 'tactical', '--success', 'true'], {
      HOOKSCOPE_SPOOL_DIR: join(notADir, 'spool'),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /hookscope emit: warning: could not write to the spool .*\(ENOTDIR.*\); the event is lost/,
    );
  });

  it('writes nothing, successfully, when telemetry is disabled', async () => {
    const r = await emit(['restart', '--process-type', 'tactical', '--success', 'true'], {
      HOOKSCOPE_DISABLED: '1',
    });
    expect(r.code).toBe(0);
    expect(r.written).toEqual([]);
  });
});
