import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitAddress, type HookscopeConfig } from '@hookscope/config';
import { locate, missingMessage } from './components.js';
import { portFree } from './ports.js';
import { notWritable } from '../writable.js';
import { Service } from './service.js';
import { stackConfigFiles, writeStackConfig, type StackConfigFiles } from './stack-config.js';
import { STACK_SERVICES, type StackContext, type StackUrl } from './stack-services.js';

/**
 * `hookscope up`: the services of STACK_SERVICES as local processes, every bit of data under one
 * state directory:
 *   <state>/config (Prometheus's and Alertmanager's configs, generated from the config at each
 *   start), <state>/<service> (its data), <state>/logs/<service>.log, <state>/up.pid (one stack at
 *   a time)
 */

export interface LocalStackOptions {
  config: HookscopeConfig;
  /** Directory of hookscope.config.yaml, or the current one without a config. */
  projectDir: string;
  stateDir: string;
  spoolDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface LocalStack {
  services: Service[];
  /** Every service's URLs, in start order. */
  urls: StackUrl[];
  /** Where Prometheus's and Alertmanager's configs were generated. */
  files: StackConfigFiles;
}

/** Problems that keep the stack from starting, each with what to do about it. */
export class StackError extends Error {}

/**
 * Checks everything the stack needs (binaries, free ports, a writable state directory, a config
 * the rules accept), then generates the configs into the state directory and describes the
 * services; starts nothing. On any problem it throws before writing anything.
 */
export async function planLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const env = o.env ?? process.env;
  const problems: string[] = [];
  let generated;
  try {
    generated = stackConfigFiles(o.config, o.stateDir);
  } catch (err) {
    throw new StackError(
      `cannot generate the stack's configs from the config: ${(err as Error).message}`,
    );
  }
  const ctx: StackContext = { ...o, env, files: generated.paths };
  const planned = [];
  for (const s of STACK_SERVICES) {
    if (s.enabled && !s.enabled(o.config)) continue;
    let bin = '';
    if (s.needs) {
      const found = locate(s.needs, env);
      if (!found) {
        problems.push(missingMessage(s.needs, env));
        continue;
      }
      bin = found;
    }
    const p = s.plan(ctx, bin);
    if (typeof p === 'string') problems.push(p);
    else planned.push({ name: s.name, ...p });
  }
  for (const l of planned.flatMap((p) => p.listens)) {
    const { host, port } = splitAddress(l.address);
    if (await portFree(host, port)) continue;
    const held = l.systemService
      ? ` (Debian's package runs one: sudo systemctl disable --now ${l.systemService})`
      : '';
    problems.push(
      `${l.address} (${l.what}) is already in use: is another \`hookscope up\`, Prometheus, Alertmanager or OpenTelemetry Collector running${held}? Stop it, or ${l.change}.`,
    );
  }
  const unwritable = notWritable(o.stateDir);
  if (unwritable) {
    problems.push(
      `cannot write the state directory ${o.stateDir} (${unwritable}): give another with --state-dir DIR or HOOKSCOPE_STACK_DIR, or make it writable.`,
    );
  }
  const holder = lockHolder(join(o.stateDir, 'up.pid'));
  if (holder !== undefined) {
    problems.push(
      `another \`hookscope up\` (pid ${holder}) uses the state directory ${o.stateDir}: stop it first, or give this one another --state-dir.`,
    );
  }
  if (problems.length) throw new StackError(problems.join('\n\n'));

  const logs = join(o.stateDir, 'logs');
  for (const d of [...planned.map((p) => p.name), 'logs']) {
    mkdirSync(join(o.stateDir, d), { recursive: true, mode: 0o700 });
  }
  writeStackConfig(generated.files, generated.paths);
  const services = planned.map(
    (p) =>
      new Service({
        name: p.name,
        command: p.command,
        args: p.args,
        cwd: p.cwd,
        healthUrl: p.healthUrl,
        logFile: join(logs, `${p.name}.log`),
        env,
      }),
  );
  return { services, urls: planned.flatMap((p) => p.urls), files: generated.paths };
}

/** The pid in the lock file, if that process still runs. */
function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export function takeLock(stateDir: string): () => void {
  const lock = join(stateDir, 'up.pid');
  writeFileSync(lock, `${process.pid}\n`);
  return () => rmSync(lock, { force: true });
}

/**
 * Starts the services in order, each healthy before the next. On a failure, stops what started
 * and rethrows.
 */
export async function startLocalStack(
  stack: LocalStack,
  onHealthy: (s: Service, ms: number) => void,
  timeoutMs = 60_000,
): Promise<void> {
  const started: Service[] = [];
  try {
    for (const s of stack.services) {
      const t0 = Date.now();
      s.start();
      started.push(s);
      await s.waitHealthy(timeoutMs);
      onHealthy(s, Date.now() - t0);
    }
  } catch (err) {
    const failed = started[started.length - 1];
    await stopLocalStack(started);
    const tail = failed?.logTail();
    throw new StackError(
      `${(err as Error).message}${tail ? `\nlast lines of ${failed!.spec.logFile}:\n${tail}` : ''}`,
    );
  }
}

/** Stops the services in reverse order (the collector last, so it ingests what was scraped). */
export async function stopLocalStack(
  services: readonly Service[],
  onStopped?: (s: Service) => void,
): Promise<void> {
  for (const s of [...services].reverse()) {
    await s.stop();
    onStopped?.(s);
  }
}
