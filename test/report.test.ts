import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Report } from '@hookscope/report';
import { HOOKSCOPE_BIN, tempDir } from './support/paths.js';
import { freePort } from './support/ports.js';
import { runToEnd } from './support/processes.js';
import { startPrometheus, type PrometheusServer } from './support/prometheus.js';
import { createBlocks } from './support/history.mjs';
import { PLANTED, plantedHistory } from './support/report-scenario.mjs';

/** Whole hours, in the past, so that the history ends before "now" and reports can pin --end. */
const END = Math.floor(Date.now() / 1000 / 7200) * 7200 - 7200;
const DAYS = 30;
const START = END - DAYS * 86400;
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const tmp = tempDir('hookscope-report-');
let prom: PrometheusServer;

function report(args: string[], url = prom.url) {
  return runToEnd(process.execPath, [HOOKSCOPE_BIN, 'report', '--prometheus', url, ...args], {
    timeoutMs: 60_000,
  });
}

async function jsonReport(args: string[] = []): Promise<Report> {
  const r = await report(['--end', String(END), '--format', 'json', ...args]);
  expect(r.stderr, r.stderr).not.toMatch(/Error|at /);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout.toString()) as Report;
}

/** The default report (24h against the 7 days before), run once and read by several tests. */
let defaultReport: Promise<Report> | undefined;
const dailyReport = () => (defaultReport ??= jsonReport());

const name = (l: { hook_event: string; hook_name: string }) => `${l.hook_event}/${l.hook_name}`;

beforeAll(async () => {
  const data = join(tmp.dir, 'data');
  const om = join(tmp.dir, 'history.om');
  mkdirSync(data);
  await plantedHistory({ end: END, days: DAYS }).writeOpenMetrics(om);
  await createBlocks(om, data);
  rmSync(om);
  // Keep the 30 days (the default retention, 15d, would drop the older blocks).
  prom = await startPrometheus({ dataDir: data, args: ['--storage.tsdb.retention.time=90d'] });
}, 120_000);

afterAll(async () => {
  await prom?.stop();
  tmp.cleanup();
});

describe('hookscope report on 30 days of history with planted problems', () => {
  it('finds exactly the planted regression, bottleneck and cache problem', async () => {
    const r = await dailyReport();
    expect(r.window).toMatchObject({
      duration: '24h',
      end: new Date(END * 1000).toISOString().replace('.000', ''),
    });
    expect(r.baseline).toMatchObject({ duration: '7d', available: true, exact: true });
    expect(r.window.exact).toBe(true); // the collector's build_info is there at both ends

    // Regressions: only the planted one, in either direction, with high confidence.
    expect(r.regressions.changes.map((c) => [c.subject, c.name, c.metric, c.direction])).toEqual([
      ['hook', name(PLANTED.regression), 'p95', 'regression'],
    ]);
    const reg = r.regressions.changes[0]!;
    expect(reg.confidence).toBe('high');
    expect(reg.change).toBeGreaterThan(1); // planted: 3x the median
    expect(reg.change).toBeLessThan(2.5);
    // 80 runs an hour, exactly: 1,920 in the window and 13,440 in the 7-day baseline.
    expect([reg.windowExecutions, reg.baselineExecutions]).toEqual([1920, 13440]);
    expect(reg.since).toBe(new Date((END - 86400) * 1000).toISOString().replace('.000', ''));
    expect(r.regressions.compared).toBeGreaterThan(10); // hooks, validators, agents, caches, ...

    // Bottleneck: only the planted hook is flagged, with about half of all hook time.
    const flagged = r.bottlenecks.hooks.filter((h) => h.flagged);
    expect(flagged.map((h) => h.name)).toEqual([name(PLANTED.bottleneck)]);
    expect(flagged[0]!.share).toBeGreaterThan(0.45);
    expect(flagged[0]!.share).toBeLessThan(0.6);
    expect(flagged[0]!.validators.map((v) => v.name)).toEqual(['physics', 'types']);

    // Cache: only the planted cache is below its target.
    expect(r.caches.filter((c) => c.belowTarget).map((c) => c.cache)).toEqual([PLANTED.cache]);
    const cache = r.caches.find((c) => c.cache === PLANTED.cache)!;
    expect(cache).toMatchObject({ lookups: 960, hits: 144, misses: 816 });

    // One recommendation per planted problem, citing its numbers, and nothing else.
    expect(r.recommendations.map((x) => [x.kind, x.subject])).toEqual(
      expect.arrayContaining([
        ['bottleneck', name(PLANTED.bottleneck)],
        ['regression', name(PLANTED.regression)],
        ['cache_hit_ratio', PLANTED.cache],
      ]),
    );
    expect(r.recommendations).toHaveLength(3);
    const cacheRec = r.recommendations.find((x) => x.kind === 'cache_hit_ratio')!;
    expect(cacheRec.text).toContain('144 of its 960 lookups');
    expect(cacheRec.text).toContain('target 50%');

    // Scorecard: the planted cache fails its target; every other target passes or is unmeasured.
    const status = Object.fromEntries(r.scorecard.map((s) => [s.id, s.status]));
    expect(status).toEqual({
      hook_p95: 'pass',
      hook_success_ratio: 'pass',
      validation_overhead: 'pass',
      monitoring_overhead: 'pass',
      test_time_reduction: 'pass',
      cache_hit_ratio: 'fail',
      conversation_response_p95: 'pass',
      compression_saved_ratio: 'pass',
      restarts: 'pass',
    });
    expect(r.notes).toEqual([]);
  });

  it('reports the numbers Prometheus itself computes for the window', async () => {
    const r = await dailyReport();
    const bottleneck = r.bottlenecks.hooks.find((h) => h.name === name(PLANTED.bottleneck))!;
    const sel = `hook_event="${PLANTED.bottleneck.hook_event}",hook_name="${PLANTED.bottleneck.hook_name}"`;
    const p95 = await prom.scalar(
      `histogram_quantile(0.95, sum by (le) (increase(hookscope_hook_duration_seconds_bucket{${sel}}[24h])))`,
      END,
    );
    const seconds = await prom.scalar(
      `sum(increase(hookscope_hook_duration_seconds_sum{${sel}}[24h]))`,
      END,
    );
    // JSON rounds to 6 significant digits.
    expect(Math.abs(bottleneck.p95! / p95! - 1)).toBeLessThan(1e-5);
    expect(Math.abs(bottleneck.seconds / seconds! - 1)).toBeLessThan(1e-5);
    // 184 hook runs an hour in the scenario, exactly.
    expect(r.summary).toMatchObject({ hooks: 7, executions: 184 * 24 });
    expect(bottleneck.executions).toBe(12 * 24);
  });

  it('finds the regression over a week against the three weeks before, and when it began', async () => {
    const r = await jsonReport(['--window', '7d', '--baseline', '21d']);
    expect(r.trendStep).toBe('8h');
    const changes = r.regressions.changes.map((c) => [c.name, c.metric, c.direction]);
    expect(changes).toEqual([[name(PLANTED.regression), 'p95', 'regression']]);
    const since = Date.parse(r.regressions.changes[0]!.since!) / 1000;
    expect(Math.abs(since - (END - 86400))).toBeLessThanOrEqual(8 * 3600);
    const hook = r.bottlenecks.hooks.find((h) => h.name === name(PLANTED.regression))!;
    expect(hook.trend.direction).toBe('rising');
  });

  it('writes Markdown for chat and pull requests', async () => {
    const r = await report(['--end', String(END)]);
    expect(r.code).toBe(0);
    const md = r.stdout.toString();
    expect(md).toMatch(/^# hookscope performance report/);
    expect(md).toContain('| Status | Check | Target | Value | Detail |');
    expect(md).toContain('| FAIL | Cache hit ratio | at least 50% for every cache | 15% |');
    expect(md).toMatch(/\*\*Stop\/full-check \(bottleneck\)\*\* \| 5\d% \|/);
    expect(md).toMatch(
      /1\. \*\*Speed up Stop\/full-check first: it takes 5\d% of all hook time\*\*/,
    );
    expect(md).toContain('| 1,920 / 13,440 | high |');
  });

  it('writes HTML that renders with its charts in headless Chromium, offline', async () => {
    const out = join(tmp.dir, 'report.html');
    const r = await report(['--end', String(END), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out} (html)`);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1|www\.w3\.org\/2000\/svg)/);

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
      expect(requests).toEqual([pathToFileURL(out).href]); // nothing fetched besides the file

      const charts = await page.locator('svg.chart').evaluateAll((svgs) =>
        svgs.map((s) => {
          const box = s.getBoundingClientRect();
          return {
            label: s.getAttribute('aria-label'),
            width: box.width,
            height: box.height,
            marks: s.querySelectorAll('rect.bar, path.line, circle.to').length,
          };
        }),
      );
      expect(charts.map((c) => c.label)).toEqual(
        expect.arrayContaining([
          'Share of all hook time per hook',
          'p95 per 1h of the hooks taking the most time',
          'p95: baseline to window',
          'Cache hit ratio',
        ]),
      );
      for (const c of charts) {
        expect(c.width, c.label!).toBeGreaterThan(200);
        expect(c.height, c.label!).toBeGreaterThan(40);
        expect(c.marks, c.label!).toBeGreaterThan(0);
      }
      expect(await page.locator('[data-score="cache_hit_ratio"].fail').count()).toBe(1);
      expect(await page.locator('li[data-kind]').count()).toBe(3);

      // The screenshot shows the charts: the flagged bottleneck's bar is drawn in red.
      const shot = join(tmp.dir, 'report.png');
      const chart = page.locator('svg.chart').first();
      await chart.screenshot({ path: shot });
      expect(statSync(shot).size).toBeGreaterThan(2000);
      const red = await page.evaluate(async (png) => {
        const img = new Image();
        img.src = `data:image/png;base64,${png}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, img.width, img.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4)
          if (px[i]! > 200 && px[i + 1]! < 80 && px[i + 2]! < 80) n++;
        return n;
      }, readFileSync(shot).toString('base64'));
      expect(red).toBeGreaterThan(500);
      await page.screenshot({ path: join(tmp.dir, 'report-page.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('judges against the targets of hookscope.config.yaml and finds Prometheus there', async () => {
    const config = join(tmp.dir, 'hookscope.config.yaml');
    writeFileSync(
      config,
      `prometheus:\n  address: ${new URL(prom.url).host}\ncaches:\n  min_hit_ratio: 0.1\n`,
    );
    const r = await runToEnd(process.execPath, [
      ...[HOOKSCOPE_BIN, 'report', '--config', config, '--end', String(END), '--format', 'json'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout.toString()) as Report;
    expect(json.prometheus).toBe(prom.url);
    expect(json.targets.cacheMinHitRatio).toBe(0.1);
    expect(json.caches.filter((c) => c.belowTarget)).toEqual([]);
    expect(json.recommendations.map((x) => x.kind).sort()).toEqual(['bottleneck', 'regression']);

    writeFileSync(config, 'caches:\n  min_hit_ratio: 2\n');
    const bad = await runToEnd(process.execPath, [HOOKSCOPE_BIN, 'report', '--config', config]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      new RegExp(`^hookscope report: ${config}:2:\\d+: caches\\.min_hit_ratio: `),
    );
  });

  it('shows progress on a terminal only', async () => {
    const tty = await runToEnd('script', [
      '-qfec',
      `${process.execPath} ${HOOKSCOPE_BIN} report --prometheus ${prom.url} --end ${END} --format json --out ${join(tmp.dir, 'tty.json')}`,
      '/dev/null',
    ]);
    expect(tty.code).toBe(0);
    expect(tty.stdout.toString()).toMatch(/hookscope report: querying Prometheus \d+\/\d+ \(/);
    const piped = await report(['--end', String(END), '--format', 'json']);
    expect(piped.stderr).not.toContain('querying');
  });
});

describe('hookscope report when it cannot report', () => {
  it('says so when the window has no baseline, and still reports the window', async () => {
    const r = await report(['--end', String(START + 86400), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'hookscope report: note: No baseline: Prometheus holds no hook runs from',
    );
    expect(r.stderr).toContain('Use a shorter --baseline');
    const json = JSON.parse(r.stdout.toString()) as Report;
    expect(json.baseline.available).toBe(false);
    expect(json.regressions.changes).toEqual([]);
    // Every series appears in this first day, while the collector is scraped: counted from zero.
    expect(json.window.exact).toBe(true);
    expect(json.summary.executions).toBe(184 * 24);
  });

  it('falls back to increase() when the collector was not scraped at both ends', async () => {
    // The window starts 12 hours before the history does.
    const r = await report(['--end', String(START + 12 * 3600), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout.toString()) as Report;
    expect(json.window.exact).toBe(false);
    // increase() sees the runs after each series' first sample (2 h after the history starts).
    expect(json.summary.executions).toBeGreaterThan(184 * 9);
    expect(json.summary.executions).toBeLessThanOrEqual(184 * 12);
  });

  it('fails with a clear message when the window has no data', async () => {
    const r = await report(['--end', String(END + 60 * 86400)]);
    expect(r.code).toBe(1);
    expect(r.stdout.toString()).toBe('');
    expect(r.stderr).toMatch(
      /^hookscope report: nothing ran between \S+ \S+ UTC and \S+ \S+ UTC: Prometheus at http:\/\/127\.0\.0\.1:\d+ has hookscope data, but none in this 24h window/,
    );
  });

  it('fails with a clear message when Prometheus has no hookscope data at all', async () => {
    const empty = await startPrometheus({});
    try {
      const r = await report([], empty.url);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Prometheus at ${empty.url} has no hookscope metrics at all`);
    } finally {
      await empty.stop();
    }
  });

  it('fails with a clear message when Prometheus is unreachable', async () => {
    const port = await freePort();
    const r = await report([], `http://127.0.0.1:${port}`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `hookscope report: cannot reach Prometheus at http://127.0.0.1:${port} (ECONNREFUSED); start it, or pass its address with --prometheus URL (or set prometheus.address in hookscope.config.yaml)`,
    );
  });

  it('fails with a clear message when the URL is not Prometheus', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const r = await report([], `http://127.0.0.1:${port}`);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `http://127.0.0.1:${port} does not answer like the Prometheus HTTP API (HTTP 404`,
      );
    } finally {
      server.close();
    }
  });

  it('rejects bad options before querying anything', async () => {
    for (const [args, message] of [
      [['--window', '3x'], "--window must be a duration such as 24h, 7d or 1h30m, got '3x'"],
      [['--baseline', '10s'], "--baseline must be at least 30s, got '10s'"],
      [['--format', 'pdf'], "--format must be one of md, html, json, got 'pdf'"],
      [
        ['--end', 'yesterday'],
        "--end must be an RFC 3339 time (2026-11-20T12:00:00Z) or unix seconds, got 'yesterday'",
      ],
      [
        ['--prometheus', 'localhost:9090'],
        "the Prometheus URL 'localhost:9090' must start with http:// or https://",
      ],
    ] as const) {
      const r = await runToEnd(process.execPath, [HOOKSCOPE_BIN, 'report', ...args]);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });
});
