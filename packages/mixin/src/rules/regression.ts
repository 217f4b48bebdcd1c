import { HOOK_DURATION_SECONDS } from '@hookscope/catalog';
import { durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { alert } from '../alert.js';
import { HOOK_LEVEL, records } from '../names.js';
import { labelsOf, num } from '../promql.js';
import type { RuleFile } from '../rule-types.js';

const BY_HOOK = labelsOf(HOOK_DURATION_SECONDS, HOOK_LEVEL);

/**
 * Regression detection on the recorded hook p95: against the same hour of the baseline (a week
 * ago by default, so weekdays compare with weekdays), and the sustained trend toward the budget.
 * Both need enough runs to compare: a p95 of two runs says little.
 */
export function regressionRules(config: HookscopeConfig): RuleFile {
  const r = config.regression;
  const p95 = records.hookQuantile(0.95, r.window);
  const runs = records.hookExecutions(r.window);
  const enough = (offset: string) =>
    `${offset ? `(${runs} offset ${offset})` : runs} * ${durationSeconds(r.window)} >= ${r.min_executions}`;
  const hook = '{{ $labels.hook_event }} hook {{ $labels.hook_name }}';
  const baselineQuery = `{{ with printf "${p95}{hook_event='%s',hook_name='%s'} offset ${r.baseline}" $labels.hook_event $labels.hook_name | query }}{{ . | first | value | humanizeDuration }}{{ end }}`;
  const budget = num(config.hooks.budget_seconds);
  return {
    file: 'regression.yml',
    description:
      'Hook latency regressions against the baseline and latency trends toward the budget.',
    groups: [
      {
        name: 'hookscope-regression',
        rules: [
          alert(config, {
            name: 'HookLatencyRegression',
            severity: 'warning',
            expr: [
              `${p95}\n  > ${num(1 + r.threshold_ratio)} * (${p95} offset ${r.baseline})`,
              `and on (${BY_HOOK})\n${enough('')}`,
              `and on (${BY_HOOK})\n${enough(r.baseline)}`,
            ].join('\n'),
            for: r.for,
            summary: `Hook p95 execution time regressed against the baseline.`,
            description: `${hook} takes {{ $value | humanizeDuration }} at p95 over the last ${r.window}, more than ${num(r.threshold_ratio * 100)}% above the same hour ${r.baseline} ago (${baselineQuery}).`,
          }),
          alert(config, {
            name: 'HookLatencyTrendToBudget',
            severity: 'warning',
            expr: [
              `predict_linear(${p95}[${r.trend_lookback}], ${durationSeconds(r.trend_horizon)}) > ${budget}`,
              `and on (${BY_HOOK})\n${p95} <= ${budget}`,
              `and on (${BY_HOOK})\n${p95} > (${p95} offset ${r.trend_lookback})`,
              `and on (${BY_HOOK})\n${enough('')}`,
            ].join('\n'),
            for: r.for,
            summary: `Hook p95 execution time is trending toward the budget.`,
            description: `${hook} p95 has risen over the last ${r.trend_lookback}; at this trend it reaches {{ $value | humanizeDuration }} within ${r.trend_horizon}, above the ${budget}s budget.`,
          }),
        ],
      },
    ],
  };
}
