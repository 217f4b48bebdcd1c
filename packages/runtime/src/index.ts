// What runs in a hook process and in the collector alike: how environment variables are read,
// where the spool and state live, how spool files are named and created, the spool writer and
// span recorder, redaction, how a hook is named after its command, and running a bundle from
// V8's code cache. The hook-side packages bundle what they use of it; nothing here is for hooks
// to import directly.
export { nodeBuiltin } from './node-builtins.js';
export { envValue, ENV_VALUE_CASES } from './env.js';
export {
  defaultStateDir,
  defaultSpoolDir,
  defaultTestSelectionDir,
  RECEIVER_SPOOL_TAG,
  isReceiverSpoolFile,
} from './paths.js';
export {
  SPOOL_FILE_SUFFIX,
  SPOOL_FILE_NAME_CASES,
  sanitizeFileNameComponent,
  spoolFileName,
  parseSpoolFileName,
} from './spool-file-name.js';
export { createExclusive, replaceFile } from './exclusive-files.js';
export { runCachedBundle, compileBundle } from './code-cache.js';
export { redactSecrets, REDACTED } from './redact.js';
export { SpoolWriter } from './spool-writer.js';
export { SpoolSink } from './spool-sink.js';
export type { SpoolStats } from './spool-sink.js';
export { createSpanRecorder, childTraceContext } from './span-recorder.js';
export type { SpanRecorder, SpanRecorderOptions } from './span-recorder.js';
export { envFlag, resolveConfig } from './config.js';
export type { AttributeValue, ResolvedConfig, TelemetryOptions } from './config.js';
export { defaultResource } from './resource.js';
export { RecordingSpan, startRecordingSpan } from './span.js';
export type { ScopeInfo } from './span.js';
export { formatTraceparent, parseTraceparent } from './trace-context.js';
export { ownWork, startOwnWork, stopOwnWork, takeOwnTime } from './own-time.js';
export { hrDiffSeconds, hrMinusSeconds, nowHr, toHr } from './time.js';
export { deriveHookName, deriveHookNameFromShell, sanitizeHookName } from './hook-name.js';
export { SHELL_BUILTINS, scanShellCommand, shellQuote } from './shell-words.js';
