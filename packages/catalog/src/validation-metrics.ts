import type { MetricDef } from './metric-def.js';

/**
 * Validators run inside hooks. Labelled with the hook they ran in, so that their share of hook
 * time (validation should cost under 20% of it) is a ratio of two sums with the same labels:
 * `sum by (hook_event, hook_name) (rate(hookscope_validation_duration_seconds_sum[1h]))`
 * over the same of `hookscope_hook_duration_seconds_sum`.
 */
export const VALIDATION_DURATION_BUCKETS = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60,
] as const;

export const VALIDATION_DURATION_SECONDS: MetricDef = {
  name: 'hookscope_validation_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Wall time of validators inside hooks, by hook event, hook name, validator and outcome (passed, failed, error).',
  labels: ['hook_event', 'hook_name', 'validator', 'outcome'],
  buckets: VALIDATION_DURATION_BUCKETS,
};

export const VALIDATION_METRICS: readonly MetricDef[] = [VALIDATION_DURATION_SECONDS];
