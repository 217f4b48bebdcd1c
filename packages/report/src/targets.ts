import { defaultConfig, type HookscopeConfig } from '@hookscope/config';

/**
 * What the report judges against: the targets and thresholds of hookscope.config.yaml (the same
 * numbers the alerts use, read through @hookscope/config's loader), and where Prometheus is.
 */
export interface ReportTargets {
  /** Base URL of the Prometheus HTTP API (prometheus.address). */
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
    /** regression.min_executions: runs needed on both sides before comparing. */
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

/** The report's targets from a loaded config (see @hookscope/config's loadConfig). */
export function targetsFromConfig(c: HookscopeConfig): ReportTargets {
  return {
    prometheusUrl: `http://${c.prometheus.address}`,
    hookBudgetSeconds: c.hooks.budget_seconds,
    successRatioMin: c.hooks.success_ratio.warning,
    testTimeReduction: { ...c.testing.time_reduction_ratio },
    validationMaxRatio: c.overhead.validation_max_ratio,
    monitoringMaxRatio: c.overhead.monitoring_max_ratio,
    cacheMinHitRatio: c.caches.min_hit_ratio,
    regression: {
      thresholdRatio: c.regression.threshold_ratio,
      baseline: c.regression.baseline,
      minExecutions: c.regression.min_executions,
    },
    conversationResponseSeconds: { ...c.conversations.response_seconds },
    compressionSavedRatioMin: c.conversations.compression_saved_ratio.warning,
    restartsPerHourMax: c.conversations.restarts_per_hour.warning,
    restartMinSuccessRatio: c.conversations.restart_min_success_ratio,
  };
}

/** The targets of the documented defaults (no config file). */
export const DEFAULT_TARGETS: ReportTargets = targetsFromConfig(defaultConfig());
