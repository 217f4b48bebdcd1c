import { DASHBOARD_UIDS } from '@hookscope/mixin';
import {
  HOOK_CPU_SECONDS,
  HOOK_DURATION_SECONDS as H,
  HOOK_MAX_RSS_BYTES,
} from '@hookscope/catalog';
import type { HookscopeConfig } from '@hookscope/config';
import type { DashboardDef } from '../dashboard.js';
import { runbookLink } from '../links.js';
import { heatmapPanel, statPanel, timeSeries } from '../panels.js';
import { buckets, count, mean, plain, quantile, ratio, sumIncrease, sumRate } from '../promql.js';
import { labelVariable } from '../variables.js';
import {
  NOT_FAILED,
  SELECTED_HOOKS,
  HOOK_LABELS,
  hookLatencySteps,
  successSteps,
} from './hooks-common.js';

const COUNT = count(H);
const HOOK = SELECTED_HOOKS;

/** One hook (or a few, by event and name): its latency distribution, outcomes and resources. */
export function hookDetail(config: HookscopeConfig): DashboardDef {
  return {
    uid: DASHBOARD_UIDS.hookDetail,
    file: 'hook-detail.json',
    title: 'hookscope / Hook detail',
    description:
      'The hooks chosen in the coding agent, event and hook variables: latency distribution, percentiles against the budget, outcomes, and what each execution costs the machine.',
    variables: [
      labelVariable('agent', 'agent', COUNT, {}, 'Coding agent'),
      labelVariable('hook_event', 'hook_event', COUNT, { 'agent~': '$agent' }, 'Hook event'),
      labelVariable(
        'hook_name',
        'hook_name',
        COUNT,
        { 'agent~': '$agent', 'hook_event~': '$hook_event' },
        'Hook',
      ),
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
        title: 'Outcomes and resources',
        panels: [
          timeSeries({
            title: 'Outcomes (exit codes)',
            description:
              'Executions per second by outcome: success (exit code 0), blocked (exit code 2, or a deny decision printed with exit code 0: the agent’s "no"), error (any other exit code or an exception), timeout and signal (killed by `hookscope exec --timeout` or a signal).',
            unit: 'ops',
            stack: true,
            queries: [
              {
                expr: sumRate(COUNT, [...HOOK_LABELS, 'outcome'], HOOK),
                legend: '{{hook_name}} {{outcome}}',
              },
            ],
          }),
          timeSeries({
            title: 'Latency by tool',
            description:
              'p95 execution time per agent tool the hook ran around (Claude Code’s tool_name: Bash, Edit, ...; unknown for git hooks): a hook can be fast for one tool and slow for another.',
            unit: 's',
            queries: [
              {
                expr: quantile(0.95, H, [...HOOK_LABELS, 'tool'], HOOK),
                legend: '{{hook_name}} {{tool}}',
              },
            ],
          }),
          timeSeries({
            title: 'CPU per execution',
            noValue: 'Not measured: run the hook under `hookscope exec`',
            description:
              'CPU seconds one execution uses (the hook process and the children it waited for), by mode (user, system); measured by `hookscope exec`. CPU close to the wall time means the hook computes; far below, it waits.',
            unit: 's',
            stack: true,
            queries: [
              {
                expr: `${sumRate(plain(HOOK_CPU_SECONDS), [...HOOK_LABELS, 'mode'], HOOK)} / ignoring(mode) group_left() ${sumRate(COUNT, HOOK_LABELS, HOOK)}`,
                legend: '{{hook_name}} {{mode}}',
              },
            ],
          }),
          timeSeries({
            title: 'Peak memory per execution',
            noValue: 'Not measured: run the hook under `hookscope exec`',
            description:
              'Peak resident memory of one execution (largest process of its tree), p50 and p95; measured by `hookscope exec`.',
            unit: 'bytes',
            queries: [0.5, 0.95].map((q) => ({
              expr: quantile(q, HOOK_MAX_RSS_BYTES, HOOK_LABELS, HOOK),
              legend: `p${q * 100} {{hook_name}}`,
            })),
          }),
        ],
      },
    ],
  };
}
