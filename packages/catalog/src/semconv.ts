/**
 * Span names and attribute keys that hooks write and the collector reads.
 * Standard OpenTelemetry semantic-convention keys are used where one exists; the `hookscope.*`
 * keys cover what the conventions do not name yet. This module is the one place for them.
 */

/** Identifies what a span measures, so the collector knows which metrics to derive from it. */
export const ATTR_HOOKSCOPE_KIND = 'hookscope.kind';
export const KIND_HOOK = 'hook';
/**
 * A hook's own trace of its work inside a hook execution that something else records (the span of
 * `traceHook` under `hookscope exec`, or inside another `traceHook`): it carries the labels of that
 * execution and what hookscope cost it (ATTR_HOOK_OVERHEAD), and is not counted as a run, so that
 * one run is one hook execution however many layers measure it.
 */
export const KIND_HOOK_BODY = 'hook_body';

/** Hook event (Claude Code: PreToolUse, PostToolUse, ...; git: pre-commit, pre-push, ...). */
export const ATTR_HOOK_EVENT = 'hookscope.hook.event';
/** Stable, low-cardinality hook name (script name, never a command line). */
export const ATTR_HOOK_NAME = 'hookscope.hook.name';
/** One of HOOK_OUTCOMES. */
export const ATTR_HOOK_OUTCOME = 'hookscope.hook.outcome';
/**
 * The coding agent whose hook this is (`claude-code`, `gemini-cli`, `codex`, `cursor`, `copilot`):
 * `hookscope exec --agent=`, written by `hookscope install` from the agent's adapter.
 */
export const ATTR_HOOK_AGENT = 'hookscope.hook.agent';
/** The agent tool a hook runs around (Claude Code's `tool_name`: Bash, Edit, mcp__x__y, ...). */
export const ATTR_HOOK_TOOL = 'hookscope.hook.tool';
/**
 * Seconds hookscope itself added to this hook execution (start-up, span recording, spool write),
 * set by whatever ran the hook and timed its own work, on its hook or hook_body span; summed per
 * hook (its ATTR_HOOK_EVENT and ATTR_HOOK_NAME) into HOOK_OVERHEAD_SECONDS. Each layer reports only
 * its own time: the wrapper's start-up and recording, the library's work inside the hook process.
 */
export const ATTR_HOOK_OVERHEAD = 'hookscope.hook.overhead';

/** OpenTelemetry semantic conventions. */
export const ATTR_SERVICE_NAME = 'service.name';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_PROCESS_PID = 'process.pid';
export const ATTR_PROCESS_EXIT_CODE = 'process.exit.code';
export const ATTR_HOST_NAME = 'host.name';
export const ATTR_TELEMETRY_SDK_NAME = 'telemetry.sdk.name';
export const ATTR_TELEMETRY_SDK_LANGUAGE = 'telemetry.sdk.language';
export const ATTR_TELEMETRY_SDK_VERSION = 'telemetry.sdk.version';

/**
 * Hook outcomes. `blocked` is Claude Code's exit code 2: the hook worked and said no.
 * `timeout` and `signal` are set by `hookscope exec`.
 */
export const HOOK_OUTCOMES = ['success', 'blocked', 'error', 'timeout', 'signal'] as const;
export type HookOutcome = (typeof HOOK_OUTCOMES)[number];
/**
 * Outcomes that count against a hook's success ratio and success SLO. `blocked` is not one: the
 * hook ran and gave its answer. Overflow (`other`) and `unknown` outcomes count as neither.
 */
export const HOOK_FAILURE_OUTCOMES: readonly HookOutcome[] = ['error', 'timeout', 'signal'];

/** Instrumentation scope name of spans written by @hookscope/telemetry. */
export const SCOPE_NAME = '@hookscope/telemetry';

/** Label value that absorbs label sets beyond a metric's cardinality cap. */
export const OVERFLOW_LABEL_VALUE = 'other';
/** Label value used when a span lacks the attribute a label is read from. */
export const UNKNOWN_LABEL_VALUE = 'unknown';

/** Attributes of `hookscope exec` spans (resource usage, Claude Code payload fields). */
export * from './semconv-exec.js';
