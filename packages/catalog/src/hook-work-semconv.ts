/**
 * Span kinds, attribute keys and values for the work done inside a hook: sub-agents, validators,
 * test selection and runs, cache lookups, and the conversations of agent-driven workflows.
 * OpenTelemetry semantic-convention keys (GenAI `gen_ai.*`, `test.*`, `vcs.*`) are used where one
 * exists; `hookscope.*` keys name the rest. This module is the one place for them.
 */

/** `hookscope.kind` values (see ATTR_HOOKSCOPE_KIND in semconv.ts). */
export const KIND_AGENT = 'agent';
export const KIND_VALIDATION = 'validation';
export const KIND_TEST_SELECTION = 'test_selection';
export const KIND_TEST_RUN = 'test_run';
export const KIND_CACHE_LOOKUP = 'cache_lookup';
export const KIND_CONVERSATION_EXCHANGE = 'conversation_exchange';
export const KIND_CONTEXT_COMPRESSION = 'context_compression';
export const KIND_RESTART = 'restart';

/**
 * Set on spans recorded after the fact without a duration (e.g. `recordCacheLookup` without
 * `seconds`): they are counted, and left out of duration histograms.
 */
export const ATTR_UNTIMED = 'hookscope.untimed';

// --- OpenTelemetry GenAI semantic conventions (gen-ai-agent-spans, gen-ai-spans) ---
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
/** `gen_ai.operation.name` values hookscope writes or derives metrics from. */
export const GEN_AI_OPERATION_INVOKE_AGENT = 'invoke_agent';
export const GEN_AI_OPERATION_CHAT = 'chat';
/** Operations that are one model exchange (a conversation turn) when another SDK reports them. */
export const GEN_AI_EXCHANGE_OPERATIONS = ['chat', 'text_completion', 'generate_content'] as const;
/** `gen_ai.token.type` values, used as the `token_type` label. */
export const GEN_AI_TOKEN_TYPES = ['input', 'output'] as const;

// --- OpenTelemetry test and VCS semantic conventions ---
export const ATTR_TEST_SUITE_NAME = 'test.suite.name';
export const ATTR_TEST_SUITE_RUN_STATUS = 'test.suite.run.status';
/** `test.suite.run.status` values hookscope writes (the convention also has skipped, in_progress). */
export const TEST_SUITE_RUN_STATUSES = ['success', 'failure', 'aborted', 'timed_out'] as const;
export type TestSuiteRunStatus = (typeof TEST_SUITE_RUN_STATUSES)[number];
/** Revision the tests ran against; a full run verifies only a selection of the same revision. */
export const ATTR_VCS_REF_HEAD_REVISION = 'vcs.ref.head.revision';

// --- Validators ---
export const ATTR_VALIDATION_NAME = 'hookscope.validation.name';
/** One of VALIDATION_OUTCOMES: `failed` means the validator ran and found a problem. */
export const ATTR_VALIDATION_OUTCOME = 'hookscope.validation.outcome';
export const VALIDATION_OUTCOMES = ['passed', 'failed', 'error'] as const;
export type ValidationOutcome = (typeof VALIDATION_OUTCOMES)[number];

// --- Test selection and test runs ---
export const ATTR_TEST_SELECTION_STRATEGY = 'hookscope.test.selection.strategy';
export const ATTR_TEST_SELECTION_TOTAL_TESTS = 'hookscope.test.selection.total_tests';
export const ATTR_TEST_SELECTION_SELECTED_TESTS = 'hookscope.test.selection.selected_tests';
/** Estimated wall time of the full suite, on selection spans and the selected runs after them. */
export const ATTR_TEST_FULL_SUITE_ESTIMATE_SECONDS =
  'hookscope.test.selection.full_suite_estimate_seconds';
/** On a selected run: how long choosing the tests took, charged against the time saved. */
export const ATTR_TEST_SELECTION_SECONDS = 'hookscope.test.selection.seconds';
/** One of TEST_RUN_MODES. */
export const ATTR_TEST_RUN_MODE = 'hookscope.test.run.mode';
export const TEST_RUN_MODES = ['selected', 'full'] as const;
export type TestRunMode = (typeof TEST_RUN_MODES)[number];
export const ATTR_TEST_RUN_PASSED = 'hookscope.test.run.passed_tests';
export const ATTR_TEST_RUN_FAILED = 'hookscope.test.run.failed_tests';
export const ATTR_TEST_RUN_SKIPPED = 'hookscope.test.run.skipped_tests';
/** On a full run: failed tests that the latest selection of the suite had left out. */
export const ATTR_TEST_RUN_MISSED_FAILURES = 'hookscope.test.run.missed_failures';
/** Their ids (the first MAX_MISSED_FAILURE_IDS), on the span only. */
export const ATTR_TEST_RUN_MISSED_FAILURE_IDS = 'hookscope.test.run.missed_failure_ids';
export const MAX_MISSED_FAILURE_IDS = 20;

// --- Caches ---
export const ATTR_CACHE_NAME = 'hookscope.cache.name';
/** One of CACHE_RESULTS. */
export const ATTR_CACHE_RESULT = 'hookscope.cache.result';
export const CACHE_RESULTS = ['hit', 'miss', 'error'] as const;
export type CacheResult = (typeof CACHE_RESULTS)[number];
/** Size of the entry found (hit) or computed and stored (miss). */
export const ATTR_CACHE_ENTRY_BYTES = 'hookscope.cache.entry_bytes';

// --- Conversations of agent-driven workflows ---
/** Kind of agent process the exchange belongs to (e.g. tactical, strategic, main, subagent). */
export const ATTR_CONVERSATION_PROCESS_TYPE = 'hookscope.conversation.process_type';
export const ATTR_CONVERSATION_TURN = 'hookscope.conversation.turn';
/** Tokens in the context window when the exchange was sent. */
export const ATTR_CONVERSATION_CONTEXT_TOKENS = 'hookscope.conversation.context_tokens';
export const ATTR_COMPRESSION_TOKENS_BEFORE = 'hookscope.compression.tokens_before';
export const ATTR_COMPRESSION_TOKENS_AFTER = 'hookscope.compression.tokens_after';
/** What started the compression (e.g. auto, manual). */
export const ATTR_COMPRESSION_TRIGGER = 'hookscope.compression.trigger';
export const ATTR_COMPRESSION_CRITICAL_INFO_PRESERVED =
  'hookscope.compression.critical_info_preserved';

/**
 * Environment variables that tell a hook's child processes which hook they run under (set by
 * `hookscope exec`, or by hand), so validators recorded there are attributed to the hook.
 */
export const ENV_HOOK_EVENT = 'HOOKSCOPE_HOOK_EVENT';
export const ENV_HOOK_NAME = 'HOOKSCOPE_HOOK_NAME';

/**
 * Set by `hookscope exec` for the command it runs: the span id of the hook span it records. A
 * process that sees it runs inside a hook execution already counted, so the telemetry library
 * records `traceHook` there as a KIND_HOOK_BODY span with the wrapper's labels (ENV_HOOK_EVENT,
 * ENV_HOOK_NAME) instead of a second hook span.
 */
export const ENV_EXEC_SPAN_ID = 'HOOKSCOPE_EXEC_SPAN_ID';

/** The wrapper's span id (16 lower-case hex digits, not all zero) from ENV_EXEC_SPAN_ID, if set. */
export function execSpanIdFrom(env: Record<string, string | undefined>): string | undefined {
  const v = env[ENV_EXEC_SPAN_ID];
  return v !== undefined && /^[0-9a-f]{16}$/.test(v) && v !== '0000000000000000' ? v : undefined;
}
