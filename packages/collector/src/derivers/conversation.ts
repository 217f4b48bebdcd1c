import {
  ATTR_COMPRESSION_CRITICAL_INFO_PRESERVED,
  ATTR_COMPRESSION_TOKENS_AFTER,
  ATTR_COMPRESSION_TOKENS_BEFORE,
  ATTR_COMPRESSION_TRIGGER,
  ATTR_CONVERSATION_CONTEXT_TOKENS,
  ATTR_CONVERSATION_PROCESS_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_HOOKSCOPE_KIND,
  COMPRESSION_DURATION_SECONDS,
  COMPRESSION_RATIO,
  COMPRESSION_SAVED_TOKENS,
  COMPRESSIONS,
  CONVERSATION_CONTEXT_TOKENS,
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_RESTARTS,
  CONVERSATION_TOKENS,
  CONVERSATION_TURNS,
  GEN_AI_EXCHANGE_OPERATIONS,
  KIND_CONTEXT_COMPRESSION,
  KIND_CONVERSATION_EXCHANGE,
  KIND_RESTART,
} from '@hookscope/catalog';
import type { IngestSpan } from '../otlp-json-decode.js';
import type { MetricStore } from '../metric-store.js';
import type { Deriver } from './types.js';
import { amountOf, isTimed, labelOf, statusOutcome } from './span-values.js';

const EXCHANGE_OPERATIONS = new Set<unknown>(GEN_AI_EXCHANGE_OPERATIONS);

/**
 * Conversation spans: exchanges (hookscope's, or GenAI chat spans of any SDK), context
 * compressions and process restarts.
 */
export const deriveConversation: Deriver = (span, store) => {
  const kind = span.attributes[ATTR_HOOKSCOPE_KIND];
  if (
    kind === KIND_CONVERSATION_EXCHANGE ||
    (kind === undefined && EXCHANGE_OPERATIONS.has(span.attributes[ATTR_GEN_AI_OPERATION_NAME]))
  ) {
    deriveExchange(span, store);
  } else if (kind === KIND_CONTEXT_COMPRESSION) {
    deriveCompression(span, store);
  } else if (kind === KIND_RESTART) {
    store.add(CONVERSATION_RESTARTS, {
      process_type: labelOf(span, ATTR_CONVERSATION_PROCESS_TYPE),
      outcome: statusOutcome(span),
    });
  }
};

function deriveExchange(span: IngestSpan, store: MetricStore): void {
  const process_type = labelOf(span, ATTR_CONVERSATION_PROCESS_TYPE);
  const model = labelOf(span, ATTR_GEN_AI_REQUEST_MODEL);
  const outcome = statusOutcome(span);
  if (isTimed(span)) {
    store.observe(
      CONVERSATION_RESPONSE_SECONDS,
      { process_type, model, outcome },
      span.durationSeconds,
    );
  }
  store.add(CONVERSATION_TURNS, { process_type, model, outcome });
  const input = amountOf(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS);
  const output = amountOf(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
  if (input !== undefined)
    store.add(CONVERSATION_TOKENS, { process_type, model, token_type: 'input' }, input);
  if (output !== undefined)
    store.add(CONVERSATION_TOKENS, { process_type, model, token_type: 'output' }, output);
  const context = amountOf(span, ATTR_CONVERSATION_CONTEXT_TOKENS);
  if (context !== undefined)
    store.observe(CONVERSATION_CONTEXT_TOKENS, { process_type, model }, context);
}

function deriveCompression(span: IngestSpan, store: MetricStore): void {
  const labels = {
    process_type: labelOf(span, ATTR_CONVERSATION_PROCESS_TYPE),
    trigger: labelOf(span, ATTR_COMPRESSION_TRIGGER),
  };
  const before = amountOf(span, ATTR_COMPRESSION_TOKENS_BEFORE);
  const after = amountOf(span, ATTR_COMPRESSION_TOKENS_AFTER);
  if (before && after !== undefined) {
    // A "compression" that grew the context lands above 1 (+Inf bucket) and saves nothing.
    store.observe(COMPRESSION_RATIO, labels, after / before);
    store.add(COMPRESSION_SAVED_TOKENS, labels, Math.max(0, before - after));
  }
  if (isTimed(span)) store.observe(COMPRESSION_DURATION_SECONDS, labels, span.durationSeconds);
  const preserved = span.attributes[ATTR_COMPRESSION_CRITICAL_INFO_PRESERVED];
  store.add(COMPRESSIONS, {
    ...labels,
    critical_info: preserved === true ? 'preserved' : preserved === false ? 'lost' : 'unknown',
  });
}
