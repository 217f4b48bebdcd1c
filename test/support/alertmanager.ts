import { join } from 'node:path';
import { freePort, waitFor } from './ports.js';
import { tempDir } from './paths.js';
import { startProcess, type Running } from './processes.js';

export interface AlertmanagerOptions {
  /** Directory to run in: relative secret files (api_url_file, ...) are read from there. */
  cwd: string;
  /** Command-line flags: --config.file, --web.listen-address, cluster flags. */
  flags: string[];
  /** Web API port the flags listen on (for the readiness check and the API helpers). */
  port: number;
}

/** An alert as Alertmanager's API v2 takes it (what Prometheus sends). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
}

export interface AlertmanagerServer {
  url: string;
  process: Running;
  /** Posts alerts to /api/v2/alerts, as Prometheus does. */
  post(alerts: PostableAlert[]): Promise<void>;
  /** The alerts Alertmanager holds, with their state (active, suppressed) and inhibitors. */
  alerts(): Promise<
    {
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[]; silencedBy: string[] };
    }[]
  >;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts Debian's prometheus-alertmanager with a throwaway data directory and waits until ready. */
export async function startAlertmanager(opts: AlertmanagerOptions): Promise<AlertmanagerServer> {
  const data = tempDir('hookscope-am-');
  const proc = startProcess(
    'prometheus-alertmanager',
    [...opts.flags, `--storage.path=${join(data.dir, 'data')}`, '--log.level=warn'],
    process.env,
    opts.cwd,
  );
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    await proc.stop(signal);
    data.cleanup();
  };
  try {
    await waitFor(
      'alertmanager ready',
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`exited with ${proc.child.exitCode}`);
        return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
      },
      30_000,
    );
  } catch (err) {
    await stop('SIGKILL');
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
  return {
    url,
    process: proc,
    stop,
    post: async (alerts) => {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`POST /api/v2/alerts: ${res.status} ${await res.text()}`);
    },
    alerts: async () => (await (await fetch(`${url}/api/v2/alerts`)).json()) as never,
  };
}

/** A free loopback port pair for one Alertmanager: web API and cluster gossip. */
export async function alertmanagerPorts(): Promise<{ web: number; cluster: number }> {
  return { web: await freePort(), cluster: await freePort() };
}
