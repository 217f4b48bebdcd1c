import { describe, expect, it } from 'vitest';
import {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OVERHEAD,
  ATTR_HOOKSCOPE_KIND,
  ATTR_VALIDATION_NAME,
  ATTR_VALIDATION_OUTCOME,
  HOOK_DURATION_SECONDS,
  HOOK_OVERHEAD_SECONDS,
  KIND_HOOK,
  KIND_HOOK_BODY,
  KIND_VALIDATION,
  VALIDATION_DURATION_SECONDS,
  type MetricDef,
} from '@hookscope/catalog';
import type { SpanSpec } from '../../../test/support/otlp.js';
import { derive } from './derive.js';
import type { MetricStore } from '../src/metric-store.js';

/** Label values, sum and count of every series of a histogram. */
const series = (store: MetricStore, def: MetricDef) =>
  (store.snapshot().metrics[def.name] ?? []).map(({ labels, value, count }) => ({
    labels,
    value,
    count,
  }));

const hook = (name: string, overhead?: number | string, kind = KIND_HOOK): SpanSpec => ({
  name: `PreToolUse ${name}`,
  seconds: 1,
  attributes: {
    [ATTR_HOOKSCOPE_KIND]: kind,
    [ATTR_HOOK_EVENT]: 'PreToolUse',
    [ATTR_HOOK_NAME]: name,
    ...(overhead === undefined ? {} : { [ATTR_HOOK_OVERHEAD]: overhead }),
  },
});

describe('monitoring overhead', () => {
  it('sums the overhead hook spans report, per hook', () => {
    const store = derive([hook('lint', 0.02), hook('lint', 0.03), hook('guard', 0.5)]);
    expect(
      store.valueOf(HOOK_OVERHEAD_SECONDS, { hook_event: 'PreToolUse', hook_name: 'lint' }),
    ).toBeCloseTo(0.05, 12);
    expect(
      store.valueOf(HOOK_OVERHEAD_SECONDS, { hook_event: 'PreToolUse', hook_name: 'guard' }),
    ).toBe(0.5);
  });

  it('ignores spans without a usable overhead, and spans that are not hooks', () => {
    const other: SpanSpec = {
      name: 'x',
      seconds: 1,
      attributes: { [ATTR_HOOK_NAME]: 'x', [ATTR_HOOK_OVERHEAD]: 1 },
    };
    const store = derive([hook('none'), hook('negative', -1), hook('text', '0.1'), other]);
    for (const name of ['none', 'negative', 'text', 'x']) {
      expect(
        store.valueOf(HOOK_OVERHEAD_SECONDS, { hook_event: 'PreToolUse', hook_name: name }),
      ).toBeUndefined();
    }
  });

  it("adds what the library inside a wrapped hook reports (hook_body) to the wrapper's, counting one run", () => {
    const hookLabels = { hook_event: 'PreToolUse', hook_name: 'guard' };
    const store = derive([
      hook('guard', 0.5),
      hook('guard', 0.002, KIND_HOOK_BODY),
      {
        name: 'validate units',
        seconds: 0.25,
        attributes: {
          [ATTR_HOOKSCOPE_KIND]: KIND_VALIDATION,
          [ATTR_HOOK_EVENT]: 'PreToolUse',
          [ATTR_HOOK_NAME]: 'guard',
          [ATTR_VALIDATION_NAME]: 'units',
          [ATTR_VALIDATION_OUTCOME]: 'passed',
        },
      },
    ]);
    expect(store.valueOf(HOOK_OVERHEAD_SECONDS, hookLabels)).toBeCloseTo(0.502, 12);
    // The body is not a run of its own; the validation has the labels of the one run.
    expect(series(store, HOOK_DURATION_SECONDS)).toEqual([
      { labels: ['PreToolUse', 'guard', 'unknown', 'success', 'unknown'], value: 1, count: 1 },
    ]);
    expect(series(store, VALIDATION_DURATION_SECONDS)).toEqual([
      { labels: ['PreToolUse', 'guard', 'units', 'passed'], value: 0.25, count: 1 },
    ]);
  });
});
