import { HOOK_DURATION_SECONDS, HOOK_FAILURE_OUTCOMES } from '@hookscope/catalog';
import { BASE_RATE_WINDOW, durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { alertPair } from '../alert.js';
import {
  AGENT_LEVEL,
  HOOK_LEVEL,
  HOOK_QUANTILES,
  HOOK_REPORT_WINDOWS,
  hookWindows,
  records,
} from '../names.js';
import { histogramSeries, labelsOf, num, oneOf, paren, selector, shareOf } from '../promql.js';
import type { RecordingRule, RuleFile } from '../rule-types.js';

const H = histogramSeries(HOOK_DURATION_SECONDS);
const BY_HOOK = labelsOf(HOOK_DURATION_SECONDS, HOOK_LEVEL);
const BY_AGENT = labelsOf(HOOK_DURATION_SECONDS, AGENT_LEVEL);
const FAILED = selector(H.count, { 'outcome~': oneOf(HOOK_FAILURE_OUTCOMES) });

/** Failed executions over all executions of each hook (0 for a hook that never failed). */
export function hookFailureRatio(window: string): string {
  return shareOf(FAILED, H.count, BY_HOOK, window);
}

function recordings(window: string, withOutcome: boolean): RecordingRule[] {
  return [
    ...HOOK_QUANTILES.map((q) => ({
      record: records.hookQuantile(q, window),
      expr: `histogram_quantile(${q}, sum by (le, ${BY_HOOK}) (rate(${H.bucket}[${window}])))`,
    })),
    {
      record: records.hookExecutions(window),
      expr: `sum by (${BY_HOOK}) (rate(${H.count}[${window}]))`,
    },
    ...(withOutcome
      ? [
          {
            record: records.hookExecutionsByOutcome(window),
            expr: `sum by (${BY_HOOK}, outcome) (rate(${H.count}[${window}]))`,
          },
        ]
      : []),
    { record: records.hookSuccessRatio(window), expr: `1 - ${paren(hookFailureRatio(window))}` },
  ];
}

/**
 * The same figures for all hooks of each coding agent: how an agent's hooks behave as a whole
 * (an agent upgrade that breaks its hooks, one agent's hooks slower than another's). A handful of
 * agents: a few dozen series. At the dashboard and report windows.
 */
function agentRecordings(window: string): RecordingRule[] {
  const failed = shareOf(FAILED, H.count, BY_AGENT, window);
  return [
    ...HOOK_QUANTILES.map((q) => ({
      record: records.agentHookQuantile(q, window),
      expr: `histogram_quantile(${q}, sum by (le, ${BY_AGENT}) (rate(${H.bucket}[${window}])))`,
    })),
    {
      record: records.agentHookExecutions(window),
      expr: `sum by (${BY_AGENT}) (rate(${H.count}[${window}]))`,
    },
    {
      record: records.agentHookExecutionsByOutcome(window),
      expr: `sum by (${BY_AGENT}, outcome) (rate(${H.count}[${window}]))`,
    },
    { record: records.agentHookSuccessRatio(window), expr: `1 - ${paren(failed)}` },
  ];
}

/** Hook latency, throughput and success: recordings per window and the threshold alerts. */
export function hookRules(config: HookscopeConfig): RuleFile {
  const w = config.alerts.window;
  const minRuns = `${records.hookExecutions(w)} * ${durationSeconds(w)} >= ${config.alerts.min_executions}`;
  const hook = '{{ $labels.hook_event }} hook {{ $labels.hook_name }}';
  return {
    file: 'hooks.yml',
    description:
      'Hook latency (p50/p95/p99), throughput and success ratio per hook and per coding agent, and their threshold alerts.',
    groups: [
      {
        // Alerts after the recordings they read, in one group: Prometheus evaluates a group's
        // rules in order, so they always see this evaluation's values.
        name: 'hookscope-hooks',
        rules: [
          ...hookWindows(config).flatMap((window) =>
            recordings(window, window === BASE_RATE_WINDOW),
          ),
          ...alertPair(config, config.hooks.latency_seconds, (severity, threshold) => ({
            name: 'HookLatencyHigh',
            severity,
            expr: `${records.hookQuantile(0.95, w)} > ${num(threshold)}\nand on (${BY_HOOK})\n${minRuns}`,
            for: config.hooks.latency_for[severity],
            summary: `Hook p95 execution time is above its ${severity} threshold.`,
            description: `${hook} took {{ $value | humanizeDuration }} at p95 over the last ${w} (${severity} above ${num(threshold)}s).`,
          })),
          ...alertPair(config, config.hooks.success_ratio, (severity, threshold) => ({
            name: 'HookSuccessRatioLow',
            severity,
            expr: `${records.hookSuccessRatio(w)} < ${num(threshold)}\nand on (${BY_HOOK})\n${minRuns}`,
            for: config.hooks.success_for[severity],
            summary: `Hook success ratio is below its ${severity} threshold.`,
            description: `${hook} succeeded in {{ $value | humanizePercentage }} of its runs over the last ${w} (${severity} below ${num(threshold * 100)}%).`,
          })),
        ],
      },
      {
        name: 'hookscope-hooks-by-agent',
        rules: HOOK_REPORT_WINDOWS.flatMap((window) => agentRecordings(window)),
      },
    ],
  };
}
