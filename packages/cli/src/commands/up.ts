import { resolve } from 'node:path';
import { defaultSpoolDir, defaultStateDir, envValue } from '@hookscope/runtime';
import { loadConfig } from '@hookscope/config';
import {
  type LocalStack,
  planLocalStack,
  startLocalStack,
  stopLocalStack,
  StackError,
  takeLock,
} from '../stack/local-stack.js';
import { describeExit, type Service } from '../stack/service.js';
import { watchEndpoint } from '../stack/remote-write-agent.js';
import { intFlag, parseFlags } from '../usage.js';
import { checkDashboardFlags, startStackDashboard } from '../dashboard.js';

const HELP = `usage: hookscope up [options]

Starts the monitoring stack as local processes, no Docker needed and nothing to set up first: the
collector, Prometheus (with the recording and alerting rules) and Alertmanager, each
health-checked. Their configs are generated from hookscope.config.yaml (or the defaults, without
one) into the state directory at every start; nothing is written into the project. Prints the
URLs; Ctrl-C stops all of them cleanly.

options:
  --config FILE     hookscope.config.yaml (default: the nearest one from the current directory;
                    env HOOKSCOPE_CONFIG; none: the defaults)
  --state-dir DIR   generated configs, data and logs (default ~/.local/state/hookscope/stack; env HOOKSCOPE_STACK_DIR)
  --spool-dir DIR   spool the collector reads (default ~/.local/state/hookscope/spool; env
                    HOOKSCOPE_SPOOL_DIR)
  --timeout S       seconds each service may take to become healthy (default 60)
  --dashboard ADDR  where the live page (the report, the alerts, the targets' health) is served
                    (default 127.0.0.1:9465, or any free port when that is taken)
  --refresh S       seconds between the live page's refreshes (default 5)`;

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
      config: { type: 'string' },
      'state-dir': { type: 'string' },
      'spool-dir': { type: 'string' },
      timeout: { type: 'string' },
      dashboard: { type: 'string' },
      refresh: { type: 'string' },
    },
    HELP,
  );
  if (!flags) return 0;
  const timeoutMs = (intFlag('timeout', flags.timeout, 1, 3600) ?? 60) * 1000;
  const err = process.stderr;
  const out = process.stdout;

  const dashboardProblem = await checkDashboardFlags(flags);
  if (dashboardProblem) {
    err.write(`hookscope up: cannot start: ${dashboardProblem}\nnothing was started.\n`);
    return 1;
  }
  const loaded = loadConfig({ path: flags.config });
  const stateDir = resolve(
    flags['state-dir'] ??
      envValue(process.env, 'HOOKSCOPE_STACK_DIR') ??
      `${defaultStateDir()}/stack`,
  );
  const spoolDir = resolve(flags['spool-dir'] ?? defaultSpoolDir());

  let stack: LocalStack;
  try {
    stack = await planLocalStack({
      config: loaded.config,
      projectDir: loaded.dir,
      stateDir,
      spoolDir,
    });
  } catch (e) {
    const why = e instanceof StackError ? e.message : writeFailure(e, stateDir);
    if (why === undefined) throw e;
    err.write(`hookscope up: cannot start:\n\n${why}\n\nnothing was started.\n`);
    return 1;
  }
  const releaseLock = takeLock(stateDir);
  // Ctrl-C while starting: remember it and stop once the current service settles.
  let stopSignal: NodeJS.Signals | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    stopSignal = signal;
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const killChildrenOnExit = () => {
    for (const s of stack.services) if (s.pid && !s.exited) process.kill(s.pid, 'SIGKILL');
  };
  process.on('exit', killChildrenOnExit);

  try {
    out.write(
      `hookscope up: config ${loaded.path ?? '(defaults: no hookscope.config.yaml found)'}\n` +
        `  state:   ${stateDir}\n  spool:   ${spoolDir}\n` +
        `  configs: ${stack.files.dir} (Prometheus's and Alertmanager's, generated from the config)\n`,
    );
    try {
      await startLocalStack(
        stack,
        (s, ms) => out.write(`  ${s.spec.name.padEnd(12)} healthy after ${ms} ms\n`),
        timeoutMs,
      );
    } catch (e) {
      if (e instanceof StackError) {
        err.write(`hookscope up: ${e.message}\nstopped everything that had started.\n`);
        return 1;
      }
      throw e;
    }
    const dashboard = await startStackDashboard(loaded.config, stack.urls, flags);
    if (dashboard.note) out.write(`  note: ${dashboard.note}\n`);
    stack.urls.unshift(dashboard.url);
    const width = Math.max(...stack.urls.map((u) => u.label.length)) + 2;
    out.write(
      `\nhookscope is up:\n` +
        stack.urls
          .map((u) => `  ${u.label.padEnd(width)}${u.url}${u.note ? `  (${u.note})` : ''}\n`)
          .join('') +
        `  ${'logs'.padEnd(width)}${stateDir}/logs/\n` +
        `Hooks write to the spool; \`hookscope demo\` feeds sample traffic. Grafana: see docs/stack.md.\n` +
        `Ctrl-C stops everything.\n`,
    );
    // The central store's answers, now and when they change; reported, never a reason to stop.
    const stopWatching = loaded.config.remote_write
      ? watchEndpoint(loaded.config, loaded.dir, (c) =>
          (c.ok ? out : err).write(`hookscope up: ${c.message}\n`),
        )
      : () => undefined;
    // For tools and tests that start the stack: one line of JSON.
    const urls = Object.fromEntries(stack.urls.map((u) => [u.key, u.url]));
    const pids = Object.fromEntries(stack.services.map((s) => [s.spec.name, s.pid]));
    out.write(JSON.stringify({ ready: true, ...urls, stateDir, pids }) + '\n');

    const failed = await waitForStopOrExit(stack.services, (w) => {
      wake = w;
      if (stopSignal) w();
    });
    stopWatching();
    await dashboard.close();
    if (failed) {
      err.write(
        `hookscope up: ${failed.spec.name} exited (${describeExit(failed.exited!)}); stopping the others.\n` +
          `last lines of ${failed.spec.logFile}:\n${failed.logTail()}\n`,
      );
    } else {
      out.write(`hookscope up: ${stopSignal}, stopping\n`);
    }
    await stopLocalStack(stack.services, (s) =>
      out.write(`  ${s.spec.name.padEnd(12)} stopped (${describeExit(s.exited!)})\n`),
    );
    return failed ? 1 : 0;
  } finally {
    process.off('exit', killChildrenOnExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    releaseLock();
  }
}

/** Resolves on a stop signal (undefined) or when a service exits on its own (that service). */
function waitForStopOrExit(
  services: readonly Service[],
  register: (wake: () => void) => void,
): Promise<Service | undefined> {
  return new Promise((resolve) => {
    register(() => resolve(undefined));
    for (const s of services) void s.whenExited().then(() => resolve(s));
  });
}

/** A file-system error while preparing the state directory, said with what to do. */
function writeFailure(e: unknown, stateDir: string): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EEXIST'].includes(code))
    return undefined;
  return `cannot write the state directory ${stateDir} (${(e as Error).message}): give another with --state-dir DIR or HOOKSCOPE_STACK_DIR, or make it writable.`;
}
