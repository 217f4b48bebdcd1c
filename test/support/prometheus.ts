import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.js';
import { tempDir } from './paths.js';
import { startProcess, type Running } from './processes.js';

export interface PrometheusOptions {
  /** host:port targets scraped as job `hookscope` (ignored with `configFile`). */
  targets?: string[];
  /** A prometheus.yml to run as it is (e.g. a generated one) instead of one made from the options. */
  configFile?: string;
  /** Port to listen on (default: a free one); a config file's self-scrape target must name it. */
  port?: number;
  /** More command-line flags. */
  args?: string[];
  scrapeInterval?: string;
  evaluationInterval?: string;
  ruleFiles?: string[];
  alertmanagers?: string[];
  /**
   * An existing TSDB directory (e.g. blocks made by promtool) to serve instead of a throwaway
   * one; it is left in place on stop.
   */
  dataDir?: string;
  /** Headers for the readiness check (a Prometheus behind its own basic auth). */
  readyHeaders?: Record<string, string>;
}

/** The Prometheus query API, as Prometheus and VictoriaMetrics (and vmalert's proxy) serve it. */
export interface QueryApi {
  /** Instant query (now, or at `time` in unix seconds); returns the result vector. */
  query(
    expr: string,
    time?: number,
  ): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The single value of a query that must return one series, or undefined when it returns none. */
  scalar(expr: string, time?: number): Promise<number | undefined>;
  /** Range query over the last `seconds`, one point per `stepSeconds`. */
  queryRange(
    expr: string,
    seconds: number,
    stepSeconds: number,
  ): Promise<{ metric: Record<string, string>; values: [number, string][] }[]>;
}

export interface PrometheusServer extends QueryApi {
  url: string;
  stop(): Promise<void>;
  process: Running;
}

/** Whether Debian's prometheus is installed (`.ci/run` installs it). */
export function havePrometheus(): boolean {
  try {
    execFileSync('prometheus', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Starts the real Prometheus on a free loopback port with a throwaway data directory. */
export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  const { dir, cleanup } = tempDir('hookscope-prom-');
  const port = opts.port ?? (await freePort());
  const config = [
    'global:',
    `  scrape_interval: ${opts.scrapeInterval ?? '1s'}`,
    `  evaluation_interval: ${opts.evaluationInterval ?? '1s'}`,
    ...(opts.ruleFiles?.length
      ? ['rule_files:', ...opts.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)]
      : []),
    ...(opts.alertmanagers?.length
      ? [
          'alerting:',
          '  alertmanagers:',
          '    - static_configs:',
          `        - targets: [${opts.alertmanagers.map((t) => JSON.stringify(t)).join(', ')}]`,
        ]
      : []),
    'scrape_configs:',
    '  - job_name: hookscope',
    '    static_configs:',
    `      - targets: [${(opts.targets ?? []).map((t) => JSON.stringify(t)).join(', ')}]`,
  ].join('\n');
  if (!opts.configFile) writeFileSync(join(dir, 'prometheus.yml'), config + '\n');
  const proc = startProcess('prometheus', [
    `--config.file=${opts.configFile ?? join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${opts.dataDir ?? join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-lifecycle',
    '--log.level=warn',
    ...(opts.args ?? []),
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await proc.stop('SIGTERM');
    cleanup();
  };
  try {
    await waitFor(
      'prometheus ready',
      async () =>
        (await fetch(`${url}/-/ready`, { headers: opts.readyHeaders })).ok ? true : undefined,
      30_000,
    );
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
  const api = queryApi(url);
  return {
    url,
    ...api,
    stop,
    process: proc,
  };
}

/** Queries against the query API at `url`. */
export function queryApi(url: string): QueryApi {
  const query = async (expr: string, time?: number) => {
    const at = time === undefined ? '' : `&time=${time}`;
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}${at}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
    return body.data.result;
  };
  const queryRange = async (expr: string, seconds: number, stepSeconds: number) => {
    const end = Date.now() / 1000;
    const params = new URLSearchParams({
      query: expr,
      start: String(end - seconds),
      end: String(end),
      step: String(stepSeconds),
    });
    const res = await fetch(`${url}/api/v1/query_range?${params}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
    };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
    return body.data.result;
  };
  return {
    query,
    queryRange,
    scalar: async (expr, time) => {
      const r = await query(expr, time);
      if (r.length > 1) throw new Error(`${expr} returned ${r.length} series`);
      return r[0] ? Number(r[0].value[1]) : undefined;
    },
  };
}
