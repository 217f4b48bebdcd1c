import { join } from 'node:path';
import { CollectorConfigError, resolveOptions } from '@hookscope/collector';
import { splitAddress, type HookscopeConfig } from '@hookscope/config';
import { alertmanagerFlags, prometheusFlags } from '@hookscope/mixin';
import { ALERTMANAGER, PROMETHEUS, type Component } from './components.js';
import { httpUrl } from './ports.js';
import type { StackConfigFiles } from './stack-config.js';
import { CLI_MAIN } from '../self.js';
import { remoteWriteAgent } from './remote-write-agent.js';

/**
 * What `hookscope up` runs, in start order (each healthy before the next; stopped in reverse).
 * A new server of the stack is one more entry of STACK_SERVICES: what it needs installed, where
 * it listens, how to start it, and the URLs to print.
 */

/** What every service is planned from. */
export interface StackContext {
  config: HookscopeConfig;
  /** The directory of the config file (or the current one without a config): Alertmanager's
   * secret files are relative to it. */
  projectDir: string;
  stateDir: string;
  spoolDir: string;
  /** Prometheus and Alertmanager configs generated into the state directory. */
  files: StackConfigFiles;
  env: NodeJS.ProcessEnv;
}

/** An address a service binds, checked free before anything starts. */
export interface Listen {
  address: string;
  /** What listens there, for messages ("Prometheus"). */
  what: string;
  /** How the user changes it ("change prometheus.address in hookscope.config.yaml"). */
  change: string;
  /** A system service that often holds the default port (Debian's packages start one). */
  systemService?: string;
}

/** A URL printed once the stack is up, and a key of the JSON `ready` line. */
export interface StackUrl {
  key: string;
  label: string;
  url: string;
  note?: string;
}

export interface PlannedService {
  listens: Listen[];
  urls: StackUrl[];
  command: string;
  args: string[];
  /** Answers 2xx once the service can do its job. */
  healthUrl: string;
  cwd?: string;
}

export interface StackService {
  name: string;
  /** A third-party server that must be installed (found on PATH or through its env variable). */
  needs?: Component;
  /** Whether the config asks for this service at all (default: always). */
  enabled?: (config: HookscopeConfig) => boolean;
  /** `bin` is the located binary of `needs`; a returned string is a problem that stops `up`. */
  plan(ctx: StackContext, bin: string): PlannedService | string;
}

const configKey = (key: string) =>
  `change ${key} in hookscope.config.yaml (\`hookscope config init\` writes one with every key)`;

const collector: StackService = {
  name: 'collector',
  plan(ctx) {
    const { host, port } = splitAddress(ctx.config.collector.address);
    // The OTLP receiver's address is the collector's own setting (env HOOKSCOPE_OTLP_HOST/_PORT).
    let otlp;
    try {
      const resolved = resolveOptions({ host, port, spoolDir: ctx.spoolDir }, ctx.env);
      otlp = { host: resolved.otlpHost, port: resolved.otlpPort };
    } catch (err) {
      if (!(err instanceof CollectorConfigError)) throw err;
      return `the collector's settings: ${err.message}`;
    }
    const metrics = httpUrl(host, port, '/metrics');
    return {
      listens: [
        {
          address: ctx.config.collector.address,
          what: 'the collector',
          change: configKey('collector.address'),
        },
        {
          address: `${otlp.host}:${otlp.port}`,
          what: "the collector's OTLP receiver",
          change: 'set the environment variable HOOKSCOPE_OTLP_PORT',
        },
      ],
      urls: [
        { key: 'metrics', label: 'collector', url: metrics },
        {
          key: 'otlp',
          label: 'OTLP/HTTP',
          url: httpUrl(otlp.host, otlp.port),
          note: 'Claude Code, OpenTelemetry SDKs',
        },
      ],
      command: process.execPath,
      args: [
        CLI_MAIN,
        'collector',
        ...['--host', host, '--port', String(port)],
        ...['--otlp-host', otlp.host, '--otlp-port', String(otlp.port)],
        ...['--spool-dir', ctx.spoolDir, '--state-dir', join(ctx.stateDir, 'collector')],
      ],
      healthUrl: metrics,
    };
  },
};

/** A server at an address of the config, whose Debian package also runs it as a system service. */
function configuredServer(address: string, key: string, what: string, systemService: string) {
  const { host, port } = splitAddress(address);
  return {
    url: httpUrl(host, port),
    listens: [{ address, what, change: configKey(key), systemService }],
  };
}

const prometheus: StackService = {
  name: 'prometheus',
  needs: PROMETHEUS,
  plan(ctx, bin) {
    const { url, listens } = configuredServer(
      ctx.config.prometheus.address,
      'prometheus.address',
      'Prometheus',
      'prometheus',
    );
    return {
      listens,
      urls: [{ key: 'prometheus', label: 'Prometheus', url, note: `alerts: ${url}/alerts` }],
      command: bin,
      args: [
        `--config.file=${ctx.files.prometheusConfig}`,
        `--storage.tsdb.path=${join(ctx.stateDir, 'prometheus')}`,
        ...prometheusFlags(ctx.config),
      ],
      healthUrl: `${url}/-/ready`,
    };
  },
};

const alertmanager: StackService = {
  name: 'alertmanager',
  needs: ALERTMANAGER,
  plan(ctx, bin) {
    const { url, listens } = configuredServer(
      ctx.config.alertmanager.address,
      'alertmanager.address',
      'Alertmanager',
      'prometheus-alertmanager',
    );
    return {
      listens,
      urls: [{ key: 'alertmanager', label: 'Alertmanager', url }],
      command: bin,
      // The first member of the configured cluster (peers run elsewhere), started in the
      // project directory: the config's secret files are relative to it.
      args: [
        ...alertmanagerFlags(ctx.config).map((f) =>
          f.startsWith('--config.file=') ? `--config.file=${ctx.files.alertmanagerConfig}` : f,
        ),
        `--storage.path=${join(ctx.stateDir, 'alertmanager')}`,
      ],
      cwd: ctx.projectDir,
      healthUrl: `${url}/-/ready`,
    };
  },
};

/**
 * The stack, in start order: the collector first, so that Prometheus's first scrape finds it; the
 * remote-write agent (with remote_write configured) last, so it is stopped first and puts what it
 * has not sent into its disk buffer.
 */
export const STACK_SERVICES: readonly StackService[] = [
  collector,
  prometheus,
  alertmanager,
  remoteWriteAgent,
];
