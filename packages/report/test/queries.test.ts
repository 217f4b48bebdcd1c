import { describe, expect, it } from 'vitest';
import { prometheusSeriesNames } from '@hookscope/catalog';
import { defaultConfig } from '@hookscope/config';
import {
  isAlert,
  metricNamesIn,
  PROMETHEUS_SYNTHETIC_SERIES,
  records,
  ruleFiles,
} from '@hookscope/mixin';
import { planQueries, reportPeriods, type Query } from '../src/index.js';

/** What a report query may name: the catalog's series and the generated recording rules. */
const RECORDED = new Set(
  ruleFiles(defaultConfig()).flatMap((f) =>
    f.groups.flatMap((g) => g.rules.flatMap((r) => (isAlert(r) ? [] : [r.record]))),
  ),
);
const CATALOG = new Set(prometheusSeriesNames().keys());

/** Every PromQL expression of a query (an instant query may add a second one). */
const exprs = (q: Query) => [q.expr, ...(q.kind === 'instant' && q.plus ? [q.plus] : [])];

function unknownNames(plan: readonly Query[]): string[] {
  return plan.flatMap((q) =>
    exprs(q)
      .flatMap(metricNamesIn)
      .filter((m) => !CATALOG.has(m) && !RECORDED.has(m))
      .filter((m) => !(PROMETHEUS_SYNTHETIC_SERIES as readonly string[]).includes(m))
      .map((m) => `${m} (in ${q.id}: ${q.expr})`),
  );
}

const END = 1_790_000_000;

describe('report queries', () => {
  it('name only metrics of the catalog or of the generated recording rules', () => {
    const recorded = {
      hook: records.hookQuantile(0.95, '1h'),
      agent: records.agentQuantile(0.95, '1h'),
    };
    expect(RECORDED).toContain(recorded.hook);
    expect(RECORDED).toContain(recorded.agent);
    for (const [window, baseline] of [
      ['24h', '7d'],
      ['7d', '21d'],
      ['1h', '1d'],
    ] as const) {
      const p = reportPeriods(END, window, baseline);
      const exact = {
        ...p,
        window: { ...p.window, exact: true },
        baseline: { ...p.baseline, exact: true },
      };
      for (const plan of [planQueries(p), planQueries(p, recorded), planQueries(exact)]) {
        expect(plan.length).toBeGreaterThan(40);
        expect(unknownNames(plan)).toEqual([]);
      }
    }
  });

  it('would be caught naming a metric the catalog does not have', () => {
    const plan = planQueries(reportPeriods(END, '24h', '7d'));
    const bogus: Query = {
      ...plan[0]!,
      expr: plan[0]!.expr.replace('hookscope_hook_', 'hookscope_hooks_'),
    };
    expect(unknownNames([bogus])).toEqual([
      expect.stringContaining('hookscope_hooks_duration_seconds_bucket'),
    ]);
  });

  it('cover every domain the report has a section for', () => {
    const names = new Set(
      planQueries(reportPeriods(END, '24h', '7d')).flatMap((q) => exprs(q).flatMap(metricNamesIn)),
    );
    for (const m of [
      'hookscope_hook_duration_seconds_bucket',
      'hookscope_validation_duration_seconds_sum',
      'hookscope_agent_duration_seconds_count',
      'hookscope_test_run_duration_seconds_bucket',
      'hookscope_test_selection_saved_seconds_total',
      'hookscope_cache_lookups_total',
      'hookscope_conversation_response_duration_seconds_bucket',
      'hookscope_conversation_restarts_total',
      'hookscope_hook_overhead_seconds_total',
    ]) {
      expect(names, m).toContain(m);
    }
  });

  it('use a recorded series only for the p95 trend it replaces', () => {
    const p = reportPeriods(END, '24h', '7d');
    const hook = records.hookQuantile(0.95, '1h');
    const raw = planQueries(p);
    const recorded = planQueries(p, { hook });
    const changed = recorded.filter((q, i) => q.expr !== raw[i]!.expr);
    expect(changed.map((q) => [q.id, q.expr])).toEqual([['hook.trend.p95', hook]]);
  });
});
