import { ENV_HOOK_EVENT, ENV_HOOK_NAME, execSpanIdFrom } from '@hookscope/catalog';
import { envValue } from './env.js';
import { defaultSpoolDir, defaultTestSelectionDir } from './paths.js';

type Env = Record<string, string | undefined>;
export type AttributeValue = string | number | boolean;

/** Options of `initTelemetry()`. Every field is optional; environment variables fill the rest. */
export interface TelemetryOptions {
  /** Service name when neither `OTEL_SERVICE_NAME` nor `OTEL_RESOURCE_ATTRIBUTES` sets one. */
  serviceName?: string;
  /** Spool directory; default `HOOKSCOPE_SPOOL_DIR`, else `~/.local/state/hookscope/spool`. */
  spoolDir?: string;
  /** Turn telemetry off; also `OTEL_SDK_DISABLED=true` or `HOOKSCOPE_DISABLED=1`. */
  disabled?: boolean;
  /** Extra resource attributes (merged under those from `OTEL_RESOURCE_ATTRIBUTES`). */
  resourceAttributes?: Record<string, AttributeValue>;
  /** Environment to read instead of `process.env` (tests, embedding). */
  env?: Env;
}

export interface ResolvedConfig {
  disabled: boolean;
  spoolDir: string;
  resource: Record<string, AttributeValue>;
  /** W3C trace context inherited from the parent process (`TRACEPARENT`/`TRACESTATE`). */
  traceparent: string | undefined;
  tracestate: string | undefined;
  /** The hook this process runs under, when a wrapper says (`HOOKSCOPE_HOOK_EVENT`/`_NAME`). */
  hookEvent: string | undefined;
  hookName: string | undefined;
  /** The span of `hookscope exec` around this process (ENV_EXEC_SPAN_ID): it counts the run. */
  execSpanId: string | undefined;
  /** Where selections wait for the full run that verifies them. */
  testSelectionDir: string;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);

/** Whether an environment variable is set to a true value (`1`, `true`, `yes`, `on`). */
export function envFlag(value: string | undefined): boolean {
  return TRUE.has((value ?? '').trim().toLowerCase());
}

export function resolveConfig(
  options: TelemetryOptions,
  base: Record<string, AttributeValue>,
): ResolvedConfig {
  const env = options.env ?? process.env;
  const disabled =
    options.disabled ?? (envFlag(env['OTEL_SDK_DISABLED']) || envFlag(env['HOOKSCOPE_DISABLED']));
  const resource: Record<string, AttributeValue> = { ...base, ...options.resourceAttributes };
  Object.assign(resource, parseResourceAttributes(envValue(env, 'OTEL_RESOURCE_ATTRIBUTES')));
  // Deployment settings win over code defaults, as the OpenTelemetry SDKs do.
  const serviceName = envValue(env, 'OTEL_SERVICE_NAME')?.trim();
  if (serviceName) resource['service.name'] = serviceName;
  else if (resource['service.name'] === undefined)
    resource['service.name'] = options.serviceName ?? 'hook';
  return {
    disabled,
    spoolDir: options.spoolDir ?? defaultSpoolDir(env),
    resource,
    traceparent: envValue(env, 'TRACEPARENT') ?? envValue(env, 'traceparent'),
    tracestate: envValue(env, 'TRACESTATE') ?? envValue(env, 'tracestate'),
    hookEvent: envValue(env, ENV_HOOK_EVENT)?.trim(),
    hookName: envValue(env, ENV_HOOK_NAME)?.trim(),
    execSpanId: execSpanIdFrom(env),
    testSelectionDir: defaultTestSelectionDir(env),
  };
}

/** `OTEL_RESOURCE_ATTRIBUTES`: `key1=value1,key2=value2`, values percent-encoded; bad pairs skipped. */
export function parseResourceAttributes(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      // A malformed escape: the spec says to discard the pair, not the whole variable.
    }
  }
  return out;
}
