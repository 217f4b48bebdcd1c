export { initTelemetry, traceHook, getTracer } from './telemetry.js';
export type { TelemetryHandle } from './telemetry.js';
export type { SpoolStats } from './provider.js';
// Shared with `hookscope exec` and the collector, which take them from @hookscope/runtime.
export {
  createSpanRecorder,
  childTraceContext,
  formatTraceparent,
  redactSecrets,
  REDACTED,
} from '@hookscope/runtime';
export type { SpanRecorder, SpanRecorderOptions, TelemetryOptions } from '@hookscope/runtime';
export { traceAgent, recordAgent, setTokenUsage } from './agents.js';
export type { AgentAttributes, AgentInvocation } from './agents.js';
export { traceValidation, recordValidation } from './validations.js';
export type { ValidationRecord } from './validations.js';
export {
  traceTestSelection,
  recordTestSelection,
  traceTestRun,
  recordTestRun,
} from './test-selection.js';
export type {
  TestSelectionOptions,
  TestSelectionResult,
  TestSelection,
  TestRunOptions,
  TestRunResult,
  TestRun,
} from './test-selection.js';
export { traceCacheLookup, recordCacheLookup } from './caches.js';
export type { CacheLookupOptions, CacheLookup } from './caches.js';
export { recordConversationExchange, recordCompression, recordRestart } from './conversations.js';
export type { ConversationExchange, ContextCompression, ProcessRestart } from './conversations.js';
export {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OUTCOME,
  ATTR_HOOK_OVERHEAD,
  ATTR_VALIDATION_OUTCOME,
  CACHE_RESULTS,
  ENV_EXEC_SPAN_ID,
  execSpanIdFrom,
  HOOK_OUTCOMES,
  TEST_RUN_MODES,
  TEST_SUITE_RUN_STATUSES,
  VALIDATION_OUTCOMES,
  looksLikeId,
  type CacheResult,
  type HookOutcome,
  type TestRunMode,
  type TestSuiteRunStatus,
  type ValidationOutcome,
} from '@hookscope/catalog';
