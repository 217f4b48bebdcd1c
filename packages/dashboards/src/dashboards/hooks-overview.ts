import { DASHBOARD_UIDS, records } from '@hookscope/mixin';
import {
  HOOK_CPU_SECONDS,
  HOOK_DURATION_SECONDS as H,
  HOOK_OVERHEAD_SECONDS,
} from '@hookscope/catalog';
import type { HookscopeConfig } from '@hookscope/config';
import type { DashboardDef } from '../dashboard.js';
import { runbookLink } from '../links.js';
import { barGaugePanel, statPanel, tablePanel, timeSeries, maxSteps, minSteps } from '../panels.js';
import {
  count,
  overInterval,
  plain,
  quantile,
  ratio,
  shareAtMost,
  shareOfTotal,
  sum,
  sumRate,
} from '../promql.js';
import {
  NOT_FAILED,
  HOOK_LABELS,
  hookLatencySteps,
  successSteps,
  HOOK_DETAIL_ROW_LINK,
} from './hooks-common.js';

const COUNT = count(H);
const SUM = sum(H);

/** Every hook at a glance: throughput, outcomes, latency against the budget, the slowest hooks. */
export function hooksOverview(config: HookscopeConfig): DashboardDef {
  const budget = config.hooks.budget_seconds;
  const successRatio = ratio(sumRate(COUNT, [], NOT_FAILED), sumRate(COUNT));
  return {
    uid: DASHBOARD_UIDS.hooksOverview,
    file: 'hooks-overview.json',
    title: 'hookscope / Hooks overview',
    description:
      'Every hook the collector has seen: how often hooks run, how often they fail or block, how long they take against the budget, and which hooks are slowest.',
    rows: [
      {
        title: 'At a glance',
        panels: [
          statPanel({
            title: 'Hook executions',
            description: 'Hook executions per second, all hooks and outcomes together.',
            unit: 'ops',
            queries: [{ expr: sumRate(COUNT) }],
          }),
          statPanel({
            title: 'Success ratio',
            description: `Share of executions that did not fail (outcome success or blocked: a block is the hook doing its job). Yellow below ${config.hooks.success_ratio.warning}, red below ${config.hooks.success_ratio.critical} (hooks.success_ratio).`,
            unit: 'percentunit',
            decimals: 1,
            steps: successSteps(config),
            queries: [{ expr: successRatio }],
            links: [runbookLink(config, 'HookSuccessRatioLow')],
          }),
          statPanel({
            title: 'p95 latency, all hooks',
            description: `95th percentile of hook execution time across all hooks. Yellow from ${config.hooks.latency_seconds.warning} s, red from ${config.hooks.latency_seconds.critical} s (hooks.latency_seconds).`,
            unit: 's',
            steps: hookLatencySteps(config),
            queries: [{ expr: quantile(0.95, H) }],
            links: [runbookLink(config, 'HookLatencyHigh')],
          }),
          statPanel({
            title: `Executions within the ${budget} s budget`,
            description: `Share of executions that finished within the ${budget} s execution budget (hooks.budget_seconds): the latency SLI, objective ${config.slo.latency_objective}.`,
            unit: 'percentunit',
            decimals: 2,
            steps: minSteps(config.slo.latency_objective),
            queries: [{ expr: shareAtMost(H, budget) }],
          }),
        ],
      },
      {
        title: 'Throughput and outcomes',
        panels: [
          timeSeries({
            title: 'Executions by outcome',
            description:
              'Hook executions per second, stacked by outcome: success, blocked (exit code 2, or a deny decision printed with exit code 0: the hook said no), error, timeout, signal.',
            unit: 'ops',
            stack: true,
            queries: [{ expr: sumRate(COUNT, ['outcome']), legend: '{{outcome}}' }],
          }),
          timeSeries({
            title: 'Outcome ratio',
            description:
              'Share of executions per outcome. A rising error share means hooks break; a rising blocked share means hooks refuse more tool calls.',
            unit: 'percentunit',
            stack: true,
            max: 1,
            queries: [
              {
                expr: shareOfTotal(sumRate(COUNT, ['outcome']), sumRate(COUNT)),
                legend: '{{outcome}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Latency',
        panels: [
          timeSeries({
            title: 'Latency percentiles against the budget',
            description: `p50, p95 and p99 of hook execution time across all hooks; the dashed lines are the warning (${config.hooks.latency_seconds.warning} s), budget (${budget} s) and critical (${config.hooks.latency_seconds.critical} s) thresholds.`,
            unit: 's',
            thresholdLines: true,
            steps: [
              { value: null, color: 'green' },
              { value: config.hooks.latency_seconds.warning, color: 'yellow' },
              { value: budget, color: 'orange' },
              { value: config.hooks.latency_seconds.critical, color: 'red' },
            ],
            queries: [0.5, 0.95, 0.99].map((q) => ({
              expr: quantile(q, H),
              legend: `p${q * 100}`,
            })),
            links: [runbookLink(config, 'HookLatencyHigh')],
          }),
          timeSeries({
            title: 'p95 latency by hook',
            description:
              '95th percentile of execution time per hook event and hook name. Click a hook in the slowest-hooks table for its detail.',
            unit: 's',
            queries: [
              {
                expr: quantile(0.95, H, HOOK_LABELS),
                legend: '{{hook_event}} {{hook_name}}',
              },
            ],
          }),
          tablePanel({
            title: 'Slowest hooks (p95)',
            description:
              'The ten hooks with the highest 95th percentile execution time over the last interval. Click a row to open Hook detail for that hook.',
            unit: 's',
            queries: [{ expr: `topk(10, ${quantile(0.95, H, HOOK_LABELS)})`, instant: true }],
            rowLinks: [HOOK_DETAIL_ROW_LINK],
          }),
          barGaugePanel({
            title: 'Share of hook time by hook',
            description:
              'Each hook’s share of all time spent in hooks: where the waiting goes. A hook that runs often and fast can cost more than a slow rare one.',
            unit: 'percentunit',
            max: 1,
            queries: [
              {
                expr: `topk(10, ${shareOfTotal(sumRate(SUM, HOOK_LABELS), sumRate(SUM))})`,
                legend: '{{hook_event}} {{hook_name}}',
                instant: true,
              },
            ],
          }),
          timeSeries({
            title: 'CPU used by hooks',
            description:
              'CPU cores hook processes keep busy (CPU seconds per second), by hook; measured by `hookscope exec`. Hooks compete with the agent for these cores.',
            unit: 'short',
            stack: true,
            width: 24,
            queries: [
              {
                expr: sumRate(plain(HOOK_CPU_SECONDS), HOOK_LABELS),
                legend: '{{hook_event}} {{hook_name}}',
              },
            ],
          }),
          statPanel({
            title: 'Monitoring overhead',
            description: `Time hookscope itself added to hooks (instrumentation start-up, span recording, spool writes, as the hook runners report it) as a share of hook time. The target caps it at ${config.overhead.monitoring_max_ratio * 100}% (overhead.monitoring_max_ratio).`,
            unit: 'percentunit',
            decimals: 3,
            width: 6,
            steps: maxSteps(config.overhead.monitoring_max_ratio),
            queries: [{ expr: ratio(sumRate(plain(HOOK_OVERHEAD_SECONDS)), sumRate(SUM)) }],
            links: [runbookLink(config, 'HookscopeOverheadHigh')],
          }),
          timeSeries({
            title: 'Monitoring overhead by hook',
            description: `Per hook: time hookscope added over the hook's own time. The dashed line is the ${config.overhead.monitoring_max_ratio * 100}% cap.`,
            unit: 'percentunit',
            width: 18,
            thresholdLines: true,
            steps: maxSteps(config.overhead.monitoring_max_ratio),
            queries: [
              {
                expr: ratio(
                  sumRate(plain(HOOK_OVERHEAD_SECONDS), HOOK_LABELS),
                  sumRate(SUM, HOOK_LABELS),
                ),
                legend: '{{hook_event}} {{hook_name}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'By coding agent',
        panels: [
          timeSeries({
            title: 'Executions by coding agent',
            description:
              'Hook executions per second, by the agent whose hook it is (claude-code, gemini-cli, codex, cursor, copilot; unknown for git hooks and hooks that trace themselves).',
            unit: 'ops',
            width: 6,
            queries: [{ expr: sumRate(COUNT, ['agent']), legend: '{{agent}}' }],
          }),
          timeSeries({
            title: 'Blocked and failed by coding agent',
            description:
              'Executions per second that blocked (exit 2, or a deny decision printed with exit 0) or failed (error, timeout, signal), by agent.',
            unit: 'ops',
            width: 6,
            queries: [
              {
                expr: sumRate(COUNT, ['agent', 'outcome'], { 'outcome!': 'success' }),
                legend: '{{agent}} {{outcome}}',
              },
            ],
          }),
          timeSeries({
            title: 'p95 latency by coding agent',
            description: `95th percentile of hook wall time, by agent. The dashed line is the ${config.hooks.budget_seconds} s budget.`,
            unit: 's',
            width: 6,
            thresholdLines: true,
            steps: hookLatencySteps(config),
            queries: [{ expr: quantile(0.95, H, ['agent']), legend: '{{agent}}' }],
          }),
          barGaugePanel({
            title: 'Success ratio by coding agent, last hour',
            description: `Share of each agent's hook runs over the last hour that did not fail (a block is the hook doing its job), from the recorded per-agent series (its lowest within the graph interval): an agent whose hooks all start failing (after an upgrade changed its hook contract, say) shows here first. Yellow below ${config.hooks.success_ratio.warning}, red below ${config.hooks.success_ratio.critical}.`,
            unit: 'percentunit',
            width: 6,
            max: 1,
            steps: successSteps(config),
            queries: [
              {
                expr: `min by (agent) (${overInterval('min', records.agentHookSuccessRatio('1h'))})`,
                legend: '{{agent}}',
              },
            ],
          }),
        ],
      },
    ],
  };
}
