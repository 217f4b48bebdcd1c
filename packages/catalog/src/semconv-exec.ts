/**
 * Span attributes written by `hookscope exec`, the wrapper that measures any hook command: the
 * child's resource usage, how it ended, and what it read from a Claude Code hook payload. Ids,
 * paths and (opted-in) content live on spans only, never on metric labels.
 */

/** CPU time of the hook process and the descendants it waited for, in seconds, by mode. */
export const ATTR_HOOK_CPU_USER = 'hookscope.hook.cpu.user';
export const ATTR_HOOK_CPU_SYSTEM = 'hookscope.hook.cpu.system';
/** Largest peak resident set size (bytes) seen in the hook's process tree. */
export const ATTR_HOOK_MAX_RSS = 'hookscope.hook.max_rss';
/** Signal that ended the hook process (`SIGKILL`, ...), when one did. */
export const ATTR_HOOK_SIGNAL = 'hookscope.hook.signal';
/** `--timeout` of the execution, in seconds, when one was set. */
export const ATTR_HOOK_TIMEOUT = 'hookscope.hook.timeout';
/** Problems of the wrapper itself that did not stop the hook (ignored options, ...). */
export const ATTR_EXEC_WARNINGS = 'hookscope.exec.warnings';

/** OpenTelemetry semantic conventions used for Claude Code payload fields (agent id and name: hook-work-semconv.ts). */
export const ATTR_SESSION_ID = 'session.id';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';

/** Other Claude Code payload fields: `hookscope.claude.<payload field>`. */
export const CLAUDE_ATTR_PREFIX = 'hookscope.claude.';
