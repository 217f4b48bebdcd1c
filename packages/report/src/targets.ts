/**
 * What the report judges against: the targets and thresholds of hookscope.config.yaml (the same
 * numbers the alerts use), and where Prometheus is. The defaults are the seeds' targets.
 * TODO(issue 5): fill from @hookscope/config's loader (targetsFromConfig) once it lands on main.
 */
export interface ReportTargets {
  /** Base URL of the Prometheus HTTP API. */
  prometheusUrl: string;
  /** hooks.budget_seconds: a hook's p95 must stay under it. */
  hookBudgetSeconds: number;
  /** hooks.success_ratio.warning: share of runs that must succeed (success or blocked). */
  successRatioMin: number;
  /** testing.time_reduction_ratio: share of full-suite time test selection should save. */
  testTimeReduction: { min: number; max: number };
  /** overhead.validation_max_ratio: validators' share of hook time. */
  validationMaxRatio: number;
  /** overhead.monitoring_max_ratio: hookscope's own share of hook time. */
  monitoringMaxRatio: number;
  /** caches.min_hit_ratio. */
  cacheMinHitRatio: number;
  regression: {
    /** regression.threshold_ratio: relative change that counts (0.2 = 20%). */
    thresholdRatio: number;
    /** regression.baseline: the default --baseline. */
    baseline: string;
    /** regression.min_executions: samples needed on both sides before comparing. */
    minExecutions: number;
  };
  /** conversations.response_seconds: p95 thresholds per process type. */
  conversationResponseSeconds: Record<string, { warning: number; critical: number }>;
  /** conversations.compression_saved_ratio.warning: median share of tokens a compression removes. */
  compressionSavedRatioMin: number;
  /** conversations.restarts_per_hour.warning. */
  restartsPerHourMax: number;
  /** conversations.restart_min_success_ratio. */
  restartMinSuccessRatio: number;
}

export const DEFAULT_TARGETS: ReportTargets = {
  prometheusUrl: 'http://127.0.0.1:9090',
  hookBudgetSeconds: 30,
  successRatioMin: 0.9,
  testTimeReduction: { min: 0.6, max: 0.8 },
  validationMaxRatio: 0.2,
  monitoringMaxRatio: 0.05,
  cacheMinHitRatio: 0.5,
  regression: { thresholdRatio: 0.2, baseline: '7d', minExecutions: 10 },
  conversationResponseSeconds: {
    tactical: { warning: 1.5, critical: 3 },
    strategic: { warning: 5, critical: 10 },
  },
  compressionSavedRatioMin: 0.7,
  restartsPerHourMax: 3,
  restartMinSuccessRatio: 0.9,
};
