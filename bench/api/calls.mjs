// One call of each @hookscope/telemetry API function, as a hook would make it, for the
// telemetry-api benchmark (warm.mjs and cold.mjs run them). `plain span` is the yardstick: the
// API should cost no more per event than a plain span.
import * as hs from '@hookscope/telemetry';

const selection = { totalTests: 400, selectedTests: 100, estimatedFullSuiteSeconds: 80 };
// What recordConversationExchange writes, set by hand: the cost of the information itself.
const exchangeAttributes = {
  'hookscope.kind': 'conversation_exchange',
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'claude-haiku',
  'gen_ai.conversation.id': 'c-1',
  'gen_ai.usage.input_tokens': 900,
  'gen_ai.usage.output_tokens': 120,
  'hookscope.conversation.process_type': 'tactical',
  'hookscope.conversation.turn': 3,
  'hookscope.conversation.context_tokens': 15000,
};
const results = { passed: 100, failed: 0 };

export function calls(handle) {
  return {
    'plain span (tracer.startSpan/end)': () => handle.tracer.startSpan('step').end(),
    'plain active span (tracer.startActiveSpan)': () =>
      handle.tracer.startActiveSpan('step', (s) => s.end()),
    'plain span with the 9 attributes of an exchange': () =>
      handle.tracer.startSpan('chat claude-haiku', { attributes: exchangeAttributes }).end(),
    traceAgent: () => hs.traceAgent('reviewer', () => 1, { model: 'claude-haiku' }),
    recordAgent: () => hs.recordAgent({ name: 'reviewer', seconds: 1.5, inputTokens: 10 }),
    traceValidation: () => hs.traceValidation('units', () => true),
    recordValidation: () => hs.recordValidation({ name: 'units', seconds: 0.1, outcome: 'passed' }),
    traceTestSelection: () =>
      hs.traceTestSelection({ suite: 'unit', strategy: 'testmon' }, () => selection),
    recordTestSelection: () =>
      hs.recordTestSelection({ suite: 'unit', strategy: 'testmon', ...selection, seconds: 0.2 }),
    traceTestRun: () => hs.traceTestRun({ suite: 'unit', selection }, () => results),
    recordTestRun: () =>
      hs.recordTestRun({ suite: 'unit', mode: 'selected', seconds: 20, ...results }),
    traceCacheLookup: () => hs.traceCacheLookup('validator', () => 'cached'),
    recordCacheLookup: () =>
      hs.recordCacheLookup({ cache: 'validator', hit: true, seconds: 0.001, bytes: 512 }),
    recordConversationExchange: () =>
      hs.recordConversationExchange({
        processType: 'tactical',
        model: 'claude-haiku',
        conversationId: 'c-1',
        responseSeconds: 1.2,
        turn: 3,
        inputTokens: 900,
        outputTokens: 120,
        contextTokens: 15000,
      }),
    recordCompression: () =>
      hs.recordCompression({ beforeTokens: 100000, afterTokens: 25000, seconds: 2 }),
    recordRestart: () => hs.recordRestart({ processType: 'tactical', success: true }),
  };
}
