import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HOOKSCOPE_BIN, HOOKSCOPE_LAUNCHER, REPO_ROOT } from './support/paths.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';
import { runToEnd } from './support/processes.js';
import { readSpool, typedAttrs } from './support/spool.js';

const LIBRARY_HOOK = join(REPO_ROOT, 'test', 'fixtures', 'library-hook.mjs');
const EMIT_HOOK = join(REPO_ROOT, 'test', 'fixtures', 'emit-hook.sh');
const EXIT_WITH = join(REPO_ROOT, 'packages', 'cli', 'test', 'fixtures', 'hooks', 'exit-with.sh');

const payload = (event: string) =>
  JSON.stringify({
    session_id: 'layers-session',
    transcript_path: '/tmp/t.jsonl',
    cwd: REPO_ROOT,
    hook_event_name: event,
    tool_name: 'Bash',
    tool_input: { command: 'ls' },
    tool_use_id: 'toolu_1',
  });

/**
 * One hook run is one hook execution whatever measures it: `hookscope exec` alone, the library
 * alone, both, and `hookscope emit` under exec. Real hooks (the bundled library, the real
 * wrapper and emit) write the spool; the real collector derives the metrics; Prometheus scrapes
 * them. The work inside each run is attributed to the execution that counts it, and each layer's
 * monitoring overhead adds up under the same labels.
 */
describe('hooks measured by several layers, to Prometheus', () => {
  let pipeline: Pipeline;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    pipeline = await startPipeline();
    env = { ...pipeline.env, HOOKSCOPE: `${process.execPath} ${HOOKSCOPE_BIN}` };
  });
  afterAll(() => pipeline?.stop());

  const exec = (args: string[]) => [HOOKSCOPE_LAUNCHER, 'exec', ...args];
  const node = (code: number) => [process.execPath, LIBRARY_HOOK, String(code)];
  // [argv, payload event, expected exit code]
  const RUNS: [string[], string, number][] = [
    // the library alone
    [node(0), 'PreToolUse', 0],
    [node(0), 'PreToolUse', 0],
    // the library under the wrapper, as `hookscope install` wraps it
    ...[0, 2, 0].map((c): [string[], string, number] => [
      exec(['--event', 'PreToolUse', '--name', 'guard', '--', ...node(c)]),
      'PreToolUse',
      c,
    ]),
    // the same without --event: both take the payload's
    [exec(['--name', 'fmt', '--', ...node(0)]), 'PostToolUse', 0],
    // a shell hook recording with `hookscope emit`, under the wrapper
    [exec(['--event', 'Stop', '--name', 'shell-check', '--', EMIT_HOOK]), 'Stop', 0],
    [exec(['--event', 'Stop', '--name', 'shell-check', '--', EMIT_HOOK]), 'Stop', 0],
    // the wrapper alone
    [exec(['--event', 'Stop', '--name', 'plain', '--', EXIT_WITH, '0']), 'Stop', 0],
  ];

  it("counts each run once, attributes its work to it, and adds up every layer's overhead", async () => {
    for (const [argv, event, code] of RUNS) {
      const r = await runToEnd(argv[0]!, argv.slice(1), { env, input: payload(event) });
      const stderr = argv.includes(EXIT_WITH) ? 'err' : ''; // exit-with.sh writes 'err'
      expect([r.code, r.stderr], argv.join(' ')).toEqual([code, stderr]);
      if (argv.includes(LIBRARY_HOOK)) {
        // The hook's answer passes through the wrapper unchanged.
        expect(r.stdout.toString()).toBe(`{"decision":"${code === 2 ? 'block' : 'approve'}"}`);
      }
    }
    await pipeline.settle();
    const { prom } = pipeline;
    const byLabels = async (expr: string, labels: string[]) =>
      Object.fromEntries(
        (await prom.query(expr)).map((r) => [
          labels.map((l) => r.metric[l]).join('/'),
          Number(r.value[1]),
        ]),
      );

    // One execution per run, under the labels of the layer that counts it.
    expect(
      await byLabels(
        'sum by (hook_event, hook_name, outcome) (hookscope_hook_duration_seconds_count)',
        ['hook_event', 'hook_name', 'outcome'],
      ),
    ).toEqual({
      'PreToolUse/library-hook/success': 2,
      'PreToolUse/guard/success': 2,
      'PreToolUse/guard/blocked': 1,
      'PostToolUse/fmt/success': 1,
      'Stop/shell-check/success': 2,
      'Stop/plain/success': 1,
    });

    // The work inside each run, attributed to it (never to the code's own name under the wrapper).
    expect(
      await byLabels(
        'sum by (hook_event, hook_name, validator) (hookscope_validation_duration_seconds_count)',
        ['hook_event', 'hook_name', 'validator'],
      ),
    ).toEqual({
      'PreToolUse/library-hook/schema': 2,
      'PreToolUse/library-hook/units': 2,
      'PreToolUse/guard/schema': 3,
      'PreToolUse/guard/units': 3,
      'PostToolUse/fmt/schema': 1,
      'PostToolUse/fmt/units': 1,
      'Stop/shell-check/lint': 2,
    });
    expect(
      await byLabels('sum by (agent) (hookscope_agent_duration_seconds_count)', ['agent']),
    ).toEqual({ reviewer: 6, 'shell-agent': 2 });

    // Like by like: every hook's validation time divides by that same hook's time.
    expect(
      await byLabels(
        `sum by (hook_event, hook_name) (hookscope_validation_duration_seconds_sum)
         / sum by (hook_event, hook_name) (hookscope_hook_duration_seconds_sum)`,
        ['hook_event', 'hook_name'],
      ).then((shares) => Object.keys(shares).sort()),
    ).toEqual([
      'PostToolUse/fmt',
      'PreToolUse/guard',
      'PreToolUse/library-hook',
      'Stop/shell-check',
    ]);

    // In the spool: one hook span per run; every hook_body span (the library's traceHook, each
    // `hookscope emit`) is a child of one of them and carries its labels.
    const spans = readSpool(pipeline.spoolDir).map(({ span }) => ({
      ...span,
      a: typedAttrs(span.attributes),
    }));
    const kind = (k: string) => spans.filter((s) => s.a['hookscope.kind'] === k);
    const hooks = kind('hook');
    const bodies = kind('hook_body');
    expect(hooks).toHaveLength(RUNS.length);
    expect(bodies).toHaveLength(3 + 1 + 2 * 2);
    const labels = (s: { a: Record<string, unknown> }) =>
      `${s.a['hookscope.hook.event']}/${s.a['hookscope.hook.name']}`;
    for (const body of bodies) {
      const parent = hooks.find((h) => h.spanId === body.parentSpanId);
      expect(parent, body.name).toBeDefined();
      expect(labels(body)).toBe(labels(parent!));
      expect(body.traceId).toBe(parent!.traceId);
    }

    // Monitoring overhead: reported by every layer (the library alone too), summed per hook.
    const overheadInSpool = new Map<string, number>();
    for (const s of [...hooks, ...bodies]) {
      const seconds = s.a['hookscope.hook.overhead'];
      expect(typeof seconds, `${s.name}: ${String(seconds)}`).toBe('number');
      expect(seconds as number).toBeGreaterThan(0);
      overheadInSpool.set(labels(s), (overheadInSpool.get(labels(s)) ?? 0) + (seconds as number));
    }
    const overhead = await byLabels('hookscope_hook_overhead_seconds_total', [
      'hook_event',
      'hook_name',
    ]);
    expect(Object.keys(overhead).sort()).toEqual([...overheadInSpool.keys()].sort());
    for (const [hook, seconds] of overheadInSpool) expect(overhead[hook]).toBeCloseTo(seconds, 9);
    // Under the wrapper, the hook's overhead is more than the wrapper's own: the library's is in.
    const wrapperOnly = (name: string) =>
      hooks
        .filter((h) => h.a['hookscope.hook.name'] === name)
        .reduce((sum, h) => sum + (h.a['hookscope.hook.overhead'] as number), 0);
    expect(overhead['PreToolUse/guard']).toBeGreaterThan(wrapperOnly('guard'));
    expect(overhead['Stop/shell-check']).toBeGreaterThan(wrapperOnly('shell-check'));
  });
});
