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
  overhead: { monitoring_max_ratio: number; validation_max_ratio: number };
  testing: { time_reduction_ratio: { min: number; max: number } };
  caches: { min_hit_ratio: number };
  conversations: {
    response_seconds: Record<string, Thresholds>;
    compression_saved_ratio: Thresholds;
    restarts_per_hour: Thresholds;
    restart_min_success_ratio: number;
  };
}
