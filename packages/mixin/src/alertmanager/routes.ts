import { prometheusSeriesNames } from '@hookscope/catalog';
import { NO_RECEIVER, type AlertTier, type HookscopeConfig } from '@hookscope/config';
import { ESCALATED, ESCALATION_LABEL } from '../escalation.js';
import { isAlert, type RuleFile } from '../rule-types.js';
import { QUIET_HOURS } from './quiet-hours.js';

export interface Route {
  receiver: string;
  matchers?: string[];
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  continue?: boolean;
  routes?: Route[];
}

/** Which alerts each tier takes, first match wins; warnings also take any other severity. */
const TIER_MATCHERS: Record<AlertTier, string[]> = {
  escalation: [`${ESCALATION_LABEL}="${ESCALATED}"`],
  critical: ['severity="critical"'],
  warning: [],
};
const TIER_ORDER: readonly AlertTier[] = ['escalation', 'critical', 'warning'];

/** The receivers notified for a tier; escalations fall back to the critical receivers. */
export function tierReceivers(config: HookscopeConfig, tier: AlertTier): string[] {
  const listed = (t: AlertTier) =>
    config.alertmanager.receivers.filter((r) => r.severities.includes(t)).map((r) => r.name);
  const names = listed(tier);
  return names.length || tier !== 'escalation' ? names : listed('critical');
}

/**
 * The route tree: one route per tier with its timing (quiet hours for warnings), and under it one
 * route per receiver, each with `continue` so that every receiver of the tier is notified.
 */
export function routeTree(config: HookscopeConfig): Route {
  const am = config.alertmanager;
  const tierRoute = (tier: AlertTier): Route => {
    const receivers = tierReceivers(config, tier);
    // Time intervals are not inherited by child routes: every route of the tier names them.
    const mute =
      tier === 'warning' && am.quiet_hours.intervals.length
        ? { mute_time_intervals: [QUIET_HOURS] }
        : {};
    return {
      receiver: receivers[0] ?? NO_RECEIVER,
      ...(TIER_MATCHERS[tier].length ? { matchers: TIER_MATCHERS[tier] } : {}),
      ...am.timing[tier],
      ...mute,
      ...(receivers.length > 1
        ? { routes: receivers.map((receiver) => ({ receiver, ...mute, continue: true })) }
        : {}),
    };
  };
  return {
    receiver: NO_RECEIVER,
    group_by: am.group_by,
    routes: TIER_ORDER.map(tierRoute),
  };
}

export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}

/**
 * A critical alert silences the warning of the same alert for the same thing: equal alertname
 * and every label that tells alerts apart (the catalog's metric labels, job and instance). Labels
 * that differ by severity on purpose (severity, an SLO alert's tier) are left out.
 */
export function inhibitRules(files: readonly RuleFile[]): InhibitRule[] {
  const alerts = files.flatMap((f) => f.groups.flatMap((g) => g.rules.filter(isAlert)));
  const staticLabels = new Set(alerts.flatMap((a) => Object.keys(a.labels)));
  const metricLabels = [...prometheusSeriesNames().values()].flatMap((m) => m.labels);
  const identity = [...new Set(['job', 'instance', ...metricLabels])]
    .filter((l) => l !== 'le' && !staticLabels.has(l))
    .sort();
  return [
    {
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      equal: ['alertname', ...identity],
    },
  ];
}
