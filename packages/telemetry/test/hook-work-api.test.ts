import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  initTelemetry,
  recordAgent,
  recordCacheLookup,
  recordCompression,
  recordConversationExchange,
  recordRestart,
  recordTestRun,
  recordTestSelection,
  recordValidation,
  setTokenUsage,
  traceAgent,
  traceCacheLookup,
  traceHook,
  traceTestRun,
  traceTestSelection,
  traceValidation,
  type TelemetryHandle,
} from '../src/index.js';
import { tempDir } from '../../../test/support/paths.js';
import { attrs, durationSeconds, readSpool, type SpoolSpan } from '../../../test/support/spool.js';

let handle: TelemetryHandle | undefined;
const cleanups: (() => void)[] = [];

function setup(env: Record<string, string> = {}) {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const spoolDir = join(tmp.dir, 'spool');
  const selectionDir = join(tmp.dir, 'selections');
  handle = initTelemetry({
    spoolDir,
    env: { HOOKSCOPE_TEST_SELECTION_DIR: selectionDir, ...env },
  });
  return { spoolDir, selectionDir, dir: tmp.dir };
}

/** Spans in the spool by name, with attributes as a plain object (OTLP ints are strings). */
function spans(spoolDir: string) {
  return readSpool(spoolDir).map(({ span }) => ({ span, a: attrs(span.attributes) }));
}

function only(spoolDir: string, name: string): { span: SpoolSpan; a: Record<string, unknown> } {
  const found = spans(spoolDir).filter((s) => s.span.name === name);
  expect(found.map((s) => s.span.name)).toEqual([name]);
  return found[0]!;
}

afterEach(() => {
  handle?.shutdown();
  handle = undefined;
  while (cleanups.length) cleanups.pop()!();
});

describe('nesting under the hook span', () => {
  it('puts every kind of work under the active hook span, written as one spool line', async () => {
    const { spoolDir } = setup();
    await traceHook('pre-commit', 'gate', async () => {
      await traceAgent('reviewer', async () => 'ok');
      traceValidation('units', () => true);
      const sel = traceTestSelection({ suite: 'unit', strategy: 's' }, () => ({
        totalTests: 10,
        selectedTests: 2,
      }));
      traceTestRun({ suite: 'unit', selection: sel }, () => ({ passed: 2, failed: 0 }));
      traceCacheLookup('c', () => 1);
      recordAgent({ name: 'other', seconds: 1 });
      recordValidation({ name: 'v', seconds: 1, outcome: 'passed' });
      recordTestSelection({ suite: 'u', strategy: 's', totalTests: 1, selectedTests: 1 });
      recordTestRun({ suite: 'u', seconds: 1, passed: 1, failed: 0 });
      recordCacheLookup({ cache: 'c', hit: false });
      recordConversationExchange({ processType: 'tactical', responseSeconds: 1 });
      recordCompression({ beforeTokens: 10, afterTokens: 5 });
      recordRestart({ processType: 'tactical', success: true });
    });
    const all = spans(spoolDir);
    const hook = all.find((s) => s.a['hookscope.kind'] === 'hook')!;
    const work = all.filter((s) => s !== hook);
    expect(work.map((s) => s.a['hookscope.kind']).sort()).toEqual(
      [
        'agent',
        'agent',
        'cache_lookup',
        'cache_lookup',
        'context_compression',
        'conversation_exchange',
        'restart',
        'test_run',
        'test_run',
        'test_selection',
        'test_selection',
        'validation',
        'validation',
      ].sort(),
    );
    for (const { span } of work) {
      expect(span.parentSpanId, span.name).toBe(hook.span.spanId);
      expect(span.traceId, span.name).toBe(hook.span.traceId);
    }
    const [file] = readdirSync(spoolDir);
    expect(readSpool(spoolDir).length).toBe(14);
    expect(file).toBeDefined();
  });

  it('attributes validators to their hook, also when nested deeper (inside an agent)', async () => {
    const { spoolDir } = setup();
    await traceHook('PreToolUse', 'guard', () =>
      traceAgent('a', () => traceValidation('deep', () => true)),
    );
    const { a } = only(spoolDir, 'validate deep');
    expect(a).toMatchObject({
      'hookscope.hook.event': 'PreToolUse',
      'hookscope.hook.name': 'guard',
      'hookscope.validation.outcome': 'passed',
    });
  });

  it('outside traceHook, takes the hook from HOOKSCOPE_HOOK_EVENT/NAME (set by a wrapper)', () => {
    const { spoolDir } = setup({ HOOKSCOPE_HOOK_EVENT: 'pre-push', HOOKSCOPE_HOOK_NAME: 'gate' });
    recordValidation({ name: 'v', seconds: 0.5, outcome: 'failed' });
    expect(only(spoolDir, 'validate v').a).toMatchObject({
      'hookscope.hook.event': 'pre-push',
      'hookscope.hook.name': 'gate',
      'hookscope.validation.outcome': 'failed',
    });
  });
});

describe('traceAgent', () => {
  it('writes a GenAI invoke_agent span with token usage, returning the result unchanged', async () => {
    const { spoolDir } = setup();
    const result = await traceAgent(
      'code-reviewer',
      async (span) => {
        setTokenUsage(span, { inputTokens: 1200, outputTokens: 34 });
        return { findings: 2 };
      },
      { model: 'claude-sonnet-4-5', provider: 'anthropic', conversationId: 'conv-1' },
    );
    expect(result).toEqual({ findings: 2 });
    const { span, a } = only(spoolDir, 'invoke_agent code-reviewer');
    expect(a).toEqual({
      'hookscope.kind': 'agent',
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'code-reviewer',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.conversation.id': 'conv-1',
      'gen_ai.usage.input_tokens': '1200',
      'gen_ai.usage.output_tokens': '34',
    });
    expect(span.status).toBeUndefined();
  });

  it('rethrows the very error, marking the span failed with its type', async () => {
    const { spoolDir } = setup();
    const boom = new TypeError('model unreachable');
    await expect(
      traceAgent('a', async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    const { span, a } = only(spoolDir, 'invoke_agent a');
    expect(span.status).toEqual({ code: 2 });
    expect(a['error.type']).toBe('TypeError');
    expect(JSON.stringify(span)).not.toContain('model unreachable');
  });
});

describe('traceValidation', () => {
  it('passed, failed (returned false, sync or async) and error (threw)', async () => {
    const { spoolDir } = setup();
    expect(traceValidation('ok', () => 'anything')).toBe('anything');
    expect(traceValidation('bad', () => false)).toBe(false);
    expect(await traceValidation('bad-async', async () => false)).toBe(false);
    expect(() =>
      traceValidation('crash', () => {
        throw new RangeError('x');
      }),
    ).toThrow(RangeError);
    const outcome = (n: string) =>
      only(spoolDir, `validate ${n}`).a['hookscope.validation.outcome'];
    expect([outcome('ok'), outcome('bad'), outcome('bad-async'), outcome('crash')]).toEqual([
      'passed',
      'failed',
      'failed',
      'error',
    ]);
  });
});

describe('traceCacheLookup and recordCacheLookup', () => {
  it('hit unless undefined/null, sizes, errors; the value comes back unchanged', async () => {
    const { spoolDir } = setup();
    const entry = { verdict: true };
    expect(traceCacheLookup('hit', () => entry, { bytes: () => 17 })).toBe(entry);
    expect(traceCacheLookup('miss', () => undefined)).toBeUndefined();
    expect(await traceCacheLookup('async-miss', async () => null)).toBeNull();
    expect(traceCacheLookup('custom', () => '', { isHit: (v) => v !== '' })).toBe('');
    expect(() =>
      traceCacheLookup('broken', () => {
        throw new Error('EIO');
      }),
    ).toThrow('EIO');
    recordCacheLookup({ cache: 'rec', hit: true, seconds: 0.002, bytes: 40 });
    recordCacheLookup({ cache: 'untimed', hit: false });
    const got = (n: string) => only(spoolDir, `cache_lookup ${n}`).a;
    expect(got('hit')).toMatchObject({
      'hookscope.cache.result': 'hit',
      'hookscope.cache.entry_bytes': '17',
    });
    expect(got('miss')['hookscope.cache.result']).toBe('miss');
    expect(got('async-miss')['hookscope.cache.result']).toBe('miss');
    expect(got('custom')['hookscope.cache.result']).toBe('miss');
    expect(got('broken')['hookscope.cache.result']).toBe('error');
    expect(got('rec')).toMatchObject({ 'hookscope.cache.result': 'hit' });
    expect(durationSeconds(only(spoolDir, 'cache_lookup rec').span)).toBe(0.002);
    expect(got('untimed')['hookscope.untimed']).toBe(true);
  });

  it('still ends the span and returns the value when a callback of the caller throws', () => {
    const { spoolDir } = setup();
    const v = traceCacheLookup('c', () => 5, {
      isHit: () => {
        throw new Error('bug in isHit');
      },
    });
    expect(v).toBe(5);
    expect(only(spoolDir, 'cache_lookup c').span).toBeDefined();
  });
});

describe('test selection and runs', () => {
  it('carries the selection (strategy, estimate, selection time) into the run after it', async () => {
    const { spoolDir } = setup();
    const mine = { totalTests: 400, selectedTests: 100, estimatedFullSuiteSeconds: 80, extra: 'x' };
    const sel = await traceTestSelection({ suite: 'unit', strategy: 'testmon' }, async () => mine);
    expect(sel).toBe(mine);
    const results = { passed: 99, failed: 1, skipped: 3 };
    expect(traceTestRun({ suite: 'unit', selection: sel }, () => results)).toBe(results);
    const s = only(spoolDir, 'select_tests unit').a;
    expect(s).toMatchObject({
      'test.suite.name': 'unit',
      'hookscope.test.selection.strategy': 'testmon',
      'hookscope.test.selection.total_tests': '400',
      'hookscope.test.selection.selected_tests': '100',
      'hookscope.test.selection.full_suite_estimate_seconds': '80',
    });
    const r = only(spoolDir, 'run_tests unit').a;
    expect(r).toMatchObject({
      'hookscope.test.run.mode': 'selected',
      'hookscope.test.selection.strategy': 'testmon',
      'hookscope.test.selection.full_suite_estimate_seconds': '80',
      'test.suite.run.status': 'failure',
      'hookscope.test.run.passed_tests': '99',
      'hookscope.test.run.failed_tests': '1',
      'hookscope.test.run.skipped_tests': '3',
    });
    expect(r['hookscope.test.selection.seconds']).toBeGreaterThanOrEqual(0);
  });

  it('marks a run that throws as aborted', () => {
    const { spoolDir } = setup();
    expect(() =>
      traceTestRun({ suite: 'unit' }, () => {
        throw new Error('runner crashed');
      }),
    ).toThrow('runner crashed');
    expect(only(spoolDir, 'run_tests unit').a).toMatchObject({
      'hookscope.test.run.mode': 'full',
      'test.suite.run.status': 'aborted',
    });
  });

  it('counts failures of a full run among the tests the latest selection left out', () => {
    const { spoolDir, selectionDir } = setup();
    recordTestSelection({
      suite: 'unit',
      strategy: 'changed-files',
      totalTests: 4,
      selectedTests: 2,
      selectedTestIds: ['t/a', 't/b'],
    });
    expect(readdirSync(selectionDir)).toHaveLength(1);
    // t/b failed in the selection too (not missed); t/c and t/d were left out: missed.
    traceTestRun({ suite: 'unit', mode: 'full' }, () => ({
      passed: 1,
      failed: 3,
      failedTestIds: ['t/b', 't/c', 't/d'],
    }));
    const first = spans(spoolDir).filter((s) => s.span.name === 'run_tests unit');
    expect(first[0]!.a).toMatchObject({
      'hookscope.test.run.missed_failures': '2',
      'hookscope.test.selection.strategy': 'changed-files',
    });
    expect(first[0]!.a['hookscope.test.run.missed_failure_ids']).toEqual({
      values: [{ stringValue: 't/c' }, { stringValue: 't/d' }],
    });
    // The selection is verified once: a second full run has nothing to compare with.
    expect(readdirSync(selectionDir)).toHaveLength(0);
    recordTestRun({
      suite: 'unit',
      mode: 'full',
      seconds: 1,
      passed: 1,
      failed: 1,
      failedTestIds: ['t/c'],
    });
    const second = spans(spoolDir).filter((s) => s.span.name === 'run_tests unit')[1]!;
    expect(second.a['hookscope.test.run.missed_failures']).toBeUndefined();
  });

  it('verifies a selection only by a full run of the same revision and directory', () => {
    const { spoolDir, dir } = setup();
    const selection = {
      suite: 'unit',
      strategy: 's',
      totalTests: 2,
      selectedTests: 1,
      selectedTestIds: ['a'],
      revision: 'r1',
    };
    recordTestSelection(selection);
    recordTestRun({
      suite: 'unit',
      mode: 'full',
      seconds: 1,
      passed: 1,
      failed: 1,
      failedTestIds: ['b'],
      revision: 'r2',
    });
    const elsewhere = join(dir, 'other-repo');
    mkdirSync(elsewhere);
    const cwd = process.cwd();
    process.chdir(elsewhere);
    try {
      recordTestRun({
        suite: 'unit',
        mode: 'full',
        seconds: 1,
        passed: 1,
        failed: 1,
        failedTestIds: ['b'],
      });
    } finally {
      process.chdir(cwd);
    }
    recordTestRun({
      suite: 'unit',
      mode: 'full',
      seconds: 1,
      passed: 1,
      failed: 1,
      failedTestIds: ['b'],
      revision: 'r1',
    });
    const missed = spans(spoolDir)
      .filter((s) => s.span.name === 'run_tests unit')
      .map((s) => s.a['hookscope.test.run.missed_failures']);
    expect(missed).toEqual([undefined, undefined, '1']);
  });

  it('keeps test ids off spans and out of the spool (only the missed ones, capped)', () => {
    const { spoolDir } = setup();
    const ids = Array.from({ length: 50 }, (_, i) => `tests/test_${i}.py::test_x`);
    recordTestSelection({
      suite: 'u',
      strategy: 's',
      totalTests: 100,
      selectedTests: 0,
      selectedTestIds: [],
    });
    recordTestRun({
      suite: 'u',
      mode: 'full',
      seconds: 1,
      passed: 50,
      failed: 50,
      failedTestIds: ids,
    });
    const text = JSON.stringify(readSpool(spoolDir));
    expect(text).toContain('tests/test_19.py');
    expect(text).not.toContain('tests/test_20.py');
    expect(only(spoolDir, 'run_tests u').a['hookscope.test.run.missed_failures']).toBe('50');
  });
});

describe('conversations', () => {
  it('records an exchange as a GenAI chat client span lasting the response time', () => {
    const { spoolDir } = setup();
    recordConversationExchange({
      conversationId: 'conv-7',
      processType: 'tactical',
      model: 'claude-haiku',
      responseSeconds: 1.75,
      turn: 3,
      inputTokens: 900,
      outputTokens: 120,
      contextTokens: 15000,
      success: false,
      errorType: 'rate_limited',
    });
    const { span, a } = only(spoolDir, 'chat claude-haiku');
    expect(durationSeconds(span)).toBe(1.75);
    expect((span as SpoolSpan & { kind: number }).kind).toBe(3); // OTLP SPAN_KIND_CLIENT
    expect(span.status).toEqual({ code: 2 });
    expect(a).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.conversation.id': 'conv-7',
      'hookscope.conversation.process_type': 'tactical',
      'hookscope.conversation.turn': '3',
      'hookscope.conversation.context_tokens': '15000',
      'error.type': 'rate_limited',
    });
  });

  it('records compressions and restarts', () => {
    const { spoolDir } = setup();
    recordCompression({
      beforeTokens: 120000,
      afterTokens: 30000,
      seconds: 2.5,
      criticalInfoPreserved: true,
      processType: 'strategic',
      trigger: 'auto',
    });
    recordRestart({ processType: 'strategic', success: false, seconds: 4 });
    const c = only(spoolDir, 'compress_context');
    expect(durationSeconds(c.span)).toBe(2.5);
    expect(c.a).toMatchObject({
      'hookscope.compression.tokens_before': '120000',
      'hookscope.compression.tokens_after': '30000',
      'hookscope.compression.critical_info_preserved': true,
      'hookscope.compression.trigger': 'auto',
    });
    const r = only(spoolDir, 'restart strategic');
    expect(r.span.status).toEqual({ code: 2 });
    expect(r.a['error.type']).toBe('restart_failed');
  });
});

describe('never throws into the caller', () => {
  it('drops invalid values instead of throwing, and survives garbage input', () => {
    const { spoolDir } = setup();
    const garbage = [null, undefined, 42, 'x', {}] as never[];
    for (const g of garbage) {
      expect(() => recordAgent(g)).not.toThrow();
      expect(() => recordValidation(g)).not.toThrow();
      expect(() => recordTestSelection(g)).not.toThrow();
      expect(() => recordTestRun(g)).not.toThrow();
      expect(() => recordCacheLookup(g)).not.toThrow();
      expect(() => recordConversationExchange(g)).not.toThrow();
      expect(() => recordCompression(g)).not.toThrow();
      expect(() => recordRestart(g)).not.toThrow();
      expect(() => setTokenUsage(g, g)).not.toThrow();
    }
    recordConversationExchange({
      processType: 't',
      model: 'm',
      responseSeconds: -1,
      inputTokens: 1.5,
      outputTokens: Number.NaN,
    });
    const { a } = only(spoolDir, 'chat m');
    // Objects without the required fields still count (with `unknown` labels); non-objects do not.
    expect(spans(spoolDir).map((s) => s.span.name)).toContain('chat');
    expect(a['hookscope.untimed']).toBe(true);
    expect(a['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(a['gen_ai.usage.output_tokens']).toBeUndefined();
  });

  it('runs the work unchanged when the options are not even objects', () => {
    setup();
    const r = { totalTests: 1, selectedTests: 1 };
    expect(traceTestSelection(null as never, () => r)).toBe(r);
    expect(traceTestRun(undefined as never, () => 7 as never)).toBe(7);
    expect(traceAgent('a', () => 'x', null as never)).toBe('x');
    expect(traceCacheLookup('c', () => 1, 'nonsense' as never)).toBe(1);
  });

  it('runs the work unchanged when telemetry is not initialized', async () => {
    expect(traceAgent('a', () => 1)).toBe(1);
    expect(await traceValidation('v', async () => false)).toBe(false);
    expect(traceCacheLookup('c', () => 'v')).toBe('v');
    expect(() => recordRestart({ processType: 't', success: true })).not.toThrow();
  });

  it('records nothing to disk for test ids when telemetry is disabled', () => {
    const { selectionDir } = setup({ HOOKSCOPE_DISABLED: '1' });
    recordTestSelection({
      suite: 'u',
      strategy: 's',
      totalTests: 1,
      selectedTests: 1,
      selectedTestIds: ['a'],
    });
    expect(existsSync(selectionDir)).toBe(false);
  });
});
