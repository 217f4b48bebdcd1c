import type { DashboardConfig } from '../src/index.js';

const t = (warning: number, critical: number) => ({ warning, critical });

/** A full config for unit tests. */
export const TEST_CONFIG: DashboardConfig = {
  alerts: { runbook_url: 'https://example.com/runbook.md' },
  collector: { backlog_age_seconds: t(300, 1800), ingest_lag_seconds: t(60, 600) },
  hooks: { budget_seconds: 30, latency_seconds: t(20, 40), success_ratio: t(0.9, 0.8) },
  slo: { latency_objective: 0.99, success_objective: 0.99 },
  overhead: { monitoring_max_ratio: 0.05, validation_max_ratio: 0.2 },
  testing: { time_reduction_ratio: { min: 0.6, max: 0.8 } },
  caches: { min_hit_ratio: 0.5 },
  conversations: {
    response_seconds: { tactical: t(1.5, 3), strategic: t(5, 10) },
    compression_saved_ratio: t(0.7, 0.5),
    restarts_per_hour: t(3, 10),
    restart_min_success_ratio: 0.9,
  },
};
