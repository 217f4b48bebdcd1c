import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_HOOKSCOPE_KIND,
  GEN_AI_OPERATION_INVOKE_AGENT,
  KIND_AGENT,
} from '@hookscope/catalog';
import { traceWork } from './telemetry.js';
import { count, isInput, recordWork, seconds, text } from './work.js';

/** What is known about a sub-agent invocation besides its name. Ids go on the span only. */
export interface AgentAttributes {
  /** Model requested (`gen_ai.request.model`). */
  model?: string;
  /** GenAI provider (`gen_ai.provider.name`, e.g. `anthropic`). */
  provider?: string;
  /** Agent instance id (`gen_ai.agent.id`); never a label. */
  agentId?: string;
  /** Conversation or session id (`gen_ai.conversation.id`); never a label. */
  conversationId?: string;
  inputTokens?: number;
  outputTokens?: number;
}

/** A finished sub-agent invocation, for `recordAgent` and `hookscope emit agent`. */
export interface AgentInvocation extends AgentAttributes {
  /** Stable agent name, a metric label (e.g. `code-reviewer`); never an id. */
  name: string;
  seconds: number;
  /** Default true. */
  success?: boolean;
  /** Low-cardinality error class when it failed (`error.type`), e.g. `timeout`. */
  errorType?: string;
}

function agentAttributes(name: string, a: AgentAttributes | undefined): Attributes {
  const attrs: Attributes = {
    [ATTR_HOOKSCOPE_KIND]: KIND_AGENT,
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: name,
  };
  if (!a) return attrs;
  attrs[ATTR_GEN_AI_REQUEST_MODEL] = text(a.model);
  attrs[ATTR_GEN_AI_PROVIDER_NAME] = text(a.provider);
  attrs[ATTR_GEN_AI_AGENT_ID] = text(a.agentId);
  attrs[ATTR_GEN_AI_CONVERSATION_ID] = text(a.conversationId);
  attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = count(a.inputTokens);
  attrs[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = count(a.outputTokens);
  return attrs;
}

/**
 * Runs `fn` (sync or async) as a sub-agent invocation: an OpenTelemetry GenAI `invoke_agent`
 * span named `invoke_agent <name>` under the active (hook) span. Returns what `fn` returns and
 * rethrows what it throws, unchanged; a throw or rejection is the `error` outcome. Token usage
 * known only afterwards is added with `setTokenUsage(span, ...)` on the span `fn` receives.
 */
export function traceAgent<T>(name: string, fn: (span: Span) => T, attrs?: AgentAttributes): T {
  return traceWork(
    `${GEN_AI_OPERATION_INVOKE_AGENT} ${name}`,
    agentAttributes(name, attrs),
    fn,
    noFinish,
  );
}

/** Records a sub-agent invocation that already happened (measured by the caller). */
export function recordAgent(invocation: AgentInvocation): void {
  try {
    if (!isInput(invocation)) return;
    const failed = invocation.success === false;
    recordWork(
      `${GEN_AI_OPERATION_INVOKE_AGENT} ${invocation.name}`,
      agentAttributes(invocation.name, invocation),
      seconds(invocation.seconds),
      failed ? (text(invocation.errorType) ?? 'agent_failed') : undefined,
    );
  } catch {
    // Fail open.
  }
}

/** Adds token usage (`gen_ai.usage.*`) to an agent or exchange span. Never throws. */
export function setTokenUsage(
  span: Span,
  usage: { inputTokens?: number; outputTokens?: number },
): void {
  try {
    const input = count(usage.inputTokens);
    const output = count(usage.outputTokens);
    if (input !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, input);
    if (output !== undefined) span.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, output);
  } catch {
    // Fail open.
  }
}

function noFinish(): void {}
