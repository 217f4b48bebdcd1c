import type { MetricDef } from './metric-def.js';

/**
 * Sub-agents invoked by hooks (OpenTelemetry GenAI `invoke_agent` spans): which one is the
 * bottleneck and what it costs in tokens. The hook budget (30 s) and the tactical response
 * thresholds (1.5 s, 3 s) are bucket bounds.
 */
export const AGENT_DURATION_BUCKETS = [
  0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 3, 5, 10, 20, 30, 60, 120, 300, 600,
] as const;

export const AGENT_DURATION_SECONDS: MetricDef = {
  name: 'hookscope_agent_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Wall time of sub-agent invocations (GenAI invoke_agent spans), by agent name and outcome (success, error).',
  labels: ['agent', 'outcome'],
  buckets: AGENT_DURATION_BUCKETS,
};

export const AGENT_TOKENS: MetricDef = {
  name: 'hookscope_agent_tokens_total',
  type: 'counter',
  unit: '{token}',
  help: 'Tokens used by sub-agent invocations, by agent name and token type (input, output).',
  labels: ['agent', 'token_type'],
};

export const AGENT_METRICS: readonly MetricDef[] = [AGENT_DURATION_SECONDS, AGENT_TOKENS];
