import { describe, expect, it } from 'vitest';
import {
  AGENT_DURATION_SECONDS,
  AGENT_TOKENS,
  CACHE_LOOKUP_BYTES,
  CACHE_LOOKUP_DURATION_SECONDS,
  CACHE_LOOKUPS,
  COMPRESSION_DURATION_SECONDS,
  COMPRESSION_RATIO,
  COMPRESSION_SAVED_TOKENS,
  COMPRESSIONS,
  CONVERSATION_CONTEXT_TOKENS,
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_RESTARTS,
  CONVERSATION_TOKENS,
  CONVERSATION_TURNS,
  TEST_RUN_DURATION_SECONDS,
  TEST_RUN_TESTS,
  TEST_SELECTION_CANDIDATE_TESTS,
  TEST_SELECTION_DURATION_SECONDS,
  TEST_SELECTION_FULL_SUITE_SECONDS,
  TEST_SELECTION_MISSED_FAILURES,
  TEST_SELECTION_RATIO,
  TEST_SELECTION_SAVED_SECONDS,
  TEST_SELECTION_SELECTED_TESTS,
  VALIDATION_DURATION_SECONDS,
  type MetricDef,
} from '@hookscope/catalog';
import { DataPointType, type Histogram } from '@opentelemetry/sdk-metrics';
import type { MetricStore, Labels } from '../src/metric-store.js';
import { derive } from './derive.js';
import { HOOK_WORK_SPANS } from '../../../test/support/hook-work-spans.js';

/** Count, sum and cumulative bucket counts (by `le`) of one histogram series. */
function histogram(store: MetricStore, def: MetricDef, labels: Labels) {
  const data = store.metricData().find((m) => m.descriptor.name === def.name);
  if (!data || data.dataPointType !== DataPointType.HISTOGRAM) return undefined;
  const point = data.dataPoints.find((p) =>
    def.labels.every((l) => p.attributes[l] === String(labels[l] ?? 'unknown')),
  );
  if (!point) return undefined;
  const v = point.value as Histogram;
  let acc = 0;
  const le: Record<string, number> = {};
  v.buckets.counts.forEach((c, i) => {
    acc += c;
    le[String(v.buckets.boundaries[i] ?? '+Inf')] = acc;
  });
  return { count: v.count, sum: v.sum, le };
}

/** Number of series of a metric. */
function seriesCount(store: MetricStore, def: MetricDef): number {
  return store.metricData().find((m) => m.descriptor.name === def.name)?.dataPoints.length ?? 0;
}

describe('derivers of the work inside hooks', () => {
  const store = derive(HOOK_WORK_SPANS);

  it('agents: duration by agent and outcome, tokens by type', () => {
    expect(
      histogram(store, AGENT_DURATION_SECONDS, { agent: 'reviewer', outcome: 'success' }),
    ).toMatchObject({ count: 1, sum: 2.5, le: { '1.5': 0, '2.5': 1, '3': 1 } });
    expect(store.valueOf(AGENT_TOKENS, { agent: 'reviewer', token_type: 'input' })).toBe(1200);
    expect(store.valueOf(AGENT_TOKENS, { agent: 'reviewer', token_type: 'output' })).toBe(300);
  });

  it('validations: duration labelled with the hook it ran in', () => {
    const labels = { hook_event: 'pre-commit', hook_name: 'gate', validator: 'units' };
    expect(
      histogram(store, VALIDATION_DURATION_SECONDS, { ...labels, outcome: 'passed' }),
    ).toMatchObject({ count: 1, sum: 0.25 });
  });

  it('test selection: counts, ratio, time saved, missed failures', () => {
    const sel = { suite: 'unit', strategy: 'testmon' };
    expect(store.valueOf(TEST_SELECTION_CANDIDATE_TESTS, sel)).toBe(400);
    expect(store.valueOf(TEST_SELECTION_SELECTED_TESTS, sel)).toBe(100);
    expect(histogram(store, TEST_SELECTION_RATIO, sel)).toMatchObject({
      count: 1,
      sum: 0.25,
      le: { '0.2': 0, '0.3': 1 },
    });
    expect(histogram(store, TEST_SELECTION_DURATION_SECONDS, sel)).toMatchObject({
      count: 1,
      sum: 0.5,
    });
    // 80 s estimated, 20 s run + 0.5 s selecting: 59.5 s saved.
    expect(store.valueOf(TEST_SELECTION_FULL_SUITE_SECONDS, sel)).toBe(80);
    expect(store.valueOf(TEST_SELECTION_SAVED_SECONDS, sel)).toBe(59.5);
    expect(store.valueOf(TEST_SELECTION_MISSED_FAILURES, sel)).toBe(1);
  });

  it('test runs: duration by mode and status, results by kind', () => {
    expect(
      histogram(store, TEST_RUN_DURATION_SECONDS, {
        suite: 'unit',
        mode: 'selected',
        status: 'success',
      }),
    ).toMatchObject({ count: 1, sum: 20 });
    expect(
      histogram(store, TEST_RUN_DURATION_SECONDS, {
        suite: 'unit',
        mode: 'full',
        status: 'failure',
      }),
    ).toMatchObject({ count: 1, sum: 75 });
    const results = (mode: string, result: string) =>
      store.valueOf(TEST_RUN_TESTS, { suite: 'unit', mode, result });
    expect([results('selected', 'passed'), results('selected', 'failed')]).toEqual([100, 0]);
    expect([results('full', 'passed'), results('full', 'failed')]).toEqual([398, 2]);
  });

  it('caches: lookups, time and bytes by result', () => {
    const labels = { cache: 'validator', result: 'hit' };
    expect(store.valueOf(CACHE_LOOKUPS, labels)).toBe(1);
    expect(store.valueOf(CACHE_LOOKUP_BYTES, labels)).toBe(512);
    expect(histogram(store, CACHE_LOOKUP_DURATION_SECONDS, labels)).toMatchObject({
      count: 1,
      sum: 0.001,
    });
  });

  it('conversations: response time with the tactical thresholds as buckets, tokens, turns', () => {
    const labels = { process_type: 'tactical', model: 'sonnet' };
    expect(
      histogram(store, CONVERSATION_RESPONSE_SECONDS, { ...labels, outcome: 'success' }),
    ).toMatchObject({ count: 1, sum: 1.25, le: { '1': 0, '1.5': 1, '3': 1 } });
    expect(store.valueOf(CONVERSATION_TURNS, { ...labels, outcome: 'success' })).toBe(1);
    expect(store.valueOf(CONVERSATION_TOKENS, { ...labels, token_type: 'input' })).toBe(800);
    expect(store.valueOf(CONVERSATION_TOKENS, { ...labels, token_type: 'output' })).toBe(200);
    expect(histogram(store, CONVERSATION_CONTEXT_TOKENS, labels)).toMatchObject({
      count: 1,
      sum: 12000,
    });
  });

  it('compressions and restarts', () => {
    const labels = { process_type: 'tactical', trigger: 'auto' };
    expect(histogram(store, COMPRESSION_RATIO, labels)).toMatchObject({ count: 1, sum: 0.25 });
    expect(store.valueOf(COMPRESSION_SAVED_TOKENS, labels)).toBe(75000);
    expect(histogram(store, COMPRESSION_DURATION_SECONDS, labels)).toMatchObject({
      count: 1,
      sum: 2,
    });
    expect(store.valueOf(COMPRESSIONS, { ...labels, critical_info: 'preserved' })).toBe(1);
    expect(
      store.valueOf(CONVERSATION_RESTARTS, { process_type: 'tactical', outcome: 'success' }),
    ).toBe(1);
  });
});

describe('derivers: spans from other SDKs and edge cases', () => {
  it('derives agent and conversation metrics from GenAI spans of any OpenTelemetry SDK', () => {
    const store = derive([
      {
        name: 'invoke_agent planner',
        seconds: 4,
        statusCode: 2,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' },
      },
      {
        name: 'chat gpt-4o',
        seconds: 0.5,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': 10,
        },
      },
      // An embeddings call is not a conversation turn.
      { name: 'embeddings', seconds: 0.1, attributes: { 'gen_ai.operation.name': 'embeddings' } },
    ]);
    expect(
      histogram(store, AGENT_DURATION_SECONDS, { agent: 'planner', outcome: 'error' }),
    ).toMatchObject({ count: 1, sum: 4 });
    const exchange = { process_type: 'unknown', model: 'gpt-4o' };
    expect(store.valueOf(CONVERSATION_TURNS, { ...exchange, outcome: 'success' })).toBe(1);
    expect(store.valueOf(CONVERSATION_TOKENS, { ...exchange, token_type: 'input' })).toBe(10);
    expect(seriesCount(store, CONVERSATION_TURNS)).toBe(1);
  });

  it('folds label values that look like ids into `other`', () => {
    const store = derive([
      {
        name: 'cache_lookup',
        seconds: 0.01,
        attributes: {
          'hookscope.kind': 'cache_lookup',
          'hookscope.cache.name': 'cache-3f2a9c1e-1111-2222-3333-444455556666',
          'hookscope.cache.result': 'miss',
        },
      },
    ]);
    expect(store.valueOf(CACHE_LOOKUPS, { cache: 'other', result: 'miss' })).toBe(1);
  });

  it('counts untimed spans without putting a zero into duration histograms', () => {
    const store = derive([
      {
        name: 'cache_lookup c',
        seconds: 0,
        attributes: {
          'hookscope.kind': 'cache_lookup',
          'hookscope.cache.name': 'c',
          'hookscope.cache.result': 'hit',
          'hookscope.untimed': true,
        },
      },
    ]);
    expect(store.valueOf(CACHE_LOOKUPS, { cache: 'c', result: 'hit' })).toBe(1);
    expect(seriesCount(store, CACHE_LOOKUP_DURATION_SECONDS)).toBe(0);
  });

  it('saves no time (not negative time) when a selection costs more than the full suite', () => {
    const store = derive([
      {
        name: 'run_tests unit',
        seconds: 30,
        attributes: {
          'hookscope.kind': 'test_run',
          'test.suite.name': 'unit',
          'hookscope.test.run.mode': 'selected',
          'hookscope.test.selection.strategy': 's',
          'hookscope.test.selection.full_suite_estimate_seconds': 25,
        },
      },
    ]);
    const sel = { suite: 'unit', strategy: 's' };
    expect(store.valueOf(TEST_SELECTION_FULL_SUITE_SECONDS, sel)).toBe(25);
    expect(store.valueOf(TEST_SELECTION_SAVED_SECONDS, sel)).toBe(0);
  });

  it('puts a compression that grew the context above 1, saving nothing', () => {
    const store = derive([
      {
        name: 'compress_context',
        seconds: 1,
        attributes: {
          'hookscope.kind': 'context_compression',
          'hookscope.compression.tokens_before': 100,
          'hookscope.compression.tokens_after': 150,
          'hookscope.compression.critical_info_preserved': false,
        },
      },
    ]);
    const labels = { process_type: 'unknown', trigger: 'unknown' };
    expect(histogram(store, COMPRESSION_RATIO, labels)).toMatchObject({
      count: 1,
      sum: 1.5,
      le: { '1': 0, '+Inf': 1 },
    });
    expect(store.valueOf(COMPRESSION_SAVED_TOKENS, labels)).toBe(0);
    expect(store.valueOf(COMPRESSIONS, { ...labels, critical_info: 'lost' })).toBe(1);
  });

  it('takes a validation outcome from the span status when the attribute is missing', () => {
    const store = derive([
      {
        name: 'validate x',
        seconds: 1,
        statusCode: 2,
        attributes: { 'hookscope.kind': 'validation', 'hookscope.validation.name': 'x' },
      },
      {
        name: 'validate x',
        seconds: 1,
        attributes: {
          'hookscope.kind': 'validation',
          'hookscope.validation.name': 'x',
          'hookscope.validation.outcome': 'maybe',
        },
      },
    ]);
    const labels = { hook_event: 'unknown', hook_name: 'unknown', validator: 'x' };
    expect(
      histogram(store, VALIDATION_DURATION_SECONDS, { ...labels, outcome: 'error' })?.count,
    ).toBe(1);
    expect(
      histogram(store, VALIDATION_DURATION_SECONDS, { ...labels, outcome: 'unknown' })?.count,
    ).toBe(1);
  });
});
