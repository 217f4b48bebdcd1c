import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { HOOKSCOPE_BIN, REPO_ROOT, tempDir } from './support/paths.js';
import { freePort, waitFor } from './support/ports.js';
import { runToEnd, startProcess, type Running } from './support/processes.js';
import { startPrometheus, type PrometheusServer } from './support/prometheus.js';
import { createBlocks } from './support/history.mjs';
import { plantedHistory } from './support/report-scenario.mjs';
import { launchChromium } from './support/chromium.mjs';
import { writeStackConfig } from './support/stack-config.js';

/**
 * The live page in a real browser (Debian's Chromium): `hookscope up` serves it, `hookscope
 * demo` fills it; `hookscope report --serve` shows the same page for any Prometheus, including
 * one that is down or holds nothing in the window. Screenshots land in test-artifacts/dashboard.
 */

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'dashboard');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const tmp = tempDir('hookscope-dashboard-');
const stops: (() => Promise<unknown> | void)[] = [];
let browser: BrowserContext;
/** Errors the browser reported on any page, checked at the end. */
const consoleErrors: string[] = [];
let up: { dashboard: string; prometheus: string; alertmanager: string; otlp: string };
let spoolDir: string;

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  // The demo's caches miss more than this: CacheHitRatioLow fires at once.
  const { config, env } = await writeStackConfig(tmp.dir, [
    'caches: { min_hit_ratio: 0.99, min_lookups: 1, for: 0s }',
  ]);
  spoolDir = join(tmp.dir, 'spool');
  const running = startProcess(
    process.execPath,
    [
      HOOKSCOPE_BIN,
      'up',
      ...['--config', config, '--state-dir', join(tmp.dir, 'state'), '--spool-dir', spoolDir],
      ...['--dashboard', `127.0.0.1:${await freePort()}`, '--refresh', '2'],
    ],
    env,
  );
  stops.push(() => running.stop('SIGINT', 20_000));
  up = await readyLine(running, 'hookscope up');
  browser = await launchChromium(join(tmp.dir, 'chromium-profile'), DESKTOP);
  browser.on('page', watchConsole);
  stops.push(() => browser.close());
}, 120_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  tmp.cleanup();
});

function watchConsole(page: Page): void {
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
}

async function readyLine<T>(running: Running, what: string): Promise<T> {
  return waitFor(
    `${what} to report ready`,
    () => {
      if (running.child.exitCode !== null) {
        throw new Error(`${what} exited ${running.child.exitCode}: ${running.output()}`);
      }
      const m = /^(\{"ready":true.*\})$/m.exec(running.output());
      return m ? (JSON.parse(m[1]!) as T) : undefined;
    },
    60_000,
  );
}

/** `hookscope report --serve` against a Prometheus: the page's URL. */
async function serve(prometheus: string, window = '1h'): Promise<string> {
  const running = startProcess(process.execPath, [
    HOOKSCOPE_BIN,
    'report',
    '--serve',
    ...['--prometheus', prometheus, '--listen', `127.0.0.1:0`, '--window', window],
    ...['--refresh', '2'],
  ]);
  stops.push(() => running.stop('SIGINT'));
  return (await readyLine<{ dashboard: string }>(running, 'hookscope report --serve')).dashboard;
}

/** Opens the page and waits for its first answer from the server. */
async function open(url: string, viewport = DESKTOP): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  await page.goto(url);
  await page.waitForFunction(() => Number(document.body.dataset['updates'] ?? 0) >= 1, null, {
    timeout: 60_000,
  });
  return page;
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

describe('the live page', () => {
  it('tells a newcomer what to do while nothing was measured', async () => {
    expect(up.dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await open(up.dashboard);
    expect(await page.evaluate(() => document.body.dataset['state'])).toBe('empty');
    const state = await text(page, '[role=status]');
    expect(state).toContain('No hook has been measured yet');
    expect(state).toContain('npx hookscope install');
    expect(state).toContain('npx hookscope demo');
    // The pipeline is up: its targets are shown, all healthy (once Prometheus scraped them).
    await page.waitForFunction(
      () => document.querySelector('[data-figure=targets]')?.textContent === '3 of 3 up',
      null,
      { timeout: 30_000 },
    );
    await page.screenshot({ path: join(ARTIFACTS, 'empty-desktop.png'), fullPage: true });
    await page.close();
  });

  it('says Prometheus is down, and what to do', async () => {
    const url = await serve(`http://127.0.0.1:${await freePort()}`);
    const page = await open(url);
    expect(await page.evaluate(() => document.body.dataset['state'])).toBe('prometheus_down');
    const state = await text(page, '[role=status]');
    expect(state).toContain('Prometheus is not reachable');
    expect(state).toContain('npx hookscope up');
    expect(state).toMatch(/ECONNREFUSED/);
    await page.screenshot({ path: join(ARTIFACTS, 'prometheus-down-desktop.png'), fullPage: true });
    await page.close();
  });

  it('says when nothing ran in the window, and shows a window that has data', async () => {
    // A day of history that ended two hours ago.
    const end = Math.floor(Date.now() / 1000 / 60) * 60 - 7200;
    const om = join(tmp.dir, 'history.om');
    const data = join(tmp.dir, 'history-data');
    mkdirSync(data);
    await plantedHistory({ end, days: 1, step: 300 }).writeOpenMetrics(om);
    await createBlocks(om, data);
    const prom: PrometheusServer = await startPrometheus({ dataDir: data });
    stops.push(() => prom.stop());
    const page = await open(await serve(prom.url, '15m'));
    expect(await page.evaluate(() => document.body.dataset['state'])).toBe('no_data');
    expect(await text(page, '[role=status]')).toContain('Nothing ran in the last 15m');
    await page.screenshot({ path: join(ARTIFACTS, 'no-data-desktop.png'), fullPage: true });
    // The window choice, by keyboard: the radio group's arrow keys, no reload.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByRole('radio', { name: '15m' }).focus();
    await page.keyboard.press('ArrowRight'); // 1h
    await page.keyboard.press('ArrowRight'); // 24h
    await page.waitForFunction(() => document.body.dataset['window'] === '24h', null, {
      timeout: 60_000,
    });
    await page.waitForFunction(() => document.body.dataset['state'] === 'ok', null, {
      timeout: 60_000,
    });
    expect(new URL(page.url()).searchParams.get('window')).toBe('24h');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(
      await page.locator('section[data-section=bottlenecks] rect.bar').count(),
    ).toBeGreaterThan(0);
    await page.close();
  });

  it('after hookscope demo: every section has data, figures update in place, alerts are listed', async () => {
    const demo = startProcess(process.execPath, [
      HOOKSCOPE_BIN,
      'demo',
      ...['--rate', '20', '--speed', '20', '--seed', '7', '--duration', '40'],
      ...['--spool-dir', spoolDir, '--otlp-endpoint', up.otlp],
    ]);
    stops.push(() => demo.stop('SIGINT'));
    const page = await open(`${up.dashboard}?window=15m`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const sections = [
      'alerts',
      'summary',
      'scorecard',
      'recommendations',
      'bottlenecks',
      'regressions',
      'caches',
      'test-selection',
      'conversations',
      'health',
    ];
    // Every section, with data in it: the demo's hooks, caches, selections and conversations.
    await page.waitForFunction(
      (ids) =>
        document.body.dataset['state'] === 'ok' &&
        ids.every((id) => document.querySelector(`section[data-section="${id}"]`)) &&
        document.querySelectorAll('section[data-section=conversations] tbody tr').length > 0 &&
        document.querySelectorAll('section[data-section=test-selection] tbody tr').length > 0 &&
        document.querySelectorAll('li.alert[data-state=firing]').length > 0,
      sections,
      { timeout: 90_000, polling: 500 },
    );
    const order = await page
      .locator('main > section')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['section']));
    expect(order.filter((s) => sections.includes(s!))).toEqual(sections);
    expect(
      await page.locator('section[data-section=bottlenecks] rect.bar').count(),
    ).toBeGreaterThan(3);
    expect(await page.locator('section[data-section=caches] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-score]').count()).toBe(9);
    expect(await text(page, '[data-figure=summary]')).toMatch(/^\d+ hooks ran [\d,]+ times/);

    // Firing alerts are listed, CacheHitRatioLow among them, with what Alertmanager did.
    const firing = page.locator('li.alert[data-state=firing]');
    expect(await firing.count()).toBeGreaterThan(0);
    const cache = page.locator('li.alert[data-state=firing][data-alert=CacheHitRatioLow]').first();
    await cache.waitFor({ timeout: 60_000 });
    expect(await cache.innerText()).toMatch(/cache=/);
    expect(await text(page, '[data-figure=alerts]')).toMatch(/^[1-9]\d* firing, \d+ pending$/);

    // A figure changes without a reload as the demo's hooks keep arriving.
    const before = await text(page, '[data-figure=summary]');
    await page.waitForFunction(
      (b) => document.querySelector('[data-figure=summary]')?.textContent !== b,
      before,
      { timeout: 60_000, polling: 500 },
    );
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    // Each figure links to the PromQL behind it, which Prometheus runs.
    const links = await page
      .locator('a.promql')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.length).toBeGreaterThan(15);
    for (const href of links) expect(href.startsWith(`${up.prometheus}/graph?g0.expr=`)).toBe(true);
    for (const href of [links[0]!, links[Math.floor(links.length / 2)]!, links.at(-1)!]) {
      const expr = new URL(href).searchParams.get('g0.expr')!;
      const res = await fetch(`${up.prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`);
      expect(((await res.json()) as { status: string }).status, expr).toBe('success');
    }

    await accessible(page);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-desktop.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo-desktop-first-screen.png') });
    await page.setViewportSize(PHONE);
    // Nothing wider than a phone's screen: tables scroll inside their box.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-phone.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo-phone-first-screen.png') });
    await page.close();
  }, 240_000);

  it('names a bad flag, and starts nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['report', '--serve', '--listen', 'nope'], /--listen must be host:port/],
      [['report', '--serve', '--window', '3d'], /--window must be one of 15m, 1h, 24h, 7d/],
      [['report', '--serve', '--out', 'x.html'], /--out does not go with --serve/],
      [['report', '--serve', '--alertmanager', 'foo'], /--alertmanager must be an http/],
      [['report', '--refresh', '3'], /--refresh goes with --serve/],
      [['up', '--refresh', '0'], /--refresh must be an integer from 1 to 3600/],
    ];
    for (const [args, message] of cases) {
      const r = await runToEnd(process.execPath, [HOOKSCOPE_BIN, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    // An address the user chose that is taken: `up` says so before starting anything.
    const taken = new URL(up.dashboard).host;
    const r = await runToEnd(process.execPath, [
      HOOKSCOPE_BIN,
      'up',
      ...['--state-dir', join(tmp.dir, 'other-state'), '--dashboard', taken],
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${taken} (--dashboard) is already in use`);
    expect(r.stderr).toContain('nothing was started');
  });

  it('reported no error in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});

/** Headings in order, named controls and charts, keyboard reach, readable contrast. */
async function accessible(page: Page): Promise<void> {
  const headings = await page
    .locator('h1, h2, h3')
    .evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  expect(headings.filter((h) => h === 1)).toHaveLength(1);
  for (let i = 1; i < headings.length; i++) {
    expect(headings[i]! - headings[i - 1]!).toBeLessThanOrEqual(1);
  }
  for (const w of ['15m', '1h', '24h', '7d']) {
    expect(await page.getByRole('radio', { name: w }).count()).toBe(1);
  }
  expect(await page.locator('svg.chart:not([aria-label])').count()).toBe(0);
  expect(await page.locator('a:not([href])').count()).toBe(0);

  // Tab from the top: the skip link first, then the window choice.
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the report');
  const reached: string[] = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    reached.push(
      await page.evaluate(() => {
        const a = document.activeElement as HTMLInputElement | null;
        return a?.name === 'window' ? 'window' : (a?.tagName ?? '');
      }),
    );
  }
  expect(reached).toContain('window');

  // WCAG AA contrast of every text against the background it is drawn on.
  const low = await page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *:not(svg *):not(script):not(style)')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
      const box = el.getBoundingClientRect();
      if (!own || box.width === 0 || box.height === 0) continue;
      const s = getComputedStyle(el);
      const fg = rgb(s.color);
      const bg = background(el);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a! + 0.05) / (b! + 0.05);
      const large =
        parseFloat(s.fontSize) >= 24 ||
        (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        out.push(
          `${el.tagName}.${el.className} ${ratio.toFixed(2)}: ${el.textContent!.trim().slice(0, 40)}`,
        );
    }
    return out;
  });
  expect(low).toEqual([]);
}
