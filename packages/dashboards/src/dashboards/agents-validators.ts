import { DASHBOARD_UIDS } from '@hookscope/mixin';
import {
  AGENT_DURATION_SECONDS as A,
  AGENT_TOKENS,
  HOOK_DURATION_SECONDS as H,
  VALIDATION_DURATION_SECONDS as V,
} from '@hookscope/catalog';
import type { HookscopeConfig } from '@hookscope/config';
import type { DashboardDef } from '../dashboard.js';
import { runbookLink } from '../links.js';
import { barGaugePanel, statPanel, tablePanel, timeSeries, maxSteps } from '../panels.js';
import { count, plain, quantile, ratio, shareOfTotal, sum, sumRate } from '../promql.js';
import { HOOK_LABELS } from './hooks-common.js';

const HOOK_SUM = sum(H);
const AGENT_SUM = sum(A);
const VALIDATION_SUM = sum(V);

/** Which sub-agent or validator makes hooks slow, and how much of hook time validation takes. */
export function agentsValidators(config: HookscopeConfig): DashboardDef {
  const cap = config.overhead.validation_max_ratio;
  return {
    uid: DASHBOARD_UIDS.agentsValidators,
    file: 'agents-validators.json',
    title: 'hookscope / Agents and validators',
    description:
      'The work inside hooks: sub-agent invocations (GenAI invoke_agent spans) and validators, their durations, their share of hook time and the bottlenecks.',
    rows: [
      {
        title: 'Validators',
        panels: [
          statPanel({
            title: 'Validation overhead',
            links: [runbookLink(config, 'ValidationOverheadHigh')],
            description: `Time spent in validators as a share of all hook time. The target caps it at ${cap * 100}% (overhead.validation_max_ratio).`,
            unit: 'percentunit',
            decimals: 1,
            steps: maxSteps(cap),
            queries: [{ expr: ratio(sumRate(VALIDATION_SUM), sumRate(HOOK_SUM)) }],
          }),
          timeSeries({
            title: 'Validation share of hook time by hook',
            description: `Per hook: time in its validators over the hook’s own time. The dashed line is the ${cap * 100}% cap.`,
            unit: 'percentunit',
            width: 18,
            thresholdLines: true,
            steps: maxSteps(cap),
            queries: [
              {
                expr: ratio(sumRate(VALIDATION_SUM, HOOK_LABELS), sumRate(HOOK_SUM, HOOK_LABELS)),
                legend: '{{hook_event}} {{hook_name}}',
              },
            ],
          }),
          barGaugePanel({
            title: 'Bottleneck validators',
            description:
              'Each validator’s share of all hook time: the validators worth optimising or caching first.',
            unit: 'percentunit',
            max: 1,
            queries: [
              {
                expr: `topk(10, ${shareOfTotal(sumRate(VALIDATION_SUM, ['validator']), sumRate(HOOK_SUM))})`,
                legend: '{{validator}}',
                instant: true,
              },
            ],
          }),
          timeSeries({
            title: 'Validator p95 duration',
            description: '95th percentile duration of each validator.',
            unit: 's',
            queries: [{ expr: quantile(0.95, V, ['validator']), legend: '{{validator}}' }],
          }),
          timeSeries({
            title: 'Validator outcomes',
            description:
              'Validations per second by validator and outcome: passed, failed (the validator found a problem), error (the validator itself broke).',
            unit: 'ops',
            stack: true,
            width: 24,
            queries: [
              {
                expr: sumRate(count(V), ['validator', 'outcome']),
                legend: '{{validator}} {{outcome}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Sub-agents',
        panels: [
          timeSeries({
            title: 'Agent p95 duration',
            description: `95th percentile wall time of each sub-agent invocation; the dashed line is the ${config.hooks.budget_seconds} s hook budget an agent call inside a hook must fit in.`,
            unit: 's',
            thresholdLines: true,
            steps: maxSteps(config.hooks.budget_seconds),
            queries: [{ expr: quantile(0.95, A, ['agent']), legend: '{{agent}}' }],
          }),
          barGaugePanel({
            title: 'Agent share of hook time',
            description:
              'Time spent in each sub-agent as a share of all hook time: the agent that dominates is the bottleneck.',
            unit: 'percentunit',
            max: 1,
            queries: [
              {
                expr: `topk(10, ${shareOfTotal(sumRate(AGENT_SUM, ['agent']), sumRate(HOOK_SUM))})`,
                legend: '{{agent}}',
                instant: true,
              },
            ],
          }),
          tablePanel({
            title: 'Slowest agents (p95)',
            description: 'Sub-agents ranked by 95th percentile duration.',
            unit: 's',
            queries: [{ expr: `topk(10, ${quantile(0.95, A, ['agent'])})`, instant: true }],
          }),
          timeSeries({
            title: 'Agent invocations by outcome',
            description: 'Sub-agent invocations per second by agent and outcome (success, error).',
            unit: 'ops',
            stack: true,
            queries: [
              {
                expr: sumRate(count(A), ['agent', 'outcome']),
                legend: '{{agent}} {{outcome}}',
              },
            ],
          }),
          timeSeries({
            title: 'Agent tokens',
            description: 'Tokens per second used by sub-agents, by agent and token type.',
            unit: 'suffix: tokens/s',
            stack: true,
            width: 24,
            queries: [
              {
                expr: sumRate(plain(AGENT_TOKENS), ['agent', 'token_type']),
                legend: '{{agent}} {{token_type}}',
              },
            ],
          }),
        ],
      },
    ],
  };
}
