/**
 * What the dashboards read from hookscope.config.yaml: thresholds drawn as lines and colors, and
 * the runbook they link to. The keys are the config file's keys.
 */
export interface Thresholds {
  warning: number;
  critical: number;
}

export interface DashboardConfig {
  alerts: { runbook_url: string };
  collector: { backlog_age_seconds: Thresholds; ingest_lag_seconds: Thresholds };
  hooks: { budget_seconds: number; latency_seconds: Thresholds; success_ratio: Thresholds };
  slo: { latency_objective: number; success_objective: number };
}
