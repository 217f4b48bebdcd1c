import { HOOK_DURATION_SECONDS as H } from '@hookscope/catalog';
import type { HookscopeConfig } from '@hookscope/config';
import type { DashboardDef } from '../dashboard.js';
import { runbookLink } from '../links.js';
import { heatmapPanel, statPanel, timeSeries } from '../panels.js';
import { buckets, count, mean, quantile, ratio, sumIncrease, sumRate } from '../promql.js';
import { labelVariable } from '../variables.js';
import {
  NOT_FAILED,
  SELECTED_HOOKS,
  HOOK_DETAIL_UID,
  HOOK_LABELS,
  hookLatencySteps,
  successSteps,
} from './hooks-common.js';

const COUNT = count(H);
const HOOK = SELECTED_HOOKS;

/** One hook (or a few, by event and name): its latency distribution, outcomes and resources. */
export function hookDetail(config: HookscopeConfig): DashboardDef {
  return {
    uid: HOOK_DETAIL_UID,
    file: 'hook-detail.json',
    title: 'hookscope / Hook detail',
    description:
      'The hooks chosen in the event and hook variables: latency distribution, percentiles against the budget, outcomes, and what each execution costs the machine.',
    variables: [
      labelVariable('hook_event', 'hook_event', COUNT, {}, 'Hook event'),
      labelVariable('hook_name', 'hook_name', COUNT, { 'hook_event~': '$hook_event' }, 'Hook'),
    ],
    rows: [
      {
        title: 'Selected hooks',
        panels: [
          statPanel({
            title: 'Executions',
            description: 'Executions per second of the selected hooks.',
            unit: 'ops',
            queries: [{ expr: sumRate(COUNT, [], HOOK) }],
          }),
          statPanel({
            title: 'Success ratio',
            description:
              'Share of executions of the selected hooks that did not fail (success or blocked).',
            unit: 'percentunit',
            decimals: 1,
            steps: successSteps(config),
            queries: [
              {
                expr: ratio(
                  sumRate(COUNT, [], { ...HOOK, ...NOT_FAILED }),
                  sumRate(COUNT, [], HOOK),
                ),
              },
            ],
            links: [runbookLink(config, 'HookSuccessRatioLow')],
          }),
          statPanel({
            title: 'p95 latency',
            description: '95th percentile execution time of the selected hooks.',
            unit: 's',
            steps: hookLatencySteps(config),
            queries: [{ expr: quantile(0.95, H, [], HOOK) }],
            links: [runbookLink(config, 'HookLatencyHigh')],
          }),
          statPanel({
            title: 'Mean latency',
            description:
              'Mean execution time of the selected hooks (sum of durations / executions).',
            unit: 's',
            steps: hookLatencySteps(config),
            queries: [{ expr: mean(H, [], HOOK) }],
          }),
        ],
      },
      {
        title: 'Latency',
        panels: [
          heatmapPanel({
            title: 'Latency distribution',
            description:
              'Executions per latency bucket and interval (histogram buckets, exact at every alert threshold): a second band of slow runs shows here before it moves the p95.',
            unit: 's',
            queries: [{ expr: sumIncrease(buckets(H), ['le'], HOOK), legend: '{{le}}' }],
          }),
          timeSeries({
            title: 'Latency percentiles by hook',
            description: `p50, p95 and p99 per selected hook; the dashed lines are the warning (${config.hooks.latency_seconds.warning} s) and critical (${config.hooks.latency_seconds.critical} s) thresholds.`,
            unit: 's',
            thresholdLines: true,
            steps: hookLatencySteps(config),
            queries: [0.5, 0.95, 0.99].map((q) => ({
              expr: quantile(q, H, HOOK_LABELS, HOOK),
              legend: `p${q * 100} {{hook_event}} {{hook_name}}`,
            })),
          }),
        ],
      },
      {
        title: 'Outcomes',
        panels: [
          timeSeries({
            title: 'Outcomes (exit codes)',
            description:
              'Executions per second by outcome: success (exit code 0), blocked (exit code 2, Claude Code’s "no"), error (any other exit code or an exception), timeout and signal (killed by `hookscope exec --timeout` or a signal).',
            unit: 'ops',
            stack: true,
            queries: [
              {
                expr: sumRate(COUNT, [...HOOK_LABELS, 'outcome'], HOOK),
                legend: '{{hook_name}} {{outcome}}',
              },
            ],
          }),
        ],
      },
    ],
  };
}
