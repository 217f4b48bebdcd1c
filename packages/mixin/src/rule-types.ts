/** The shapes of Prometheus rule files, as `promtool check rules` reads them. */

export type Severity = 'warning' | 'critical';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: Severity } & Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string } & Record<
    string,
    string
  >;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  /** Evaluation interval of this group when it differs from Prometheus's global one. */
  interval?: string;
  rules: Rule[];
}

/** One file under prometheus/rules/. */
export interface RuleFile {
  /** File name, e.g. `hooks.yml`. */
  file: string;
  /** What the file holds, written at its top. */
  description: string;
  groups: RuleGroup[];
}

export function isAlert(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}
