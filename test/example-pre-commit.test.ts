import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGENT_METRICS,
  CACHE_METRICS,
  CONVERSATION_METRICS,
  TESTING_METRICS,
  VALIDATION_METRICS,
} from '@hookscope/catalog';
import { REPO_ROOT } from './support/paths.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';
import { runToEnd } from './support/processes.js';
import type { PrometheusServer } from './support/prometheus.js';
import { attrs, readSpool } from './support/spool.js';

const EXAMPLE = join(REPO_ROOT, 'examples', 'pre-commit');

/**
 * The example pre-commit hook, installed in a real git repository: a commit that breaks a test
 * the selection does not pick, then the full run that finds it. Every metric of the agent,
 * validation, testing, cache and conversation domains shows up in a real Prometheus.
 */
describe('examples/pre-commit', () => {
  let pipeline: Pipeline;
  let prom: PrometheusServer;
  let repo: string;
  const run = (cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}) =>
    runToEnd('bash', ['-c', `cd "${repo}" && exec "$0" "$@"`, cmd, ...args], {
      env: {
        ...pipeline.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: pipeline.dir,
        ...extra,
      },
      timeoutMs: 60_000,
    });

  beforeAll(async () => {
    pipeline = await startPipeline();
    prom = pipeline.prom;
    repo = join(pipeline.dir, 'repo');
    cpSync(join(EXAMPLE, 'project'), repo, { recursive: true });
    for (const args of [
      ['init', '-q'],
      ['add', '.'],
      ['commit', '-qm', 'initial'],
    ]) {
      const r = await run('git', args);
      expect(r.code, r.stderr).toBe(0);
    }
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${join(EXAMPLE, 'hook.mjs')}"\n`);
    chmodSync(hook, 0o755);
  });

  afterAll(() => pipeline?.stop());

  it('measures a commit, then the full run that finds the failure the selection missed', async () => {
    // A "faster" square that breaks the energy tests; only tests/units.test.mjs is selected.
    const units = join(repo, 'src', 'units.mjs');
    writeFileSync(
      units,
      readFileSync(units, 'utf8').replace(
        'return x * x;',
        'return x * 2; // TODO: faster\n  console.log("square", x);',
      ),
    );
    expect((await run('git', ['add', 'src/units.mjs'])).code).toBe(0);
    // The review agent crashes on its first start; the hook restarts it.
    const commit = await run('git', ['commit', '-qm', 'faster square'], {
      EXAMPLE_AGENT_CRASH_ON_FIRST_START: '1',
    });
    expect(commit.code, commit.stderr).toBe(0);
    expect(commit.stderr).toContain('code-reviewer: finding: console.log("square", x);');

    const full = await run(process.execPath, [join(EXAMPLE, 'hook.mjs'), '--full']);
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('tests: tests/energy.test.mjs failed');

    await pipeline.settle();

    // Every new metric has data.
    const metrics = [
      ...AGENT_METRICS,
      ...VALIDATION_METRICS,
      ...TESTING_METRICS,
      ...CACHE_METRICS,
      ...CONVERSATION_METRICS,
    ];
    const missing: string[] = [];
    for (const m of metrics) {
      const series = m.type === 'histogram' ? `${m.name}_count` : m.name;
      if (((await prom.query(series)) ?? []).length === 0) missing.push(m.name);
    }
    expect(missing).toEqual([]);

    // And what a developer would check, exactly.
    const v = (expr: string) => prom.scalar(expr);
    const sel = '{suite="unit",strategy="changed-files"}';
    expect(await v(`hookscope_test_selection_candidate_tests_total${sel}`)).toBe(2);
    expect(await v(`hookscope_test_selection_selected_tests_total${sel}`)).toBe(1);
    expect(await v(`hookscope_test_selection_missed_failures_total${sel}`)).toBe(1);
    expect(await v('hookscope_test_run_tests_total{mode="selected",result="passed"}')).toBe(1);
    expect(await v('hookscope_test_run_tests_total{mode="full",result="failed"}')).toBe(1);
    expect(await v('hookscope_test_run_duration_seconds_count{mode="full",status="failure"}')).toBe(
      1,
    );
    expect(
      await v('hookscope_agent_duration_seconds_count{agent="code-reviewer",outcome="success"}'),
    ).toBe(1);
    expect(
      await v('hookscope_conversation_restarts_total{process_type="tactical",outcome="success"}'),
    ).toBe(1);
    expect(
      await v('hookscope_conversation_turns_total{process_type="tactical",outcome="success"}'),
    ).toBe(2);
    expect(await v('hookscope_conversation_compressions_total{critical_info="preserved"}')).toBe(1);
    // The commit validated units.mjs (miss); the full run found it cached and validated energy.mjs.
    expect(await v('hookscope_cache_lookups_total{cache="units-validator",result="miss"}')).toBe(2);
    expect(await v('hookscope_cache_lookups_total{cache="units-validator",result="hit"}')).toBe(1);
    expect(
      await v(
        'sum(hookscope_validation_duration_seconds_count{hook_name="quality-gate",validator="units-documented",outcome="passed"})',
      ),
    ).toBe(2);
    expect(
      await v(
        'hookscope_hook_duration_seconds_count{hook_event="pre-commit",outcome="success",agent="unknown"}',
      ),
    ).toBe(1);
    expect(
      await v(
        'hookscope_hook_duration_seconds_count{hook_event="pre-push",outcome="blocked",agent="unknown"}',
      ),
    ).toBe(1);

    // The agent's own spans (another process) nest under the hook's agent span.
    const spans = readSpool(pipeline.spoolDir).map(({ span }) => span);
    const agent = spans.find((s) => s.name === 'invoke_agent code-reviewer')!;
    const exchanges = spans.filter(
      (s) => attrs(s.attributes)['hookscope.kind'] === 'conversation_exchange',
    );
    expect(exchanges).toHaveLength(2);
    for (const e of exchanges) {
      expect(e.traceId).toBe(agent.traceId);
      expect(e.parentSpanId).toBe(agent.spanId);
    }
  });
});
