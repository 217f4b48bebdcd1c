import {
  ATTR_COMPRESSION_CRITICAL_INFO_PRESERVED,
  ATTR_COMPRESSION_TOKENS_AFTER,
  ATTR_COMPRESSION_TOKENS_BEFORE,
  ATTR_COMPRESSION_TRIGGER,
  ATTR_CONVERSATION_CONTEXT_TOKENS,
  ATTR_CONVERSATION_PROCESS_TYPE,
  ATTR_CONVERSATION_TURN,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_HOOKSCOPE_KIND,
  GEN_AI_OPERATION_CHAT,
  KIND_CONTEXT_COMPRESSION,
  KIND_CONVERSATION_EXCHANGE,
  KIND_RESTART,
} from '@hookscope/catalog';
import { count, isInput, recordWork, seconds, text } from './work.js';

const SPAN_KIND_CLIENT = 2; // SpanKind.CLIENT, without loading the enum

/**
 * One exchange (turn) of a conversation with a model. `processType` and `model` are metric
 * labels (kinds of process such as `tactical` or `strategic`, model names); the conversation id
 * and turn number go on the span only.
 */
export interface ConversationExchange {
  processType: string;
  model?: string;
  /** Time from sending the request to the complete response. */
  responseSeconds: number;
  conversationId?: string;
  turn?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** Tokens in the context window when the request was sent. */
  contextTokens?: number;
  /** Default true. */
  success?: boolean;
  /** Low-cardinality error class when it failed, e.g. `rate_limited`, `timeout`. */
  errorType?: string;
}

/** A context compression (compaction). */
export interface ContextCompression {
  beforeTokens: number;
  afterTokens: number;
  seconds?: number;
  /** Whether the information the workflow needs survived, when the caller checks it. */
  criticalInfoPreserved?: boolean;
  processType?: string;
  /** What started it, e.g. `auto`, `manual`. */
  trigger?: string;
  conversationId?: string;
}

/** A restart (or resume) of an agent process. */
export interface ProcessRestart {
  processType: string;
  success: boolean;
  seconds?: number;
  /** Low-cardinality error class when it failed. */
  errorType?: string;
}

/**
 * Records one conversation exchange as a GenAI `chat` span (under the active span) whose
 * duration is the response time. Never throws.
 */
export function recordConversationExchange(exchange: ConversationExchange): void {
  try {
    if (!isInput(exchange)) return;
    const model = text(exchange.model);
    recordWork(
      model ? `${GEN_AI_OPERATION_CHAT} ${model}` : GEN_AI_OPERATION_CHAT,
      {
        [ATTR_HOOKSCOPE_KIND]: KIND_CONVERSATION_EXCHANGE,
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
        [ATTR_GEN_AI_REQUEST_MODEL]: model,
        [ATTR_GEN_AI_CONVERSATION_ID]: text(exchange.conversationId),
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: count(exchange.inputTokens),
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: count(exchange.outputTokens),
        [ATTR_CONVERSATION_PROCESS_TYPE]: text(exchange.processType),
        [ATTR_CONVERSATION_TURN]: count(exchange.turn),
        [ATTR_CONVERSATION_CONTEXT_TOKENS]: count(exchange.contextTokens),
      },
      seconds(exchange.responseSeconds),
      exchange.success === false ? (text(exchange.errorType) ?? 'exchange_failed') : undefined,
      SPAN_KIND_CLIENT,
    );
  } catch {
    // Fail open.
  }
}

/** Records a context compression: ratio kept, tokens saved, time, critical information. */
export function recordCompression(compression: ContextCompression): void {
  try {
    if (!isInput(compression)) return;
    recordWork(
      'compress_context',
      {
        [ATTR_HOOKSCOPE_KIND]: KIND_CONTEXT_COMPRESSION,
        [ATTR_COMPRESSION_TOKENS_BEFORE]: count(compression.beforeTokens),
        [ATTR_COMPRESSION_TOKENS_AFTER]: count(compression.afterTokens),
        [ATTR_COMPRESSION_CRITICAL_INFO_PRESERVED]:
          typeof compression.criticalInfoPreserved === 'boolean'
            ? compression.criticalInfoPreserved
            : undefined,
        [ATTR_CONVERSATION_PROCESS_TYPE]: text(compression.processType),
        [ATTR_COMPRESSION_TRIGGER]: text(compression.trigger),
        [ATTR_GEN_AI_CONVERSATION_ID]: text(compression.conversationId),
      },
      seconds(compression.seconds),
    );
  } catch {
    // Fail open.
  }
}

/** Records a restart of an agent process and whether it succeeded. */
export function recordRestart(restart: ProcessRestart): void {
  try {
    if (!isInput(restart)) return;
    recordWork(
      `restart ${restart.processType}`,
      {
        [ATTR_HOOKSCOPE_KIND]: KIND_RESTART,
        [ATTR_CONVERSATION_PROCESS_TYPE]: text(restart.processType),
      },
      seconds(restart.seconds),
      restart.success === false ? (text(restart.errorType) ?? 'restart_failed') : undefined,
    );
  } catch {
    // Fail open.
  }
}
