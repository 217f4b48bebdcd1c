// The local stack: how long `hookscope up` takes to bring the collector, Prometheus and
// Alertmanager up healthy and to stop them on Ctrl-C, and how long after `hookscope demo` starts
// every panel of every dashboard has data, with the shipped defaults (15 s scrape interval, so
// Grafana's $__rate_interval is 60 s) and the demo at real speed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DASHBOARDS_DIR,
  expandQuery,
  labelVariables,
  panelQueries,
  readDashboards,
} from '@hookscope/dashboards';
import { fmt, median, table } from './stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOOKSCOPE_BIN = join(root, 'packages', 'cli', 'dist', 'main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FILL_LIMIT_S = 420;

const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

/** A project with the default config on free ports (`up` generates what it runs with). */
async function project() {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-stack-'));
  const [c, p, a, otlp] = await Promise.all([1, 2, 3, 4].map(freePort));
  const config = join(dir, 'hookscope.config.yaml');
  writeFileSync(
    config,
    `collector: { address: 127.0.0.1:${c} }\nprometheus: { address: 127.0.0.1:${p} }\n` +
      `alertmanager: { address: 127.0.0.1:${a} }\n`,
  );
  return { dir, config, env: { ...process.env, HOOKSCOPE_OTLP_PORT: String(otlp) } };
}

/** Starts `hookscope up`; resolves with timings once it prints its ready line. */
function up(p) {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [HOOKSCOPE_BIN, 'up', '--config', p.config, '--state-dir', join(p.dir, 'state')].concat([
      '--spool-dir',
      join(p.dir, 'spool'),
    ]),
    { env: p.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^(\{"ready":true.*\})$/m.exec(out);
      if (m) {
        clearInterval(timer);
        const healthy = Object.fromEntries(
          [...out.matchAll(/^ {2}(\w+)\s+healthy after (\d+) ms$/gm)].map((x) => [x[1], +x[2]]),
        );
        resolve({ child, exited, ready: JSON.parse(m[1]), ms: performance.now() - t0, healthy });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`hookscope up exited: ${out}`));
      }
    }, 20);
  });
}

async function stop(running) {
  const t0 = performance.now();
  running.child.kill('SIGINT');
  const code = await running.exited;
  if (code !== 0) throw new Error(`hookscope up exited ${code}`);
  return performance.now() - t0;
}

async function query(prometheus, expr, rangeSeconds) {
  const end = Date.now() / 1000;
  const params = new URLSearchParams(
    rangeSeconds
      ? { query: expr, start: String(end - rangeSeconds), end: String(end), step: '15' }
      : { query: expr },
  );
  const res = await fetch(
    `${prometheus}/api/v1/${rangeSeconds ? 'query_range' : 'query'}?${params}`,
  );
  const body = await res.json();
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  const values = body.data.result.flatMap((r) => (r.values ?? [r.value]).map((v) => Number(v[1])));
  return values.some(Number.isFinite);
}

/** Per dashboard: whether every panel query (variables at "All") has finite data now. */
async function filled(prometheus, dashboards) {
  const out = {};
  for (const d of dashboards) {
    const all = Object.fromEntries(labelVariables(d.dashboard).map((v) => [v.name, v.allValue]));
    let ok = true;
    for (const q of panelQueries([d])) {
      const expr = expandQuery(q.expr, all, '60s'); // Grafana's $__rate_interval at 15 s scrapes
      if (!(await query(prometheus, expr, q.instant ? 0 : 300))) {
        ok = false;
        break;
      }
    }
    out[d.dashboard.title] = ok;
  }
  return out;
}

export default async function stack() {
  const dashboards = readDashboards(join(root, DASHBOARDS_DIR));
  const startRows = [];
  const starts = [];
  const stops = [];
  const per = { collector: [], prometheus: [], alertmanager: [] };
  for (let i = 0; i < RUNS; i++) {
    process.stderr.write(`stack: up/down ${i + 1}/${RUNS}\n`);
    const p = await project();
    try {
      const running = await up(p);
      starts.push(running.ms);
      for (const k of Object.keys(per)) per[k].push(running.healthy[k]);
      stops.push(await stop(running));
    } finally {
      rmSync(p.dir, { recursive: true, force: true });
    }
  }
  for (const k of Object.keys(per)) startRows.push([`${k} healthy after`, fmt(median(per[k]), 0)]);
  startRows.push(['`hookscope up` to its ready line (whole command)', fmt(median(starts), 0)]);
  startRows.push(['Ctrl-C to exit, all three stopped', fmt(median(stops), 0)]);

  process.stderr.write('stack: demo at real speed until every dashboard has data\n');
  const p = await project();
  const fill = [];
  try {
    const running = await up(p);
    const demo = spawn(
      process.execPath,
      [HOOKSCOPE_BIN, 'demo', '--seed', '1', '--spool-dir', join(p.dir, 'spool')].concat([
        '--otlp-endpoint',
        running.ready.otlp,
      ]),
      {
        env: { ...p.env, HOOKSCOPE_TEST_SELECTION_DIR: join(p.dir, 'selections') },
        stdio: 'ignore',
      },
    );
    const t0 = performance.now();
    const first = {};
    while ((performance.now() - t0) / 1000 < FILL_LIMIT_S) {
      await new Promise((r) => setTimeout(r, 5000));
      const now = (performance.now() - t0) / 1000;
      for (const [title, ok] of Object.entries(
        await filled(running.ready.prometheus, dashboards),
      )) {
        if (ok && first[title] === undefined) first[title] = now;
      }
      if (Object.keys(first).length === dashboards.length) break;
    }
    demo.kill('SIGINT');
    await stop(running);
    for (const d of dashboards) {
      const t = first[d.dashboard.title];
      fill.push([d.dashboard.title, t === undefined ? `not within ${FILL_LIMIT_S} s` : fmt(t, 0)]);
    }
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }

  return [
    `### hookscope up (median of ${RUNS} runs, ms)`,
    '',
    table(['step', 'ms'], startRows),
    '',
    '### Seconds after `hookscope demo` starts until every panel has data (15 s scrapes, checked every 5 s)',
    '',
    table(['dashboard', 's'], fill),
  ].join('\n');
}
