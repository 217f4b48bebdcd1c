import { durationSeconds, formatDuration, type HookscopeConfig } from '@hookscope/config';
import { isAlert, type AlertingRule, type Rule, type RuleFile } from './rule-types.js';

/** The label that marks an escalated alert, and its value; Alertmanager routes on it. */
export const ESCALATION_LABEL = 'escalation';
export const ESCALATED = 'true';

export function isEscalation(rule: AlertingRule): boolean {
  return rule.labels[ESCALATION_LABEL] === ESCALATED;
}

/**
 * The escalation copy of a critical alert: the same condition and annotations, a `for` longer by
 * alerts.escalate_after, and escalation="true". It fires once the alert has been critical that
 * long, and resolves with it.
 */
export function escalated(config: HookscopeConfig, rule: AlertingRule): AlertingRule {
  const waited =
    durationSeconds(rule.for ?? '0s')! + durationSeconds(config.alerts.escalate_after)!;
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: formatDuration(waited),
    labels: { ...rule.labels, [ESCALATION_LABEL]: ESCALATED },
    annotations: rule.annotations,
  };
}

/** A rule file with every critical alert followed by its escalation copy, in the same group. */
export function withEscalations(config: HookscopeConfig, file: RuleFile): RuleFile {
  const expand = (rule: Rule): Rule[] =>
    isAlert(rule) && rule.labels.severity === 'critical' ? [rule, escalated(config, rule)] : [rule];
  return { ...file, groups: file.groups.map((g) => ({ ...g, rules: g.rules.flatMap(expand) })) };
}
