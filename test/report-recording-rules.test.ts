import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@hookscope/report';
import { HOOKSCOPE_BIN, REPO_ROOT, tempDir } from './support/paths.js';
import { runToEnd } from './support/processes.js';
import { startPrometheus, type PrometheusServer } from './support/prometheus.js';
import { backfillRules, createBlocks } from './support/history.mjs';
import { PLANTED, plantedHistory } from './support/report-scenario.mjs';

/**
 * The report reads the generated recording rules where they cover its window: the history is
 * backfilled with prometheus/rules/hooks.yml, as if Prometheus had evaluated them all along.
 */
const END = Math.floor(Date.now() / 1000 / 7200) * 7200 - 7200;
const RULES_FROM = END - 25 * 3600;
const RECORDED_P95 = 'hook:hookscope_hook_duration_seconds:p95_rate1h';
const RETENTION = ['--storage.tsdb.retention.time=90d'];

const tmp = tempDir('hookscope-report-rules-');
let prom: PrometheusServer;

async function jsonReport(end: number): Promise<Report> {
  const r = await runToEnd(process.execPath, [
    ...[HOOKSCOPE_BIN, 'report', '--prometheus', prom.url],
    ...['--end', String(end), '--format', 'json'],
  ]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.toString()) as Report;
}

beforeAll(async () => {
  const data = join(tmp.dir, 'data');
  const rules = join(tmp.dir, 'rules');
  const om = join(tmp.dir, 'history.om');
  mkdirSync(data);
  await plantedHistory({ end: END, days: 9 }).writeOpenMetrics(om);
  await createBlocks(om, data);
  rmSync(om);
  const raw = await startPrometheus({ dataDir: data, args: RETENTION });
  try {
    await backfillRules({
      url: raw.url,
      ruleFiles: [join(REPO_ROOT, 'prometheus', 'rules', 'hooks.yml')],
      start: RULES_FROM,
      end: END,
      // Within Prometheus's 5-minute lookback, as real evaluation (every minute or less) is: at
      // 30m the coverage check at the window's edges hit or missed depending on the time of day.
      evalInterval: '5m',
      outputDir: rules,
    });
  } finally {
    await raw.stop();
  }
  for (const block of readdirSync(rules)) renameSync(join(rules, block), join(data, block));
  prom = await startPrometheus({ dataDir: data, args: RETENTION });
}, 120_000);

afterAll(async () => {
  await prom?.stop();
  tmp.cleanup();
});

describe('hookscope report with recording rules', () => {
  it('reads the recorded hook p95 for the trend', async () => {
    const r = await jsonReport(END);
    expect(r.recordingRules).toEqual([RECORDED_P95]);
    const hook = r.bottlenecks.hooks.find(
      (h) => h.name === `${PLANTED.regression.hook_event}/${PLANTED.regression.hook_name}`,
    )!;
    const points = hook.trend.points.filter((p) => p.p95 !== undefined);
    expect(points.length).toBeGreaterThanOrEqual(20);
    // The points are the recorded values (Prometheus evaluates a rule group at an offset of its
    // own within the interval, so on this five-minutely history they differ from the raw query).
    const sel = `hook_event="${PLANTED.regression.hook_event}",hook_name="${PLANTED.regression.hook_name}"`;
    for (const p of points) {
      const recorded = await prom.scalar(`${RECORDED_P95}{${sel}}`, p.t);
      expect(Math.abs(p.p95! / recorded! - 1), `at ${p.t}`).toBeLessThan(1e-5);
    }
    // Same findings as from raw metrics alone.
    expect(r.regressions.changes.map((c) => c.name)).toEqual([
      `${PLANTED.regression.hook_event}/${PLANTED.regression.hook_name}`,
    ]);
  });

  it('falls back to raw metrics where the recorded series do not cover the window', async () => {
    const r = await jsonReport(END - 12 * 3600); // the window starts before the rules' history
    expect(r.recordingRules).toEqual([]);
    const hook = r.bottlenecks.hooks.find(
      (h) => h.name === `${PLANTED.bottleneck.hook_event}/${PLANTED.bottleneck.hook_name}`,
    )!;
    expect(hook.trend.points.filter((p) => p.p95 !== undefined).length).toBeGreaterThanOrEqual(20);
  });
});
