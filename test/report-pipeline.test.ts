import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Report } from '@hookscope/report';
import { HOOKSCOPE_BIN, REPO_ROOT } from './support/paths.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';
import { waitFor } from './support/ports.js';
import { runToEnd } from './support/processes.js';

const HOOK = join(REPO_ROOT, 'test', 'fixtures', 'instrumented-hook.mjs');

/** Runs and lookups in the window: their series appear while the collector is being scraped. */
const WINDOW_SECONDS = 40;

/**
 * The whole path on live data: instrumented hooks and `hookscope emit` -> spool -> collector ->
 * a real Prometheus scraping it -> `hookscope report`. A fresh Prometheus has seconds of history,
 * so the report runs on a short window that starts once the collector is scraped, and says that
 * there is no baseline. Every series is new in the window: the report counts their first runs,
 * which increase() alone does not see.
 */
describe('hookscope report on data from the collector', () => {
  let pipeline: Pipeline;
  /** The window: from just after the collector was first scraped, before any hook ran. */
  let end: number;

  beforeAll(async () => {
    pipeline = await startPipeline();
    await waitFor('the collector scraped', async () =>
      (await pipeline.prom.scalar('count(hookscope_collector_build_info)')) ? true : undefined,
    );
    const scrapedSince = Math.ceil(Date.now() / 1000);
    end = scrapedSince + 1 + WINDOW_SECONDS;
    await new Promise((r) => setTimeout(r, 3000));
    const runs: [string, string, string][] = [
      ['PreToolUse', 'bash-guard', 'success'],
      ['PreToolUse', 'bash-guard', 'success'],
      ['PreToolUse', 'bash-guard', 'blocked'],
      ['PreToolUse', 'bash-guard', 'blocked'],
      ['Stop', 'full-check', 'success'],
      ['Stop', 'full-check', 'error'],
    ];
    for (const args of runs) {
      await runToEnd(process.execPath, [HOOK, ...args], { env: pipeline.env });
    }
    for (const hit of ['true', 'false', 'false', 'false']) {
      const r = await runToEnd(
        process.execPath,
        [
          HOOKSCOPE_BIN,
          'emit',
          'cache-lookup',
          '--cache',
          'deps',
          '--hit',
          hit,
          '--seconds',
          '0.01',
        ],
        { env: pipeline.env },
      );
      expect(r.code, r.stderr).toBe(0);
    }
    await pipeline.settle();
    if (Date.now() / 1000 > end)
      throw new Error('the hooks took longer than the window: raise WINDOW_SECONDS');
    const wait = (end + 2) * 1000 - Date.now();
    await new Promise((r) => setTimeout(r, Math.max(wait, 0)));
  }, 90_000);

  afterAll(() => pipeline?.stop());

  it('reports the runs Prometheus scraped, and that there is no baseline yet', async () => {
    const r = await runToEnd(process.execPath, [
      ...[HOOKSCOPE_BIN, 'report', '--prometheus', pipeline.prom.url],
      ...['--window', `${WINDOW_SECONDS}s`, '--end', String(end), '--baseline', '1h'],
      ...['--format', 'json'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: No baseline');
    const report = JSON.parse(r.stdout.toString()) as Report;
    expect(report.summary).toMatchObject({ hooks: 2, executions: 6 });
    const hooks = Object.fromEntries(report.bottlenecks.hooks.map((h) => [h.name, h.outcomes]));
    expect(hooks).toEqual({
      'PreToolUse/bash-guard': { success: 2, blocked: 2 },
      'Stop/full-check': { success: 1, error: 1 },
    });
    expect(report.caches).toMatchObject([{ cache: 'deps', lookups: 4, hits: 1, misses: 3 }]);
    // Numbers from the live data lead to their recommendations. These hooks do nothing but record
    // spans: the time the library reports as its own (initTelemetry, the spans) is far more than
    // 5% of their hook spans.
    expect(report.recommendations.map((x) => [x.kind, x.subject]).sort()).toEqual([
      ['cache_hit_ratio', 'deps'],
      ['frequent_blocks', 'PreToolUse/bash-guard'],
      ['low_success', 'Stop/full-check'],
      ['monitoring_overhead', 'PreToolUse/bash-guard'],
      ['monitoring_overhead', 'Stop/full-check'],
    ]);
  });
});
