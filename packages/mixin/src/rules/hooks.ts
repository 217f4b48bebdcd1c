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

/** The labels a set of hook recordings keeps, and the names it records under. */
interface HookLevel {
  by: string;
  quantile: (q: number, window: string) => string;
  executions: (window: string) => string;
  executionsByOutcome: (window: string) => string;
  successRatio: (window: string) => string;
}

const PER_HOOK: HookLevel = {
  by: BY_HOOK,
  quantile: records.hookQuantile,
  executions: records.hookExecutions,
  executionsByOutcome: records.hookExecutionsByOutcome,
  successRatio: records.hookSuccessRatio,
};

/**
 * The same figures for all hooks of each coding agent: how an agent's hooks behave as a whole
 * (an agent upgrade that breaks its hooks, one agent's hooks slower than another's). A handful of
 * agents and no hook label: a few dozen series. At the dashboard and report windows.
 */
const PER_AGENT: HookLevel = {
  by: BY_AGENT,
  quantile: records.agentHookQuantile,
  executions: records.agentHookExecutions,
  executionsByOutcome: records.agentHookExecutionsByOutcome,
  successRatio: records.agentHookSuccessRatio,
};

function recordings(level: HookLevel, window: string, withOutcome: boolean): RecordingRule[] {
  const failed = shareOf(FAILED, H.count, level.by, window);
  return [
    ...HOOK_QUANTILES.map((q) => ({
      record: level.quantile(q, window),
      expr: `histogram_quantile(${q}, sum by (le, ${level.by}) (rate(${H.bucket}[${window}])))`,
    })),
    {
      record: level.executions(window),
      expr: `sum by (${level.by}) (rate(${H.count}[${window}]))`,
    },
    ...(withOutcome
      ? [
          {
            record: level.executionsByOutcome(window),
            expr: `sum by (${level.by}, outcome) (rate(${H.count}[${window}]))`,
          },
        ]
      : []),
    { record: level.successRatio(window), expr: `1 - ${paren(failed)}` },
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
            recordings(PER_HOOK, window, window === BASE_RATE_WINDOW),
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
        rules: HOOK_REPORT_WINDOWS.flatMap((window) => recordings(PER_AGENT, window, true)),
      },
    ],
  };
}
