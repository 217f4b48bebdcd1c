// The live page (`hookscope up`'s dashboard, `hookscope report --serve`): first paint in Chromium
// and each refresh, wall time and the time spent waiting for Prometheus, on 1 hour and on 7 days
// of history of 50 hooks (the tests' planted scenario with 43 more hooks, backfilled with
// promtool up to a minute ago, so that the page's windows, which end now, hold it).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TARGETS, startDashboard } from '@hookscope/report';
import { createBlocks } from '../test/support/history.mjs';
import { plantedHistory } from '../test/support/report-scenario.mjs';
import { launchChromium } from '../test/support/chromium.mjs';
import { cpuSeconds, importTs } from './prometheus-support.mjs';
import { fmt, median, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const HOOKS = 50;
const HISTORIES = [
  // Samples 15 s apart, as Prometheus scrapes by default.
  { label: '1 hour', days: 1 / 24, step: 15, windows: ['15m', '1h'] },
  // 5 min apart (20x sparser than real scrapes, so that the backfill stays small).
  { label: '7 days', days: 7, step: 300, windows: ['1h', '24h', '7d'] },
];

export default async function dashboard() {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-dashboard-'));
  const { startPrometheus } = await importTs(
    join(here, '..', 'test', 'support', 'prometheus.ts'),
    dir,
  );
  const rows = [];
  const notes = [];
  try {
    for (const h of HISTORIES) {
      const end = Math.floor(Date.now() / 1000 / 60) * 60 - 60;
      const data = join(dir, `data-${h.days}`);
      const om = join(dir, 'history.om');
      mkdirSync(data);
      const t0 = Date.now();
      const samples = await plantedHistory({
        end,
        days: h.days,
        extraHooks: HOOKS - 7,
        step: h.step,
        coarseStep: h.step,
      }).writeOpenMetrics(om);
      await createBlocks(om, data);
      rmSync(om);
      const prom = await startPrometheus({
        dataDir: data,
        args: ['--storage.tsdb.retention.time=90d'],
      });
      notes.push(
        `${h.label}: ${samples.toLocaleString('en-US')} samples ${h.step} s apart, ready in ${fmt((Date.now() - t0) / 1000, 0)} s`,
      );
      const board = await startDashboard({
        targets: { ...DEFAULT_TARGETS, prometheusUrl: prom.url },
        refreshSeconds: 3600, // refreshes are driven below
      });
      const browser = await launchChromium(join(dir, `profile-${h.days}`), {
        width: 1280,
        height: 900,
      });
      const promCpu = () => cpuSeconds(prom.process.child.pid);
      try {
        for (const w of h.windows) {
          const paint = [];
          const refresh = [];
          const waited = [];
          const promCpus = [];
          // The server keeps a view for a second: wait it out between measurements.
          const fresh = () => new Promise((r) => setTimeout(r, 1100));
          for (let r = 0; r < RUNS + 1; r++) {
            await fresh();
            const page = await browser.newPage();
            const p0 = performance.now();
            await page.goto(`${board.url}?window=${w}`);
            await page.waitForFunction(
              () => Number(globalThis.document.body.dataset.updates ?? 0) >= 1,
            );
            const first = performance.now() - p0;
            await fresh();
            // One refresh as the page makes it: the request, the answer, the sections swapped.
            const c0 = promCpu();
            const t = await page.evaluate(async (win) => {
              const s = performance.now();
              const res = await fetch(`/api/view?window=${win}`, { cache: 'no-store' });
              const view = await res.json();
              return { ms: performance.now() - s, view };
            }, w);
            const used = promCpu() - c0;
            await page.close();
            if (t.view.state !== 'ok') throw new Error(`window ${w}: state ${t.view.state}`);
            if (r === 0) continue; // warm-up
            paint.push(first / 1000);
            refresh.push(t.ms / 1000);
            waited.push(t.view.timings.prometheusMs / 1000);
            promCpus.push(used);
          }
          rows.push([
            h.label,
            w,
            fmt(median(paint), 2),
            fmt(median(refresh), 2),
            fmt(quantile(refresh, 0.95), 2),
            fmt(median(waited), 2),
            fmt(median(promCpus), 2),
          ]);
          process.stderr.write(`dashboard: ${h.label}, ${w} done\n`);
        }
      } finally {
        await browser.close();
        await board.close();
        await prom.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  return [
    `### The live page: ${HOOKS} hooks (${RUNS} rounds per row; Node ${process.version}; Chromium headless)`,
    '',
    `History backfilled with promtool (${notes.join('; ')}); setup is not timed.`,
    'First paint: navigation until the page shows its first answer. Refresh: one /api/view request',
    'as the page makes it (every query, analysis and rendering on the server). Waiting: the sum of the',
    "server's Prometheus requests' times (they overlap, 4 at a time). Prometheus CPU: what answering",
    `one refresh cost Prometheus. Load average at the end: ${load} on ${cpus().length} CPUs.`,
    '',
    table(
      [
        'history',
        'window',
        'first paint median s',
        'refresh median s',
        'refresh p95 s',
        'waiting for Prometheus s',
        'Prometheus CPU s',
      ],
      rows,
    ),
  ].join('\n');
}
