import type { MetricDef } from './metric-def.js';

/**
 * Conversations of agent-driven workflows (a hook that talks to a model, or the agent itself as
 * reported by its own telemetry): response time per process type and model, tokens, turns,
 * context compression and restarts. `process_type` is the kind of agent process (e.g. tactical,
 * strategic; main, subagent); `model` is the requested model name.
 */

/** Response time: the tactical thresholds (warning 1.5 s, critical 3 s) are bucket bounds. */
export const CONVERSATION_RESPONSE_BUCKETS = [
  0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 30, 60, 120, 300,
] as const;
/** Context window size in tokens when an exchange was sent. */
export const CONVERSATION_CONTEXT_TOKEN_BUCKETS = [
  1000, 2000, 5000, 10000, 20000, 50000, 100000, 150000, 200000, 500000, 1000000,
] as const;
/**
 * Tokens kept by a compression (after / before). Bounds at 0.3, 0.5 and 0.7 cover the default
 * compression thresholds (0.7 warning, 0.5 critical) read either as kept or as removed share.
 */
export const COMPRESSION_RATIO_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;
export const COMPRESSION_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120] as const;

const EXCHANGE_LABELS = ['process_type', 'model'] as const;
const COMPRESSION_LABELS = ['process_type', 'trigger'] as const;

export const CONVERSATION_RESPONSE_SECONDS: MetricDef = {
  name: 'hookscope_conversation_response_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Response time of conversation exchanges (one model turn), by process type, model and outcome (success, error).',
  labels: [...EXCHANGE_LABELS, 'outcome'],
  buckets: CONVERSATION_RESPONSE_BUCKETS,
};

export const CONVERSATION_TURNS: MetricDef = {
  name: 'hookscope_conversation_turns_total',
  type: 'counter',
  unit: '{turn}',
  help: 'Conversation exchanges (turns), by process type, model and outcome (success, error).',
  labels: [...EXCHANGE_LABELS, 'outcome'],
};

export const CONVERSATION_TOKENS: MetricDef = {
  name: 'hookscope_conversation_tokens_total',
  type: 'counter',
  unit: '{token}',
  help: 'Tokens of conversation exchanges, by process type, model and token type (input, output).',
  labels: [...EXCHANGE_LABELS, 'token_type'],
};

export const CONVERSATION_CONTEXT_TOKENS: MetricDef = {
  name: 'hookscope_conversation_context_tokens',
  type: 'histogram',
  unit: '{token}',
  help: 'Context window size (tokens) when an exchange was sent, by process type and model.',
  labels: EXCHANGE_LABELS,
  buckets: CONVERSATION_CONTEXT_TOKEN_BUCKETS,
};

export const COMPRESSION_RATIO: MetricDef = {
  name: 'hookscope_conversation_compression_ratio',
  type: 'histogram',
  unit: '1',
  help: 'Share of context tokens kept by each compression (after / before; lower is stronger), by process type and trigger.',
  labels: COMPRESSION_LABELS,
  buckets: COMPRESSION_RATIO_BUCKETS,
};

export const COMPRESSION_SAVED_TOKENS: MetricDef = {
  name: 'hookscope_conversation_compression_saved_tokens_total',
  type: 'counter',
  unit: '{token}',
  help: 'Context tokens removed by compressions (before - after), by process type and trigger.',
  labels: COMPRESSION_LABELS,
};

export const COMPRESSION_DURATION_SECONDS: MetricDef = {
  name: 'hookscope_conversation_compression_duration_seconds',
  type: 'histogram',
  unit: 's',
  help: 'Time taken by context compressions, by process type and trigger.',
  labels: COMPRESSION_LABELS,
  buckets: COMPRESSION_DURATION_BUCKETS,
};

export const COMPRESSIONS: MetricDef = {
  name: 'hookscope_conversation_compressions_total',
  type: 'counter',
  unit: '{compression}',
  help: 'Context compressions, by process type, trigger and whether critical information was kept (preserved, lost, unknown).',
  labels: [...COMPRESSION_LABELS, 'critical_info'],
};

export const CONVERSATION_RESTARTS: MetricDef = {
  name: 'hookscope_conversation_restarts_total',
  type: 'counter',
  unit: '{restart}',
  help: 'Restarts (and resumes) of agent processes, by process type and outcome (success, error).',
  labels: ['process_type', 'outcome'],
};

export const CONVERSATION_METRICS: readonly MetricDef[] = [
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_TURNS,
  CONVERSATION_TOKENS,
  CONVERSATION_CONTEXT_TOKENS,
  COMPRESSION_RATIO,
  COMPRESSION_SAVED_TOKENS,
  COMPRESSION_DURATION_SECONDS,
  COMPRESSIONS,
  CONVERSATION_RESTARTS,
];
