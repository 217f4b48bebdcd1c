import { describe, expect, it } from 'vitest';
import {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OVERHEAD,
  ATTR_HOOKSCOPE_KIND,
  HOOK_OVERHEAD_SECONDS,
  KIND_HOOK,
} from '@hookscope/catalog';
import type { SpanSpec } from '../../../test/support/otlp.js';
import { derive } from './derive.js';

const hook = (name: string, overhead?: number | string): SpanSpec => ({
  name: `PreToolUse ${name}`,
  seconds: 1,
  attributes: {
    [ATTR_HOOKSCOPE_KIND]: KIND_HOOK,
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
});
