import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HOOKSCOPE_BIN, REPO_ROOT } from './support/paths.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';
import { runToEnd } from './support/processes.js';
import type { PrometheusServer } from './support/prometheus.js';
import { attrs, durationSeconds, readSpool } from './support/spool.js';

const API_HOOK = join(REPO_ROOT, 'test', 'fixtures', 'hook-work-api-hook.mjs');
const EMIT_HOOK = join(REPO_ROOT, 'test', 'fixtures', 'hook-work-emit-hook.sh');

/**
 * Every kind of work inside a hook, recorded through the API (a Node.js hook) and through
 * `hookscope emit` (a shell hook), reaches a real Prometheus through the collector with the exact
 * values the hooks recorded.
 */
describe('work inside hooks, to Prometheus', () => {
  let pipeline: Pipeline;
  let prom: PrometheusServer;
  let spoolDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    pipeline = await startPipeline();
    ({ prom, spoolDir } = pipeline);
    env = { ...pipeline.env, HOOKSCOPE: `${process.execPath} ${HOOKSCOPE_BIN}` };
  });

  afterAll(() => pipeline?.stop());

  async function expectValues(expected: [string, number][]): Promise<void> {
    const got: [string, number | undefined][] = [];
    for (const [expr] of expected) got.push([expr, await prom.scalar(expr)]);
    expect(got).toEqual(expected);
  }

  /** Duration of the one span in the spool with this name, as the collector computes it. */
  function spoolDuration(name: string): number {
    const found = readSpool(spoolDir).filter(({ span }) => span.name === name);
    expect(found).toHaveLength(1);
    return durationSeconds(found[0]!.span);
  }

  it('through the API: exact counts, sums, buckets and counters for every kind', async () => {
    const r = await runToEnd(process.execPath, [API_HOOK], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await pipeline.settle();

    await expectValues([
      // Agents
      ['hookscope_agent_duration_seconds_count{agent="reviewer",outcome="success"}', 1],
      ['hookscope_agent_duration_seconds_sum{agent="reviewer",outcome="success"}', 2.5],
      ['hookscope_agent_duration_seconds_count{agent="reviewer",outcome="error"}', 1],
      ['hookscope_agent_duration_seconds_sum{agent="reviewer",outcome="error"}', 0.5],
      ['hookscope_agent_duration_seconds_count{agent="planner",outcome="success"}', 1],
      ['hookscope_agent_tokens_total{agent="reviewer",token_type="input"}', 1000],
      ['hookscope_agent_tokens_total{agent="reviewer",token_type="output"}', 250],
      ['hookscope_agent_tokens_total{agent="planner",token_type="input"}', 100],
      // Validations, attributed to the hook they ran in
      [
        'hookscope_validation_duration_seconds_sum{hook_event="pre-commit",hook_name="api-hook",validator="schema",outcome="failed"}',
        0.25,
      ],
      [
        'hookscope_validation_duration_seconds_count{hook_event="pre-commit",hook_name="api-hook",validator="units",outcome="passed"}',
        1,
      ],
      // Test selection and runs
      ['hookscope_test_selection_candidate_tests_total{suite="unit",strategy="testmon"}', 400],
      ['hookscope_test_selection_selected_tests_total{suite="unit",strategy="testmon"}', 100],
      ['hookscope_test_selection_ratio_bucket{suite="unit",strategy="testmon",le="0.2"}', 0],
      ['hookscope_test_selection_ratio_bucket{suite="unit",strategy="testmon",le="0.3"}', 1],
      ['hookscope_test_selection_duration_seconds_sum{suite="unit",strategy="testmon"}', 0.5],
      ['hookscope_test_selection_full_suite_seconds_total{suite="unit",strategy="testmon"}', 80],
      ['hookscope_test_selection_saved_seconds_total{suite="unit",strategy="testmon"}', 59.5],
      ['hookscope_test_selection_missed_failures_total{suite="unit",strategy="testmon"}', 2],
      [
        'hookscope_test_run_duration_seconds_sum{suite="unit",mode="selected",status="success"}',
        20,
      ],
      ['hookscope_test_run_duration_seconds_sum{suite="unit",mode="full",status="failure"}', 75],
      ['hookscope_test_run_tests_total{suite="unit",mode="selected",result="passed"}', 100],
      ['hookscope_test_run_tests_total{suite="unit",mode="full",result="failed"}', 3],
      ['hookscope_test_run_tests_total{suite="unit",mode="full",result="passed"}', 397],
      // Caches
      ['hookscope_cache_lookups_total{cache="validator",result="hit"}', 3],
      ['hookscope_cache_lookup_duration_seconds_sum{cache="validator",result="hit"}', 0.375],
      ['hookscope_cache_lookup_bytes_total{cache="validator",result="hit"}', 1536],
      ['hookscope_cache_lookups_total{cache="deps",result="miss"}', 1],
      // Conversations: 1.25 s, 2 s and 3.5 s against the 1.5 s and 3 s tactical thresholds
      [
        'hookscope_conversation_response_duration_seconds_bucket{process_type="tactical",model="claude-haiku",outcome="success",le="1.5"}',
        1,
      ],
      [
        'hookscope_conversation_response_duration_seconds_bucket{process_type="tactical",model="claude-haiku",outcome="success",le="3"}',
        2,
      ],
      [
        'hookscope_conversation_response_duration_seconds_sum{process_type="tactical",model="claude-haiku",outcome="success"}',
        6.75,
      ],
      [
        'hookscope_conversation_turns_total{process_type="tactical",model="claude-haiku",outcome="success"}',
        3,
      ],
      [
        'hookscope_conversation_tokens_total{process_type="tactical",model="claude-haiku",token_type="input"}',
        3000,
      ],
      [
        'hookscope_conversation_context_tokens_sum{process_type="tactical",model="claude-haiku"}',
        90000,
      ],
      [
        'hookscope_conversation_compression_ratio_sum{process_type="tactical",trigger="auto"}',
        0.25,
      ],
      [
        'hookscope_conversation_compression_saved_tokens_total{process_type="tactical",trigger="auto"}',
        75000,
      ],
      [
        'hookscope_conversation_compression_duration_seconds_sum{process_type="tactical",trigger="auto"}',
        2,
      ],
      [
        'hookscope_conversation_compressions_total{process_type="tactical",trigger="auto",critical_info="preserved"}',
        1,
      ],
      ['hookscope_conversation_restarts_total{process_type="tactical",outcome="success"}', 2],
      ['hookscope_conversation_restarts_total{process_type="tactical",outcome="error"}', 1],
    ]);
    // Traced work has measured durations: the sums are exactly what the spool holds.
    expect(
      await prom.scalar('hookscope_agent_duration_seconds_sum{agent="planner",outcome="success"}'),
    ).toBeCloseTo(spoolDuration('invoke_agent planner'), 9);
    expect(
      await prom.scalar('hookscope_cache_lookup_duration_seconds_sum{cache="deps",result="miss"}'),
    ).toBeCloseTo(spoolDuration('cache_lookup deps'), 9);
    // Ids stayed on spans: no label carries the conversation id.
    expect(await prom.query('{conversation_id!=""}')).toEqual([]);
    const exchange = readSpool(spoolDir).find(({ span }) => span.name === 'chat claude-haiku')!;
    expect(attrs(exchange.span.attributes)['gen_ai.conversation.id']).toBe('c-42');
  });

  it('through `hookscope emit` from a shell hook: the same metrics, exact', async () => {
    const r = await runToEnd('bash', [EMIT_HOOK], { env, timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await pipeline.settle();

    await expectValues([
      ['hookscope_agent_duration_seconds_sum{agent="shell-reviewer",outcome="success"}', 1.5],
      ['hookscope_agent_tokens_total{agent="shell-reviewer",token_type="output"}', 40],
      [
        'hookscope_validation_duration_seconds_sum{hook_event="pre-push",hook_name="shell-hook",validator="shell-lint",outcome="passed"}',
        0.75,
      ],
      ['hookscope_test_selection_candidate_tests_total{suite="shell",strategy="changed-files"}', 8],
      ['hookscope_test_selection_selected_tests_total{suite="shell",strategy="changed-files"}', 2],
      ['hookscope_test_selection_ratio_sum{suite="shell",strategy="changed-files"}', 0.25],
      [
        'hookscope_test_selection_duration_seconds_sum{suite="shell",strategy="changed-files"}',
        0.25,
      ],
      // 16 s estimated, 3.5 s run + 0.25 s selecting.
      [
        'hookscope_test_selection_saved_seconds_total{suite="shell",strategy="changed-files"}',
        12.25,
      ],
      [
        'hookscope_test_selection_full_suite_seconds_total{suite="shell",strategy="changed-files"}',
        16,
      ],
      // b failed but was selected; c was left out: one missed failure.
      ['hookscope_test_selection_missed_failures_total{suite="shell",strategy="changed-files"}', 1],
      ['hookscope_test_run_duration_seconds_sum{suite="shell",mode="full",status="failure"}', 15],
      ['hookscope_test_run_tests_total{suite="shell",mode="selected",result="passed"}', 2],
      ['hookscope_cache_lookups_total{cache="shell-cache",result="miss"}', 1],
      ['hookscope_cache_lookup_duration_seconds_sum{cache="shell-cache",result="miss"}', 0.5],
      ['hookscope_cache_lookup_bytes_total{cache="shell-cache",result="miss"}', 2048],
      [
        'hookscope_conversation_response_duration_seconds_sum{process_type="strategic",model="claude-opus",outcome="success"}',
        6,
      ],
      [
        'hookscope_conversation_tokens_total{process_type="strategic",model="claude-opus",token_type="output"}',
        700,
      ],
      [
        'hookscope_conversation_context_tokens_bucket{process_type="strategic",model="claude-opus",le="50000"}',
        0,
      ],
      [
        'hookscope_conversation_context_tokens_bucket{process_type="strategic",model="claude-opus",le="100000"}',
        1,
      ],
      [
        'hookscope_conversation_compression_ratio_sum{process_type="strategic",trigger="manual"}',
        0.5,
      ],
      [
        'hookscope_conversation_compressions_total{process_type="strategic",trigger="manual",critical_info="lost"}',
        1,
      ],
      ['hookscope_conversation_restarts_total{process_type="strategic",outcome="error"}', 1],
    ]);
  });
});
