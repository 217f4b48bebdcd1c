import {
  AGENT_DURATION_SECONDS,
  HOOK_DURATION_SECONDS,
  HOOK_OVERHEAD_SECONDS,
  VALIDATION_DURATION_SECONDS,
} from '@hookscope/catalog';
import { BASE_RATE_WINDOW, durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { alert } from '../alert.js';
import { HOOK_LEVEL, records, uniqueWindows } from '../names.js';
import { histogramSeries, labelsOf, num, sumRate } from '../promql.js';
import type { RecordingRule, RuleFile } from '../rule-types.js';

const HOOK = histogramSeries(HOOK_DURATION_SECONDS);
const VALIDATION = histogramSeries(VALIDATION_DURATION_SECONDS);
const AGENT = histogramSeries(AGENT_DURATION_SECONDS);
const BY_HOOK = labelsOf(HOOK_DURATION_SECONDS, HOOK_LEVEL);
const BY_VALIDATOR = labelsOf(VALIDATION_DURATION_SECONDS, [...HOOK_LEVEL, 'validator']);
const BY_AGENT = labelsOf(AGENT_DURATION_SECONDS, ['agent']);
// The same hook labels on both sides of each share, checked against the catalog.
const OVERHEAD_BY_HOOK = labelsOf(HOOK_OVERHEAD_SECONDS, HOOK_LEVEL);
const VALIDATION_BY_HOOK = labelsOf(VALIDATION_DURATION_SECONDS, HOOK_LEVEL);

function recordings(w: string): RecordingRule[] {
  const hookTime = (by: string) => sumRate(HOOK.sum, by, w);
  return [
    {
      record: records.hookOverheadShare(w),
      expr: `${sumRate(HOOK_OVERHEAD_SECONDS.name, OVERHEAD_BY_HOOK, w)}\n/\n${hookTime(BY_HOOK)}`,
    },
    {
      record: records.jobOverheadShare(w),
      expr: `${sumRate(HOOK_OVERHEAD_SECONDS.name, 'job', w)}\n/\n${hookTime('job')}`,
    },
    {
      record: records.validationShare(w),
      expr: `${sumRate(VALIDATION.sum, VALIDATION_BY_HOOK, w)}\n/\n${hookTime(BY_HOOK)}`,
    },
    {
      record: records.validatorShare(w),
      expr: `${sumRate(VALIDATION.sum, BY_VALIDATOR, w)}\n/ on (${BY_HOOK}) group_left\n${hookTime(BY_HOOK)}`,
    },
    // Agents carry no hook label: each agent's time over the time of all hooks.
    {
      record: records.agentShare(w),
      expr: `${sumRate(AGENT.sum, BY_AGENT, w)}\n/ ignoring (agent) group_left\nsum (rate(${HOOK.sum}[${w}]))`,
    },
    {
      record: records.agentQuantile(0.95, w),
      expr: `histogram_quantile(0.95, sum by (le, ${BY_AGENT}) (rate(${AGENT.bucket}[${w}])))`,
    },
  ];
}

/**
 * Where hook time goes: hookscope's own overhead (capped at 5%), validators (20%) and
 * sub-agents, as shares of hook time.
 */
export function shareRules(config: HookscopeConfig): RuleFile {
  const o = config.overhead;
  const w = o.window;
  const runs = `${records.hookExecutions(w)} * ${durationSeconds(w)} >= ${config.alerts.min_executions}`;
  return {
    file: 'shares.yml',
    description:
      'Shares of hook time: monitoring overhead, validators, sub-agents; and their caps.',
    groups: [
      {
        name: 'hookscope-shares',
        rules: [
          ...uniqueWindows([BASE_RATE_WINDOW, w]).flatMap(recordings),
          alert(config, {
            name: 'HookscopeOverheadHigh',
            severity: 'warning',
            expr: `${records.jobOverheadShare(w)} > ${num(o.monitoring_max_ratio)}`,
            for: o.for,
            summary: 'hookscope adds more than its share to hook time.',
            description: `hookscope itself took {{ $value | humanizePercentage }} of the time of the hooks it measured over the last ${w} (cap ${num(o.monitoring_max_ratio * 100)}%).`,
          }),
          alert(config, {
            name: 'ValidationOverheadHigh',
            severity: 'warning',
            expr: `${records.validationShare(w)} > ${num(o.validation_max_ratio)}\nand on (${BY_HOOK})\n${runs}`,
            for: o.for,
            summary: 'Validators take more than their share of hook time.',
            description: `Validators took {{ $value | humanizePercentage }} of the time of {{ $labels.hook_event }} hook {{ $labels.hook_name }} over the last ${w} (cap ${num(o.validation_max_ratio * 100)}%).`,
          }),
        ],
      },
    ],
  };
}
