import { prometheusSeriesNames } from '@hookscope/catalog';
import {
  IDENTITY_LABELS,
  NO_RECEIVER,
  type AlertTier,
  type HookscopeConfig,
} from '@hookscope/config';
import { ESCALATED, ESCALATION_LABEL } from '../escalation.js';
import { isAlert, type AlertingRule, type RuleFile } from '../rule-types.js';
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
 * and every label that tells alerts apart (the catalog's metric labels, job, instance, the
 * machine's identity (team, env, host) at the center, and the
 * rules' own labels such as process_type). Labels whose value follows from the severity (severity,
 * escalation, an SLO alert's tier: page or ticket) are left out, or no critical would match.
 */
export function inhibitRules(files: readonly RuleFile[]): InhibitRule[] {
  const alerts = files.flatMap((f) => f.groups.flatMap((g) => g.rules.filter(isAlert)));
  const metricLabels = [...prometheusSeriesNames().values()].flatMap((m) => m.labels);
  const ruleLabels = alerts.flatMap((a) => Object.keys(a.labels));
  const bySeverity = severityLabels(alerts);
  // The machine's identity labels too: at the center, a critical on one machine must not
  // silence the same warning on another.
  const identity = [
    ...new Set(['job', 'instance', ...IDENTITY_LABELS, ...metricLabels, ...ruleLabels]),
  ]
    .filter((l) => l !== 'le' && !bySeverity.has(l))
    .sort();
  return [
    {
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      equal: ['alertname', ...identity],
    },
  ];
}

/** Labels an alert rule sets to one value per severity, a different one at each. */
function severityLabels(alerts: readonly AlertingRule[]): Set<string> {
  const out = new Set<string>(['severity', ESCALATION_LABEL]);
  const byName = groupBy(
    alerts.filter((a) => !a.labels[ESCALATION_LABEL]),
    (a) => a.alert,
  );
  for (const rules of byName.values()) {
    const bySeverity = [...groupBy(rules, (r) => r.labels.severity).values()];
    if (bySeverity.length < 2) continue;
    for (const label of new Set(rules.flatMap((r) => Object.keys(r.labels)))) {
      const values = bySeverity.map((rs) => new Set(rs.map((r) => r.labels[label])));
      const single = values.every((v) => v.size === 1);
      if (single && new Set(values.map((v) => [...v][0])).size > 1) out.add(label);
    }
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
