import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, tempDir } from './support/paths.js';
import { runToEnd, startCollectorProcess, type CollectorProcess } from './support/processes.js';
import { startPrometheus, type PrometheusServer } from './support/prometheus.js';
import { waitFor } from './support/ports.js';
import { attrs, durationSeconds, readSpool } from './support/spool.js';

const HOOK = join(REPO_ROOT, 'test', 'fixtures', 'instrumented-hook.mjs');

/** Hook runs get a clean environment: no inherited trace context, the test's spool. */
function hookEnv(spoolDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOOKSCOPE_SPOOL_DIR: spoolDir };
  delete env['TRACEPARENT'];
  delete env['OTEL_SDK_DISABLED'];
  delete env['HOOKSCOPE_DISABLED'];
  return env;
}

async function runHook(
  spoolDir: string,
  event: string,
  name: string,
  mode: string,
): Promise<number | null> {
  const r = await runToEnd(process.execPath, [HOOK, event, name, mode], { env: hookEnv(spoolDir) });
  if (r.stderr) throw new Error(`hook wrote to stderr: ${r.stderr}`);
  return r.code;
}

/** count and sum per (event, name, outcome), computed from the spool itself. */
function expectedFromSpool(spoolDir: string): Map<string, { count: number; sum: number }> {
  const out = new Map<string, { count: number; sum: number }>();
  for (const { span } of readSpool(spoolDir)) {
    const a = attrs(span.attributes);
    if (a['hookscope.kind'] !== 'hook') continue;
    const key = `${a['hookscope.hook.event']}/${a['hookscope.hook.name']}/${a['hookscope.hook.outcome']}`;
    const e = out.get(key) ?? { count: 0, sum: 0 };
    e.count++;
    e.sum += durationSeconds(span);
    out.set(key, e);
  }
  return out;
}

async function seriesFromPrometheus(prom: PrometheusServer, suffix: '_count' | '_sum') {
  const out = new Map<string, number>();
  for (const r of await prom.query(`hookscope_hook_duration_seconds${suffix}`)) {
    out.set(
      `${r.metric['hook_event']}/${r.metric['hook_name']}/${r.metric['outcome']}`,
      Number(r.value[1]),
    );
  }
  return out;
}

async function totalCount(prom: PrometheusServer): Promise<number> {
  return (await prom.scalar('sum(hookscope_hook_duration_seconds_count)')) ?? 0;
}

/** Waits until Prometheus has scraped `expected` hook executions and the spool is fully read. */
async function settle(prom: PrometheusServer, expected: number): Promise<void> {
  await waitFor(
    `${expected} hook executions in Prometheus`,
    async () => ((await totalCount(prom)) === expected ? true : undefined),
    45_000,
  );
  await waitFor('empty backlog', async () =>
    (await prom.scalar('hookscope_collector_spool_backlog_bytes')) === 0 ? true : undefined,
  );
}

describe('from a hook to Prometheus', () => {
  const tmp = tempDir();
  const spoolDir = join(tmp.dir, 'spool');
  const stateDir = join(tmp.dir, 'state');
  let collector: CollectorProcess;
  let prom: PrometheusServer;

  beforeAll(async () => {
    // --retain keeps consumed spool files so the test can compute the exact expected sums.
    collector = await startCollectorProcess([
      '--spool-dir',
      spoolDir,
      '--state-dir',
      stateDir,
      '--retain',
      '3600',
    ]);
    prom = await startPrometheus({ targets: [`127.0.0.1:${collector.port}`] });
  });

  afterAll(async () => {
    await prom?.stop();
    await collector?.stop();
    tmp.cleanup();
  });

  it('counts every hook execution exactly, by event, name and outcome, with host metrics', async () => {
    const plan: [string, string, string, number][] = [
      ['PreToolUse', 'lint', 'success', 6],
      ['PreToolUse', 'guard', 'blocked', 3],
      ['Stop', 'check', 'error', 2],
    ];
    for (const [event, name, mode, times] of plan) {
      for (let i = 0; i < times; i++) {
        const code = await runHook(spoolDir, event, name, mode);
        expect(code).toBe(mode === 'success' ? 0 : mode === 'blocked' ? 2 : 1);
      }
    }
    await settle(prom, 11);

    const counts = await seriesFromPrometheus(prom, '_count');
    expect(Object.fromEntries(counts)).toEqual({
      'PreToolUse/lint/success': 6,
      'PreToolUse/guard/blocked': 3,
      'Stop/check/error': 2,
    });
    const expected = expectedFromSpool(spoolDir);
    const sums = await seriesFromPrometheus(prom, '_sum');
    for (const [key, e] of expected) {
      expect(counts.get(key)).toBe(e.count);
      expect(sums.get(key)).toBeCloseTo(e.sum, 9);
    }
    // Each hook also wrote three child spans: 11 * 4 spans in all.
    expect(await prom.scalar('hookscope_collector_spans_ingested_total{source="spool"}')).toBe(44);
    expect(await prom.scalar('sum(hookscope_collector_spool_lines_rejected_total)')).toBe(0);
    // Host metrics come from the same /metrics.
    expect((await prom.query('system_cpu_time_seconds_total')).length).toBeGreaterThan(0);
    expect(
      await prom.scalar('system_memory_usage_bytes{system_memory_state="used"}'),
    ).toBeGreaterThan(0);
    expect(await prom.scalar('process_memory_usage_bytes')).toBeGreaterThan(0);
    expect(await prom.scalar('up{job="hookscope"}')).toBe(1);
  });

  it('neither loses nor double-counts when the collector is killed with SIGKILL mid-burst', async () => {
    const before = await totalCount(prom);
    const modes = ['success', 'success', 'blocked', 'error'];
    let done = 0;
    const burst = async (n: number) => {
      const workers = Array.from({ length: 3 }, async (_, w) => {
        for (let i = w; i < n; i += 3) {
          await runHook(spoolDir, 'PostToolUse', `burst${i % 2}`, modes[i % modes.length]!);
          done++;
        }
      });
      await Promise.all(workers);
    };
    const first = burst(40);
    // Kill once the collector has counted part of the burst, while hooks keep writing.
    await waitFor(
      'part of the burst counted',
      async () => {
        const text = await (await fetch(collector.metricsUrl)).text();
        const m = /^hookscope_collector_spans_ingested_total\{source="spool"\} (\d+)/m.exec(text);
        return m && Number(m[1]) > 44 + 8 ? true : undefined;
      },
      30_000,
      20,
    );
    collector.child.kill('SIGKILL');
    await collector.exited;
    expect(done).toBeLessThan(40);
    await first;
    // Hooks run while the collector is down: they spool, nothing is lost.
    await burst(12);

    collector = await startCollectorProcess([
      '--spool-dir',
      spoolDir,
      '--state-dir',
      stateDir,
      '--retain',
      '3600',
      '--port',
      String(collector.port),
    ]);
    await settle(prom, before + 52);

    const expected = expectedFromSpool(spoolDir);
    const counts = await seriesFromPrometheus(prom, '_count');
    const sums = await seriesFromPrometheus(prom, '_sum');
    expect(counts.size).toBe(expected.size);
    for (const [key, e] of expected) {
      expect(counts.get(key), key).toBe(e.count);
      expect(sums.get(key), key).toBeCloseTo(e.sum, 9);
    }
    // A few more scrapes: still exact (nothing re-read after the restart).
    await new Promise((r) => setTimeout(r, 2500));
    expect(await totalCount(prom)).toBe(before + 52);
  }, 150_000); // dozens of Node processes: slow on a loaded two-core machine
});
