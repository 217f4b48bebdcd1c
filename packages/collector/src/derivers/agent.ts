import {
  AGENT_DURATION_SECONDS,
  AGENT_TOKENS,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION_INVOKE_AGENT,
} from '@hookscope/catalog';
import type { Deriver } from './types.js';
import { amountOf, isTimed, labelOf, statusOutcome } from './span-values.js';

/** GenAI `invoke_agent` spans, from hookscope or any OpenTelemetry SDK: duration and tokens. */
export const deriveAgent: Deriver = (span, store) => {
  if (span.attributes[ATTR_GEN_AI_OPERATION_NAME] !== GEN_AI_OPERATION_INVOKE_AGENT) return;
  const agent = labelOf(span, ATTR_GEN_AI_AGENT_NAME);
  if (isTimed(span)) {
    store.observe(
      AGENT_DURATION_SECONDS,
      { agent, outcome: statusOutcome(span) },
      span.durationSeconds,
    );
  }
  const input = amountOf(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS);
  const output = amountOf(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
  if (input !== undefined) store.add(AGENT_TOKENS, { agent, token_type: 'input' }, input);
  if (output !== undefined) store.add(AGENT_TOKENS, { agent, token_type: 'output' }, output);
};
