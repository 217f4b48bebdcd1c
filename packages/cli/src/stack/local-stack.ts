import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CollectorConfigError, resolveOptions } from '@hookscope/collector';
import { splitAddress, type HookscopeConfig } from '@hookscope/config';
import {
  ALERTMANAGER_CONFIG_PATH,
  alertmanagerFlags,
  PROMETHEUS_CONFIG_PATH,
  prometheusFlags,
} from '@hookscope/mixin';
import { ALERTMANAGER, PROMETHEUS, locate, missingMessage } from './components.js';
import { httpUrl, portFree } from './ports.js';
import { Service, type ServiceSpec } from './service.js';
import { CLI_MAIN } from '../self.js';

/**
 * `hookscope up`: the collector, Prometheus and Alertmanager as local processes with the
 * project's generated configs, every bit of data under one state directory:
 *   <state>/collector (checkpoint), <state>/prometheus (TSDB), <state>/alertmanager
 *   (silences, notification log), <state>/logs/<service>.log, <state>/up.pid (one stack at a time)
 */

export interface LocalStackOptions {
  config: HookscopeConfig;
  /** Directory of hookscope.config.yaml: generated files are read relative to it. */
  projectDir: string;
  stateDir: string;
  spoolDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface StackUrls {
  metrics: string;
  /** The collector's OTLP/HTTP receiver (agents' and SDKs' telemetry). */
  otlp: string;
  prometheus: string;
  alertmanager: string;
}

export interface LocalStack {
  services: Service[];
  urls: StackUrls;
  /** Things worth telling the user that do not stop the stack. */
  notes: string[];
}

/** Problems that keep the stack from starting, each with what to do about it. */
export class StackError extends Error {}

/** Checks everything the stack needs, then describes its three services; starts nothing. */
export async function planLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const env = o.env ?? process.env;
  const problems: string[] = [];
  const notes: string[] = [];

  const prometheusBin = locate(PROMETHEUS, env);
  if (!prometheusBin) problems.push(missingMessage(PROMETHEUS, env));
  const alertmanagerBin = locate(ALERTMANAGER, env);
  if (!alertmanagerBin) problems.push(missingMessage(ALERTMANAGER, env));

  const prometheusConfig = join(o.projectDir, PROMETHEUS_CONFIG_PATH);
  if (!existsSync(prometheusConfig)) {
    problems.push(
      `${prometheusConfig} does not exist: run \`hookscope generate\` in ${o.projectDir} first.`,
    );
  }
  let alertmanagerConfig = join(o.projectDir, ALERTMANAGER_CONFIG_PATH);
  if (!existsSync(alertmanagerConfig)) {
    // Without receivers Alertmanager still shows what fires; nothing is sent anywhere.
    alertmanagerConfig = join(o.stateDir, 'alertmanager', 'no-receivers.yml');
    notes.push(
      `${ALERTMANAGER_CONFIG_PATH} not found: Alertmanager runs without receivers (alerts are shown, not sent).`,
    );
  }

  const collector = splitAddress(o.config.collector.address);
  // The OTLP receiver's address is the collector's own setting (env HOOKSCOPE_OTLP_HOST/_PORT).
  let otlp = { host: '127.0.0.1', port: 4318 };
  try {
    const resolved = resolveOptions({ ...collector, spoolDir: o.spoolDir }, env);
    otlp = { host: resolved.otlpHost, port: resolved.otlpPort };
  } catch (err) {
    if (!(err instanceof CollectorConfigError)) throw err;
    problems.push(`the collector's settings: ${err.message}`);
  }
  const addresses = [
    { name: 'the collector', key: 'collector.address', address: o.config.collector.address },
    {
      name: "the collector's OTLP receiver",
      key: 'the environment variable HOOKSCOPE_OTLP_PORT',
      address: `${otlp.host}:${otlp.port}`,
    },
    {
      name: 'Prometheus',
      key: 'prometheus.address',
      address: o.config.prometheus.address,
      service: 'prometheus',
    },
    {
      name: 'Alertmanager',
      key: 'alertmanager.address',
      address: o.config.alertmanager.address,
      service: 'prometheus-alertmanager',
    },
  ];
  for (const a of addresses) {
    const { host, port } = splitAddress(a.address);
    if (!(await portFree(host, port))) {
      const change = a.key.includes(' ')
        ? `set ${a.key}`
        : `change ${a.key} in hookscope.config.yaml and run \`hookscope generate\``;
      // Debian's packages start their own service on the default ports.
      const service =
        'service' in a
          ? ` (Debian's package runs one: sudo systemctl disable --now ${a.service})`
          : '';
      problems.push(
        `${a.address} (${a.name}) is already in use: is another \`hookscope up\`, Prometheus, Alertmanager or OpenTelemetry Collector running${service}? Stop it, or ${change}.`,
      );
    }
  }

  const lock = join(o.stateDir, 'up.pid');
  const holder = lockHolder(lock);
  if (holder !== undefined) {
    problems.push(
      `another \`hookscope up\` (pid ${holder}) uses the state directory ${o.stateDir}: stop it first.`,
    );
  }
  if (problems.length) throw new StackError(problems.join('\n\n'));

  const logs = join(o.stateDir, 'logs');
  for (const d of ['collector', 'prometheus', 'alertmanager', 'logs']) {
    mkdirSync(join(o.stateDir, d), { recursive: true, mode: 0o700 });
  }
  if (!existsSync(join(o.projectDir, ALERTMANAGER_CONFIG_PATH))) {
    writeFileSync(
      alertmanagerConfig,
      '# Written by `hookscope up` because alertmanager/alertmanager.yml does not exist.\n' +
        'route:\n  receiver: none\nreceivers:\n  - name: none\n',
    );
  }

  const prometheus = splitAddress(o.config.prometheus.address);
  const alertmanager = splitAddress(o.config.alertmanager.address);
  const urls: StackUrls = {
    metrics: httpUrl(collector.host, collector.port, '/metrics'),
    otlp: httpUrl(otlp.host, otlp.port),
    prometheus: httpUrl(prometheus.host, prometheus.port),
    alertmanager: httpUrl(alertmanager.host, alertmanager.port),
  };
  const specs: ServiceSpec[] = [
    {
      name: 'collector',
      command: process.execPath,
      args: [
        CLI_MAIN,
        'collector',
        '--host',
        collector.host,
        '--port',
        String(collector.port),
        '--otlp-host',
        otlp.host,
        '--otlp-port',
        String(otlp.port),
        '--spool-dir',
        o.spoolDir,
        '--state-dir',
        join(o.stateDir, 'collector'),
      ],
      logFile: join(logs, 'collector.log'),
      healthUrl: urls.metrics,
      env,
    },
    {
      name: 'prometheus',
      command: prometheusBin!,
      args: [
        `--config.file=${prometheusConfig}`,
        `--storage.tsdb.path=${join(o.stateDir, 'prometheus')}`,
        ...prometheusFlags(o.config),
      ],
      logFile: join(logs, 'prometheus.log'),
      healthUrl: `${urls.prometheus}/-/ready`,
      env,
    },
    {
      name: 'alertmanager',
      command: alertmanagerBin!,
      // The first member of the configured cluster (peers run elsewhere), started in the
      // project directory: the config's secret files are relative to it.
      args: [
        ...alertmanagerFlags(o.config).map((f) =>
          f.startsWith('--config.file=') ? `--config.file=${alertmanagerConfig}` : f,
        ),
        `--storage.path=${join(o.stateDir, 'alertmanager')}`,
      ],
      cwd: o.projectDir,
      logFile: join(logs, 'alertmanager.log'),
      healthUrl: `${urls.alertmanager}/-/ready`,
      env,
    },
  ];
  return { services: specs.map((s) => new Service(s)), urls, notes };
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
 * Starts the services in order, each healthy before the next (the collector first, so
 * Prometheus's first scrape finds it). On a failure, stops what started and rethrows.
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

/** Stops the services in reverse order (Alertmanager, Prometheus, then the collector). */
export async function stopLocalStack(
  services: readonly Service[],
  onStopped?: (s: Service) => void,
): Promise<void> {
  for (const s of [...services].reverse()) {
    await s.stop();
    onStopped?.(s);
  }
}
