// `hookscope report` on 30 days of history with 50 hooks: wall time of a whole
// report (queries, analysis, rendering) against a real Prometheus, with the CPU time it costs the
// report process and Prometheus, for the default window and for reports spanning the history.
// The history is the tests' planted scenario with 43 more hooks, backfilled with promtool.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReport, DEFAULT_TARGETS, renderReport } from '@hookscope/report';
import { createBlocks } from '../test/support/history.mjs';
import { plantedHistory } from '../test/support/report-scenario.mjs';
import { cpuSeconds, importTs } from './prometheus-support.mjs';
import { fmt, median, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const HOOKSCOPE_BIN = join(here, '..', 'packages', 'cli', 'dist', 'main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const HOOKS = 50;
/** Sample spacing of the last 8 days (Prometheus usually scrapes every 15 s: 20x denser). */
const STEP = Number(process.env.BENCH_REPORT_STEP ?? 300);
const CASES = [
  {
    label: '24h against the 7d before (default), JSON',
    window: '24h',
    baseline: '7d',
    format: 'json',
  },
  {
    label: '24h against the 7d before, HTML with charts',
    window: '24h',
    baseline: '7d',
    format: 'html',
  },
  { label: '7d against the 21d before, Markdown', window: '7d', baseline: '21d', format: 'md' },
  { label: '30d (no baseline left), JSON', window: '30d', baseline: '7d', format: 'json' },
];

export default async function report() {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-report-'));
  const { startPrometheus } = await importTs(
    join(here, '..', 'test', 'support', 'prometheus.ts'),
    dir,
  );
  const end = Math.floor(Date.now() / 1000 / 7200) * 7200 - 7200;
  let prom;
  try {
    const t0 = Date.now();
    const history = plantedHistory({ end, extraHooks: HOOKS - 7, step: STEP });
    const om = join(dir, 'history.om');
    const samples = await history.writeOpenMetrics(om);
    mkdirSync(join(dir, 'data'));
    await createBlocks(om, join(dir, 'data'));
    rmSync(om);
    prom = await startPrometheus({
      dataDir: join(dir, 'data'),
      args: ['--storage.tsdb.retention.time=90d'],
    });
    const setup = (Date.now() - t0) / 1000;
    process.stderr.write(`report: history of ${samples} samples ready in ${fmt(setup, 0)} s\n`);
    const promCpu = () => cpuSeconds(prom.process.child.pid);
    // The whole command, as a user runs it.
    const cli = (c) => {
      const p0 = promCpu();
      const w0 = process.hrtime.bigint();
      execFileSync(
        process.execPath,
        [HOOKSCOPE_BIN, 'report', '--prometheus', prom.url, '--end', String(end)].concat([
          '--window',
          c.window,
          '--baseline',
          c.baseline,
          '--format',
          c.format,
        ]),
        { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 },
      );
      return { wall: Number(process.hrtime.bigint() - w0) / 1e9, prom: promCpu() - p0 };
    };
    // The library in this process: its CPU time is the report's own work, steady on a busy machine.
    const targets = { ...DEFAULT_TARGETS, prometheusUrl: prom.url };
    const lib = async (c) => {
      const c0 = process.cpuUsage();
      const r = await buildReport({ targets, window: c.window, baseline: c.baseline, end });
      renderReport(r, c.format);
      const used = process.cpuUsage(c0);
      return (used.user + used.system) / 1e6;
    };
    // Warm Prometheus' caches and this process' JIT.
    for (const c of CASES) {
      cli(c);
      await lib(c);
    }
    const times = CASES.map(() => ({ wall: [], prom: [], cpu: [] }));
    for (let r = 0; r < RUNS; r++) {
      for (const [i, c] of CASES.entries()) {
        const m = cli(c);
        times[i].wall.push(m.wall);
        times[i].prom.push(m.prom);
        times[i].cpu.push(await lib(c));
      }
      if (process.stderr.isTTY) process.stderr.write(`\rreport: round ${r + 1}/${RUNS}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    const node = nodeStart();
    const rows = CASES.map((c, i) => [
      c.label,
      fmt(median(times[i].wall), 2),
      fmt(quantile(times[i].wall, 0.95), 2),
      fmt(median(times[i].cpu), 2),
      fmt(median(times[i].prom), 2),
      fmt(median(times[i].cpu) + median(times[i].prom), 2),
    ]);
    rows.push(['(a bare `node -e 0`, for scale)', fmt(node, 2), '-', '-', '-', '-']);
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    return [
      `### hookscope report: ${HOOKS} hooks, 30 days of history (${RUNS} rounds, interleaved; Node ${process.version})`,
      '',
      `History: ${samples.toLocaleString('en-US')} samples (every ${STEP / 60} min over the last 8 days, every 2 h before), ` +
        `backfilled with promtool; setup took ${fmt(setup, 0)} s and is not part of the times below.`,
      'Wall: the whole `hookscope report` process (start-up, every query, analysis, rendering).',
      'Report CPU: user + system time of the same report built and rendered by the library in the',
      "benchmark's process (no start-up). Prometheus CPU: the time Prometheus spent answering the",
      `queries. Load average at the end: ${load} on ${cpus().length} CPUs.`,
      '',
      table(
        [
          'report',
          'wall median s',
          'wall p95 s',
          'report CPU s',
          'Prometheus CPU s',
          'CPU total s',
        ],
        rows,
      ),
    ].join('\n');
  } finally {
    await prom?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function nodeStart() {
  const env = { ...process.env };
  const t = [];
  for (let i = 0; i < 5; i++) {
    const w0 = process.hrtime.bigint();
    execFileSync(process.execPath, ['-e', '0'], { env });
    t.push(Number(process.hrtime.bigint() - w0) / 1e9);
  }
  return median(t);
}
