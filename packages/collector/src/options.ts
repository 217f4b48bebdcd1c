import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSpoolDir, defaultStateDir, envValue } from '@hookscope/runtime';

type Env = Record<string, string | undefined>;

export interface CollectorOptions {
  /** Address of /metrics; loopback by default. */
  host?: string;
  /** Port of /metrics (0 picks a free one). Default 9464. */
  port?: number;
  spoolDir?: string;
  /** Checkpoint and lock; default `~/.local/state/hookscope/collector`. */
  stateDir?: string;
  /** Spool scan interval. Default 250 ms. */
  pollIntervalMs?: number;
  /** Keep consumed spool files this long after their last write. Default 0. */
  retainSeconds?: number;
  /** Files of writers that cannot be checked count as finished after this idle time. Default 600 s. */
  foreignIdleSeconds?: number;
  /** Longest spool line accepted. Default 4 MiB. */
  maxLineBytes?: number;
  /** Collect host metrics. Default true. */
  hostMetrics?: boolean;
  /** Run the OTLP/HTTP receiver. Default true. */
  otlp?: boolean;
  /** Address of the OTLP/HTTP receiver; loopback by default (a warning is logged otherwise). */
  otlpHost?: string;
  /** Port of the OTLP/HTTP receiver (0 picks a free one). Default 4318. */
  otlpPort?: number;
  /** Longest OTLP request body accepted, compressed or not. Default 4 MiB. */
  otlpMaxBodyBytes?: number;
  /** Time a client has to send its request headers, on /metrics and OTLP alike. Default 10 s. */
  httpHeadersTimeoutMs?: number;
  /** Cumulative OTLP series whose last value is remembered (see cumulative.ts). Default 20,000. */
  maxCumulativeSeries?: number;
  /** Put Claude Code's session and user ids on its counters as labels. Default false. */
  claudeCodeIdLabels?: boolean;
  /** Where to log (one line per message). Default stderr. */
  log?: (message: string) => void;
}

export type ResolvedOptions = Required<Omit<CollectorOptions, 'log'>> & {
  log: (m: string) => void;
};

/** A setting that makes no sense; the message names the setting and the fix. */
export class CollectorConfigError extends Error {}

export const COLLECTOR_DEFAULTS = {
  host: '127.0.0.1',
  port: 9464,
  pollIntervalMs: 250,
  retainSeconds: 0,
  foreignIdleSeconds: 600,
  maxLineBytes: 4 * 1024 * 1024,
  hostMetrics: true,
  otlp: true,
  otlpHost: '127.0.0.1',
  otlpPort: 4318,
  otlpMaxBodyBytes: 4 * 1024 * 1024,
  claudeCodeIdLabels: false,
  httpHeadersTimeoutMs: 10_000,
  maxCumulativeSeries: 20_000,
};

/** Environment variables: what each sets. */
export const COLLECTOR_ENV = {
  host: 'HOOKSCOPE_COLLECTOR_HOST',
  port: 'HOOKSCOPE_COLLECTOR_PORT',
  stateDir: 'HOOKSCOPE_STATE_DIR',
  spoolDir: 'HOOKSCOPE_SPOOL_DIR',
  otlpHost: 'HOOKSCOPE_OTLP_HOST',
  otlpPort: 'HOOKSCOPE_OTLP_PORT',
} as const;

/** Whether an address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function resolveOptions(opts: CollectorOptions, env: Env = process.env): ResolvedOptions {
  const port = opts.port ?? numberFromEnv(env, COLLECTOR_ENV.port) ?? COLLECTOR_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CollectorConfigError(
      `port ${port} is not a TCP port: use an integer from 0 to 65535 (--port, ${COLLECTOR_ENV.port}).`,
    );
  }
  const host = address(opts.host, '--host', env, COLLECTOR_ENV.host, COLLECTOR_DEFAULTS.host);
  const otlpPort =
    opts.otlpPort ?? numberFromEnv(env, COLLECTOR_ENV.otlpPort) ?? COLLECTOR_DEFAULTS.otlpPort;
  if (!Number.isInteger(otlpPort) || otlpPort < 0 || otlpPort > 65535) {
    throw new CollectorConfigError(
      `OTLP port ${otlpPort} is not a TCP port: use an integer from 0 to 65535 (--otlp-port, ${COLLECTOR_ENV.otlpPort}).`,
    );
  }
  const positive = (name: string, v: number, min: number) => {
    if (!Number.isFinite(v) || v < min)
      throw new CollectorConfigError(`${name} must be a number >= ${min}, got ${v}.`);
    return v;
  };
  const resolved: ResolvedOptions = {
    host,
    port,
    spoolDir: opts.spoolDir ?? defaultSpoolDir(env),
    stateDir:
      opts.stateDir ??
      envValue(env, COLLECTOR_ENV.stateDir) ??
      join(defaultStateDir(env), 'collector'),
    pollIntervalMs: positive(
      'pollIntervalMs',
      opts.pollIntervalMs ?? COLLECTOR_DEFAULTS.pollIntervalMs,
      10,
    ),
    retainSeconds: positive(
      'retainSeconds (--retain)',
      opts.retainSeconds ?? COLLECTOR_DEFAULTS.retainSeconds,
      0,
    ),
    foreignIdleSeconds: positive(
      'foreignIdleSeconds',
      opts.foreignIdleSeconds ?? COLLECTOR_DEFAULTS.foreignIdleSeconds,
      1,
    ),
    maxLineBytes: positive(
      'maxLineBytes',
      opts.maxLineBytes ?? COLLECTOR_DEFAULTS.maxLineBytes,
      1024,
    ),
    hostMetrics: opts.hostMetrics ?? COLLECTOR_DEFAULTS.hostMetrics,
    otlp: opts.otlp ?? COLLECTOR_DEFAULTS.otlp,
    otlpHost: address(
      opts.otlpHost,
      '--otlp-host',
      env,
      COLLECTOR_ENV.otlpHost,
      COLLECTOR_DEFAULTS.otlpHost,
    ),
    otlpPort,
    otlpMaxBodyBytes: positive(
      'otlpMaxBodyBytes (--otlp-max-body-bytes)',
      opts.otlpMaxBodyBytes ?? COLLECTOR_DEFAULTS.otlpMaxBodyBytes,
      1024,
    ),
    claudeCodeIdLabels: opts.claudeCodeIdLabels ?? COLLECTOR_DEFAULTS.claudeCodeIdLabels,
    httpHeadersTimeoutMs: positive(
      'httpHeadersTimeoutMs',
      opts.httpHeadersTimeoutMs ?? COLLECTOR_DEFAULTS.httpHeadersTimeoutMs,
      100,
    ),
    maxCumulativeSeries: positive(
      'maxCumulativeSeries',
      opts.maxCumulativeSeries ?? COLLECTOR_DEFAULTS.maxCumulativeSeries,
      1,
    ),
    log: opts.log ?? ((m) => process.stderr.write(`hookscope collector: ${m}\n`)),
  };
  ensureWritableDir(resolved.spoolDir, `spool directory (--spool-dir, ${COLLECTOR_ENV.spoolDir})`);
  ensureWritableDir(resolved.stateDir, `state directory (--state-dir, ${COLLECTOR_ENV.stateDir})`);
  return resolved;
}

/**
 * A listen address: the option, else the variable (empty means unset), else loopback. An empty
 * address would bind every interface, so that takes an explicit one (0.0.0.0, ::).
 */
function address(
  given: string | undefined,
  flag: string,
  env: Env,
  variable: string,
  fallback: string,
): string {
  if (given !== undefined && given.trim() === '') {
    throw new CollectorConfigError(
      `${flag} is empty: give an address (${fallback} for this machine only, 0.0.0.0 for every interface).`,
    );
  }
  return given ?? envValue(env, variable) ?? fallback;
}

function numberFromEnv(env: Env, name: string): number | undefined {
  const raw = envValue(env, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new CollectorConfigError(`${name}=${raw} is not a port number.`);
  return n;
}

function ensureWritableDir(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK | constants.R_OK | constants.X_OK);
  } catch (err) {
    throw new CollectorConfigError(
      `the ${what} ${dir} is not a writable directory (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ` +
        `Create it with write permission for this user, or point the setting elsewhere.`,
    );
  }
}
