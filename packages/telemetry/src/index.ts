export { initTelemetry, traceHook, getTracer } from './telemetry.js';
export type { TelemetryHandle } from './telemetry.js';
export type { TelemetryOptions } from './config.js';
export type { SpoolStats } from './provider.js';
export { formatTraceparent } from './trace-context.js';
export {
  ATTR_HOOK_EVENT,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OUTCOME,
  HOOK_OUTCOMES,
  type HookOutcome,
} from '@hookscope/catalog';
