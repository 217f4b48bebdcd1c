import type { HookscopeConfig } from '@hookscope/config';
import {
  BURN_RATE_WINDOWS,
  isAlert,
  ruleFiles,
  records,
  SLO_LATENCY,
  SLO_SUCCESS,
  DASHBOARD_UIDS,
} from '@hookscope/mixin';
import type { DashboardDef } from '../dashboard.js';
import { HOOK_DETAIL_ROW_LINK } from './hooks-common.js';
import { runbookLink } from '../links.js';
import { statPanel, tablePanel, timeSeries, type Step, maxSteps } from '../panels.js';
import { recorded, synthetic } from '../promql.js';

/** Prometheus's own series of pending and firing alerts. */
export const ALERTS_SERIES = 'ALERTS';

// `host`: at the center each alert names its machine (empty on one machine's own Prometheus).
const ALERT_LABELS = 'alertname, severity, alertstate, hook_event, hook_name, host';

/** What fires now, and how much error budget each hook has left. */
export function alertsSlos(config: HookscopeConfig): DashboardDef {
  const slos = [
    { id: SLO_LATENCY, title: 'latency', objective: config.slo.latency_objective },
    { id: SLO_SUCCESS, title: 'success', objective: config.slo.success_objective },
  ];
  const budget = records.sloBudgetRemaining();
  // The budget reads the whole SLO period, so its rule group runs less often than the others:
  // until its first evaluation the budget panels say when to expect a value.
  const budgetGroup = ruleFiles(config)
    .flatMap((f) => f.groups)
    .find((g) => g.rules.some((r) => !isAlert(r) && r.record === budget));
  const budgetPending = `No value yet: computed every ${budgetGroup?.interval ?? config.prometheus.evaluation_interval} over ${config.slo.period}`;
  const budgetSteps: Step[] = [
    { value: null, color: 'red' },
    { value: 0, color: 'orange' },
    { value: 0.25, color: 'green' },
  ];
  const firing = (m: Record<string, string>) =>
    // Prometheus itself answers this query, so no ALERTS series means none pending or firing.
    `count(${synthetic('max', ALERTS_SERIES, { alertstate: 'firing', ...m })}) or vector(0)`;
  const pageWindow = BURN_RATE_WINDOWS[0]!;
  return {
    uid: DASHBOARD_UIDS.alertsSlos,
    file: 'alerts-slos.json',
    title: 'hookscope / Alerts and SLOs',
    description: `Alerts firing and pending now, and the hook SLOs over ${config.slo.period}: executions within the ${config.hooks.budget_seconds} s budget (objective ${config.slo.latency_objective}) and executions that succeed (objective ${config.slo.success_objective}), with the error budget left and how fast it burns.`,
    rows: [
      {
        title: 'Alerts',
        panels: [
          ...(
            [
              ['critical', 'Critical alerts firing', 'red', ': someone should be looking'],
              ['warning', 'Warnings firing', 'yellow', ''],
            ] as const
          ).map(([severity, title, color, why]) =>
            statPanel({
              title,
              description: `Alerts of severity ${severity} firing now${why}. Each one is listed below with its hook.`,
              unit: 'none',
              steps: maxSteps(1, color),
              queries: [{ expr: firing({ severity }) }],
            }),
          ),
          tablePanel({
            title: 'Pending and firing alerts',
            description:
              'Every alert pending (its condition holds, waiting for its `for` duration) or firing, with its severity and hook. Click a row for the hook’s detail; each alert’s runbook section says what to do.',
            unit: 'none',
            noValue: 'No alerts pending or firing',
            queries: [
              {
                expr: `max by (${ALERT_LABELS}) (${synthetic('max', ALERTS_SERIES)})`,
                instant: true,
              },
            ],
            rowLinks: [HOOK_DETAIL_ROW_LINK],
          }),
          timeSeries({
            title: 'Alerts over time',
            description:
              'Pending and firing alerts by name and state: when they started, how long they lasted.',
            unit: 'none',
            width: 24,
            stack: true,
            queries: [
              {
                expr: `count by (alertname, alertstate) (${synthetic('max', ALERTS_SERIES)})`,
                legend: '{{alertname}} {{alertstate}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Hook SLOs',
        panels: [
          ...slos.map((s) =>
            statPanel({
              title: `Error budget left, ${s.title} (worst hook)`,
              description: `Share of the ${config.slo.period} error budget of the ${s.title} SLO (objective ${s.objective}) left for the hook that used the most (at a team's central store, on the chosen machines): 1 untouched, 0 spent, below 0 overspent.`,
              unit: 'percentunit',
              width: 12,
              decimals: 1,
              steps: budgetSteps,
              noValue: budgetPending,
              queries: [{ expr: recorded('min', budget, [], { slo: s.id }) }],
              links: [
                runbookLink(
                  config,
                  s.id === SLO_LATENCY
                    ? 'HookLatencyErrorBudgetBurn'
                    : 'HookSuccessErrorBudgetBurn',
                ),
              ],
            }),
          ),
          tablePanel({
            title: 'Error budget left by hook',
            description: `Error budget left per hook and SLO over ${config.slo.period}, lowest first (at a team's central store, per machine). Click a row for the hook’s detail.`,
            unit: 'percentunit',
            width: 24,
            steps: budgetSteps,
            noValue: budgetPending,
            queries: [
              {
                expr: `sort(${recorded('min', budget, ['slo', 'hook_event', 'hook_name', 'host'])})`,
                instant: true,
              },
            ],
            rowLinks: [HOOK_DETAIL_ROW_LINK],
          }),
          ...slos.map((s) =>
            timeSeries({
              title: `Burn rate, ${s.title}`,
              description: `How fast the worst hook spends its ${s.title} error budget over ${pageWindow.long} (1 = exactly the budget over ${config.slo.period}). The dashed lines are the burn rates the alerts page at (${BURN_RATE_WINDOWS.filter(
                (w) => w.tier === 'page',
              )
                .map((w) => `${w.factor}x`)
                .join(', ')}) and open a ticket at (${BURN_RATE_WINDOWS.filter(
                (w) => w.tier === 'ticket',
              )
                .map((w) => `${w.factor}x`)
                .join(', ')}).`,
              unit: 'short',
              thresholdLines: true,
              steps: [
                { value: null, color: 'green' },
                ...BURN_RATE_WINDOWS.map((w) => ({
                  value: w.factor,
                  color: w.tier === 'page' ? ('red' as const) : ('yellow' as const),
                })).sort((a, b) => a.value - b.value),
              ],
              queries: [
                {
                  expr: `(${recorded('max', records.sloErrorRatio(pageWindow.long), ['hook_event', 'hook_name'], { slo: s.id })}) / ${Number((1 - s.objective).toPrecision(12))}`,
                  legend: '{{hook_event}} {{hook_name}}',
                },
              ],
            }),
          ),
        ],
      },
    ],
  };
}
