import type { HookscopeConfig } from '@hookscope/config';
import type { AlertingRule, Severity } from './rule-types.js';

export interface AlertSpec {
  name: string;
  severity: Severity;
  expr: string;
  for?: string;
  /** One static sentence: what is wrong (no template, so notifications group by it). */
  summary: string;
  /** What is wrong where, with the value: may use `{{ $labels.x }}` and `{{ $value }}`. */
  description: string;
  labels?: Record<string, string>;
}

/** The anchor of an alert's section in the runbook: GitHub's heading slug of its name. */
export function runbookAnchor(alertName: string): string {
  return alertName.toLowerCase();
}

/** An alerting rule with the annotations every hookscope alert carries (runbook link included). */
export function alert(config: HookscopeConfig, spec: AlertSpec): AlertingRule {
  return {
    alert: spec.name,
    expr: spec.expr,
    ...(spec.for && spec.for !== '0s' ? { for: spec.for } : {}),
    labels: { severity: spec.severity, ...spec.labels },
    annotations: {
      summary: spec.summary,
      description: spec.description,
      runbook_url: `${config.alerts.runbook_url}#${runbookAnchor(spec.name)}`,
    },
  };
}

/** The same alert at its warning and critical thresholds. */
export function alertPair(
  config: HookscopeConfig,
  thresholds: { warning: number; critical: number },
  build: (severity: Severity, threshold: number) => AlertSpec,
): AlertingRule[] {
  return (['warning', 'critical'] as const).map((s) => alert(config, build(s, thresholds[s])));
}
