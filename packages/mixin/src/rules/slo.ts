import { HOOK_DURATION_SECONDS } from '@hookscope/catalog';
import { durationSeconds, type HookscopeConfig } from '@hookscope/config';
import { alert } from '../alert.js';
import { HOOK_LEVEL, records, SLO_LATENCY, SLO_SUCCESS } from '../names.js';
import { bucketBound, histogramSeries, labelsOf, num, paren, selector } from '../promql.js';
import type { AlertingRule, RecordingRule, RuleFile, Severity } from '../rule-types.js';
import { hookFailureRatio } from './hooks.js';

const H = histogramSeries(HOOK_DURATION_SECONDS);
const BY_HOOK = labelsOf(HOOK_DURATION_SECONDS, HOOK_LEVEL);

/**
 * Multi-window multi-burn-rate alerts, as in the Google SRE workbook and Sloth: an alert fires
 * when both a long and a short window burn the error budget faster than a factor; the short
 * window makes it resolve soon after the burn stops. Page on fast burns (2% of a 30-day budget in
 * 1h, 5% in 6h), ticket on slow ones (10% in 1d, 10% in 3d).
 */
export const BURN_RATE_WINDOWS: readonly {
  severity: Severity;
  tier: 'page' | 'ticket';
  long: string;
  short: string;
  factor: number;
}[] = [
  { severity: 'critical', tier: 'page', long: '1h', short: '5m', factor: 14.4 },
  { severity: 'critical', tier: 'page', long: '6h', short: '30m', factor: 6 },
  { severity: 'warning', tier: 'ticket', long: '1d', short: '2h', factor: 3 },
  { severity: 'warning', tier: 'ticket', long: '3d', short: '6h', factor: 1 },
];

export const SLO_WINDOWS = [...new Set(BURN_RATE_WINDOWS.flatMap((w) => [w.short, w.long]))].sort(
  (a, b) => durationSeconds(a)! - durationSeconds(b)!,
);

interface Slo {
  id: string;
  /** Alert name stem: `<Stem>ErrorBudgetBurn`. */
  stem: string;
  objective: number;
  /** Error ratio of each hook over a window. */
  errorRatio: (window: string) => string;
  /** What a bad execution is, for descriptions. */
  bad: string;
}

function slos(config: HookscopeConfig): Slo[] {
  const budget = config.hooks.budget_seconds;
  const fast = selector(H.bucket, bucketBound(budget));
  return [
    {
      id: SLO_LATENCY,
      stem: 'HookLatency',
      objective: config.slo.latency_objective,
      errorRatio: (w) =>
        `1 - ${paren(`sum by (${BY_HOOK}) (rate(${fast}[${w}]))\n/\nsum by (${BY_HOOK}) (rate(${H.count}[${w}]))`)}`,
      bad: `took longer than ${num(budget)}s`,
    },
    {
      id: SLO_SUCCESS,
      stem: 'HookSuccess',
      objective: config.slo.success_objective,
      errorRatio: hookFailureRatio,
      bad: 'failed',
    },
  ];
}

function budgetRemaining(slo: Slo, config: HookscopeConfig): RecordingRule {
  return {
    record: records.sloBudgetRemaining(),
    // A ratio of rates over the period is the ratio of its counts.
    expr: `1 - ${paren(slo.errorRatio(config.slo.period))} / ${num(1 - slo.objective)}`,
    labels: { slo: slo.id },
  };
}

function burnAlerts(slo: Slo, config: HookscopeConfig): AlertingRule[] {
  const budget = num(1 - slo.objective);
  const sel = (w: string) => selector(records.sloErrorRatio(w), { slo: slo.id });
  return (['page', 'ticket'] as const).map((tier) => {
    const windows = BURN_RATE_WINDOWS.filter((w) => w.tier === tier);
    const expr = windows
      .map(
        (w) =>
          `(\n  ${sel(w.short)} / ${budget} > ${num(w.factor)}\nand\n  ${sel(w.long)} / ${budget} > ${num(w.factor)}\n)`,
      )
      .join('\nor\n');
    const pairs = windows
      .map((w) => `${num(w.factor)}x over ${w.long} and ${w.short}`)
      .join(', or ');
    return alert(config, {
      name: `${slo.stem}ErrorBudgetBurn`,
      severity: windows[0]!.severity,
      expr,
      summary: `Hook ${slo.id.replace('hook-', '')} SLO error budget is burning ${tier === 'page' ? 'fast' : 'steadily'}.`,
      description:
        `{{ $labels.hook_event }} hook {{ $labels.hook_name }} burns its ${slo.id} error budget {{ $value | printf "%.1f" }}x faster than sustainable ` +
        `(${tier}: ${pairs}): too many runs ${slo.bad} against an objective of ${num(slo.objective * 100)}% over ${config.slo.period}.`,
      labels: { slo: slo.id, tier },
    });
  });
}

/** Per-hook SLOs on latency (within the budget) and success, with burn-rate alerts. */
export function sloRules(config: HookscopeConfig): RuleFile {
  const list = slos(config);
  return {
    file: 'slo.yml',
    description:
      'Hook latency and success SLOs: error ratios per window, error budget left, multi-window multi-burn-rate alerts.',
    groups: [
      {
        // Burn-rate alerts after the error ratios they read (see hooks.ts).
        name: 'hookscope-slo',
        rules: [
          ...list.flatMap((slo) =>
            SLO_WINDOWS.map((w) => ({
              record: records.sloErrorRatio(w),
              expr: slo.errorRatio(w),
              labels: { slo: slo.id },
            })),
          ),
          ...list.flatMap((slo) => burnAlerts(slo, config)),
        ],
      },
      {
        // Reads the whole SLO period of raw data: evaluated less often.
        name: 'hookscope-slo-budget',
        interval: '5m',
        rules: list.map((slo) => budgetRemaining(slo, config)),
      },
    ],
  };
}
