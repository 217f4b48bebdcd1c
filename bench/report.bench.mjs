// `hookscope report` on 30 days of history with 50 hooks (issue #8): wall time of a whole
// report (queries, analysis, rendering) against a real Prometheus, with the CPU time it costs the
// report process and Prometheus, for the default window and for reports spanning the history.
// The history is the tests' planted scenario with 43 more hooks, backfilled with promtool.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createBlocks } from '../test/support/history.mjs';
import { plantedHistory } from '../test/support/report-scenario.mjs';
import { fmt, median, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const HOOKSCOPE_BIN = join(here, '..', 'packages', 'cli', 'dist', 'main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const HOOKS = 50;
const CASES = [
  ['24h against the 7d before (default), JSON', ['--window', '24h', '--format', 'json']],
  ['24h against the 7d before, HTML with charts', ['--window', '24h', '--format', 'html']],
  [
    '7d against the 21d before, Markdown',
    ['--window', '7d', '--baseline', '21d', '--format', 'md'],
  ],
  ['30d (no baseline left), JSON', ['--window', '30d', '--format', 'json']],
];
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString());

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
    const history = plantedHistory({ end, extraHooks: HOOKS - 7 });
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
    const run = (args) => {
      const prom0 = cpuSeconds(prom.process.child.pid);
      const w0 = process.hrtime.bigint();
      const out = execFileSync(
        process.execPath,
        [HOOKSCOPE_BIN, 'report', '--prometheus', prom.url, '--end', String(end), ...args],
        { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 },
      );
      const wall = Number(process.hrtime.bigint() - w0) / 1e9;
      return { wall, prom: cpuSeconds(prom.process.child.pid) - prom0, bytes: out.length };
    };
    for (const [, args] of CASES) run(args); // warm Prometheus' page cache and chunk cache
    const times = CASES.map(() => ({ wall: [], prom: [] }));
    for (let r = 0; r < RUNS; r++) {
      CASES.forEach(([, args], i) => {
        const m = run(args);
        times[i].wall.push(m.wall);
        times[i].prom.push(m.prom);
      });
      if (process.stderr.isTTY) process.stderr.write(`\rreport: round ${r + 1}/${RUNS}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    const node = nodeStart();
    const rows = CASES.map(([label], i) => [
      label,
      fmt(median(times[i].wall), 2),
      fmt(quantile(times[i].wall, 0.95), 2),
      fmt(median(times[i].prom), 2),
    ]);
    rows.push(['(a bare `node -e 0`, for scale)', fmt(node, 2), '-', '-']);
    return [
      `### hookscope report: ${HOOKS} hooks, 30 days of history (${RUNS} rounds, interleaved; Node ${process.version})`,
      '',
      `History: ${samples.toLocaleString('en-US')} samples (half-hourly over the last 8 days, 2-hourly before), ` +
        `backfilled with promtool; setup took ${fmt(setup, 0)} s and is not part of the times below.`,
      'Wall: the whole `hookscope report` process (start-up, every query, analysis, rendering).',
      "Prometheus CPU: user + system time Prometheus spent answering the report's queries.",
      '',
      table(['report', 'wall median s', 'wall p95 s', 'Prometheus CPU median s'], rows),
    ].join('\n');
  } finally {
    await prom?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The test support's Prometheus launcher, bundled on the fly (it is TypeScript). */
async function importTs(file, dir) {
  const outfile = join(dir, 'support.mjs');
  await build({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
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
