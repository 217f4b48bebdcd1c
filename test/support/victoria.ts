import { execFileSync } from 'node:child_process';
import { waitFor } from './ports.js';
import { startProcess, type Running } from './processes.js';

/**
 * Debian's victoria-metrics package (VictoriaMetrics single-node, vmagent, vmalert, vmauth) run
 * for real on loopback: each started with its flags, waited for on /health, stopped by the test.
 */

export function haveVictoriaMetrics(): boolean {
  try {
    for (const bin of ['victoria-metrics', 'vmagent', 'vmalert', 'vmauth'])
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface VmProcess {
  url: string;
  process: Running;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts one of the package's binaries and waits for `GET /health` on `port`. */
export async function startVm(bin: string, port: number, flags: string[]): Promise<VmProcess> {
  const proc = startProcess(bin, [...flags, `-httpListenAddr=127.0.0.1:${port}`]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `${bin} healthy`,
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`exited with ${proc.child.exitCode}`);
        return (await fetch(`${url}/health`)).ok ? true : undefined;
      },
      30_000,
    );
  } catch (err) {
    await proc.stop('SIGKILL');
    throw new Error(`${(err as Error).message}\n${proc.output().slice(-2000)}`);
  }
  return { url, process: proc, stop: async (signal = 'SIGTERM') => void (await proc.stop(signal)) };
}

/** A VictoriaMetrics single-node store on `dataDir` (the same directory survives a restart). */
export function startVictoriaMetrics(port: number, dataDir: string): Promise<VmProcess> {
  return startVm('victoria-metrics', port, [
    `-storageDataPath=${dataDir}`,
    // Queries see samples as soon as they arrive (the default waits 30 s for late ones).
    '-search.latencyOffset=1s',
    // A sample sent twice with the same timestamp (a retry after a lost answer) is kept once.
    '-dedup.minScrapeInterval=1ms',
    '-loggerLevel=WARN',
  ]);
}

/** Instant query against the Prometheus query API (VictoriaMetrics or Prometheus). */
export async function promQuery(
  base: string,
  expr: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error ?? res.status}`);
  return body.data.result;
}

/** Raw samples of the series matching `selector`, as VictoriaMetrics stored them. */
export async function exportSeries(
  base: string,
  selector: string,
): Promise<{ metric: Record<string, string>; values: number[]; timestamps: number[] }[]> {
  const res = await fetch(`${base}/api/v1/export?match[]=${encodeURIComponent(selector)}`);
  const text = await res.text();
  if (!res.ok) throw new Error(`export ${selector}: HTTP ${res.status} ${text}`);
  return text
    .split('\n')
    .filter(Boolean)
    .map(
      (l) =>
        JSON.parse(l) as {
          metric: Record<string, string>;
          values: number[];
          timestamps: number[];
        },
    );
}
