import { resolve } from 'node:path';
import { defaultSpoolDir, defaultStateDir } from '@hookscope/catalog';
import { ConfigError, loadConfig } from '@hookscope/config';
import {
  planLocalStack,
  startLocalStack,
  stopLocalStack,
  StackError,
  takeLock,
} from '../stack/local-stack.js';
import { describeExit, type Service } from '../stack/service.js';
import { intFlag, parseFlags } from '../usage.js';

const HELP = `usage: hookscope up [options]

Starts the monitoring stack as local processes, no Docker needed: the collector, Prometheus
(with the generated prometheus/prometheus.yml and rules) and Alertmanager (with
alertmanager/alertmanager.yml), each health-checked, their data under one state directory.
Prints the URLs; Ctrl-C stops all of them cleanly.

options:
  --config FILE     hookscope.config.yaml (default: the nearest one from the current directory;
                    env HOOKSCOPE_CONFIG); its directory holds the generated files
  --state-dir DIR   data and logs (default ~/.local/state/hookscope/stack; env HOOKSCOPE_STACK_DIR)
  --spool-dir DIR   spool the collector reads (default ~/.local/state/hookscope/spool; env
                    HOOKSCOPE_SPOOL_DIR)
  --timeout S       seconds each service may take to become healthy (default 60)`;

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
      config: { type: 'string' },
      'state-dir': { type: 'string' },
      'spool-dir': { type: 'string' },
      timeout: { type: 'string' },
    },
    HELP,
  );
  if (!flags) return 0;
  const timeoutMs = (intFlag('timeout', flags.timeout, 1, 3600) ?? 60) * 1000;
  const err = process.stderr;
  const out = process.stdout;

  let loaded;
  try {
    loaded = loadConfig({ path: flags.config });
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`hookscope up: ${e.message}\nnothing was started.\n`);
      return 1;
    }
    throw e;
  }
  const stateDir = resolve(
    flags['state-dir'] ?? process.env['HOOKSCOPE_STACK_DIR'] ?? `${defaultStateDir()}/stack`,
  );
  const spoolDir = resolve(flags['spool-dir'] ?? defaultSpoolDir());

  let stack;
  try {
    stack = await planLocalStack({
      config: loaded.config,
      projectDir: loaded.dir,
      stateDir,
      spoolDir,
    });
  } catch (e) {
    if (e instanceof StackError) {
      err.write(`hookscope up: cannot start:\n\n${e.message}\n\nnothing was started.\n`);
      return 1;
    }
    throw e;
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
        `  state: ${stateDir}\n  spool: ${spoolDir}\n`,
    );
    for (const n of stack.notes) out.write(`  note: ${n}\n`);
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
    const { urls } = stack;
    out.write(
      `\nhookscope is up:\n` +
        `  collector     ${urls.metrics}\n` +
        `  OTLP/HTTP     ${urls.otlp}  (Claude Code, OpenTelemetry SDKs)\n` +
        `  Prometheus    ${urls.prometheus}  (alerts: ${urls.prometheus}/alerts)\n` +
        `  Alertmanager  ${urls.alertmanager}\n` +
        `  logs          ${stateDir}/logs/\n` +
        `Hooks write to the spool; \`hookscope demo\` feeds sample traffic. Grafana: see docs/stack.md.\n` +
        `Ctrl-C stops everything.\n`,
    );
    // For tools and tests that start the stack: one line of JSON.
    const pids = Object.fromEntries(stack.services.map((s) => [s.spec.name, s.pid]));
    out.write(JSON.stringify({ ready: true, ...urls, stateDir, pids }) + '\n');

    const failed = await waitForStopOrExit(stack.services, (w) => {
      wake = w;
      if (stopSignal) w();
    });
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
