import type { MetricDef } from './metric-def.js';

/**
 * Hook latency buckets: fine below a second (most hooks), and every threshold the default
 * alerts use (20 s warning, 30 s budget, 40 s critical) as an exact bound so that
 * `histogram_quantile` and `le`-based SLO ratios are exact at the thresholds.
 */
export const HOOK_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 40, 60, 120, 300,
] as const;

export const HOOK_DURATION_SECONDS: MetricDef = {
  name: 'hookscope_hook_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: "Wall time of hook executions, by hook event, hook name, agent tool (the payload's tool_name, unknown when none), outcome and coding agent (claude-code, gemini-cli, codex, cursor, copilot; unknown for git hooks and the library).",
  labels: ['hook_event', 'hook_name', 'tool', 'outcome', 'agent'],
  buckets: HOOK_DURATION_BUCKETS,
};
