import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ATTR_CACHE_NAME,
  ATTR_CACHE_RESULT,
  ATTR_HOOKSCOPE_KIND,
  ATTR_UNTIMED,
  KIND_CACHE_LOOKUP,
  prometheusSeriesNames,
} from '@hookscope/catalog';
import { readConfigFile } from '@hookscope/config';
import {
  isAlert,
  metricNamesIn,
  prometheusFlags,
  ruleFiles,
  type RuleFile,
} from '@hookscope/mixin';
import { HOOKSCOPE_BIN, HOOKSCOPE_LAUNCHER, REPO_ROOT } from './support/paths.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';
import { runToEnd, type CollectorProcess } from './support/processes.js';
import type { PrometheusOptions, PrometheusServer } from './support/prometheus.js';
import { freePort, waitFor } from './support/ports.js';
import { deadPid, spanRequest, spoolFile } from './support/otlp.js';

const HOOK = join(REPO_ROOT, 'test', 'fixtures', 'instrumented-hook.mjs');
/** Records every kind of work inside a hook: agents, validators, tests, caches, conversations. */
const WORK_HOOK = join(REPO_ROOT, 'test', 'fixtures', 'hook-work-api-hook.mjs');

interface RulesApi {
  data: {
    groups: {
      name: string;
      rules: {
        name: string;
        type: 'recording' | 'alerting';
        health: string;
        lastError?: string;
        labels?: Record<string, string>;
      }[];
    }[];
  };
}

/**
 * The generated prometheus.yml and rules, run by a real Prometheus against a real collector fed by
 * instrumented hook processes: every metric a rule names is emitted, every rule evaluates, and the
 * recorded values are what the hooks did.
 */
describe('generated rules on a real collector and Prometheus', () => {
  let pipeline: Pipeline;
  let prom: PrometheusServer;
  let files: RuleFile[];

  const run = async (cmd: string, args: string[]) => {
    const r = await runToEnd(cmd, args, { env: pipeline.env });
    if (r.code !== 0 && r.code !== 1 && r.code !== 2)
      throw new Error(`${cmd} ${args[0]} exited ${r.code}: ${r.stderr}`);
    if (r.stderr) throw new Error(`hook wrote to stderr: ${r.stderr}`);
  };
  const runHook = (event: string, name: string, mode: string) =>
    run(process.execPath, [HOOK, event, name, mode, '0']);
  /**
   * A spool file written whole, then renamed in: its writer (a dead pid) counts as finished, so a
   * line the collector found half-written would be rejected as truncated.
   */
  const spool = (name: string, text: string) => {
    const staged = join(pipeline.dir, name);
    writeFileSync(staged, text);
    renameSync(staged, spoolFile(pipeline.spoolDir, deadPid()));
  };
  const count = async (expr: string) => (await prom.scalar(`sum(${expr})`)) ?? 0;

  /** Generates prometheus.yml and the rules for this collector, and runs Prometheus with them. */
  async function generatedPrometheus(
    collector: CollectorProcess,
    dir: string,
  ): Promise<PrometheusOptions> {
    const promPort = await freePort();
    const configPath = join(dir, 'hookscope.config.yaml');
    writeFileSync(
      configPath,
      [
        `collector: { address: "127.0.0.1:${collector.port}" }`,
        // 2s: the scrape timeout is the interval, and a busy machine renders /metrics slowly.
        `prometheus: { address: "127.0.0.1:${promPort}", scrape_interval: 2s, evaluation_interval: 1s }`,
        // Nothing listens there: alerts go nowhere instead of to a real local Alertmanager.
        `alertmanager: { address: "127.0.0.1:${await freePort()}" }`,
      ].join('\n'),
    );
    const gen = await runToEnd(process.execPath, [
      HOOKSCOPE_BIN,
      'generate',
      ...['--config', configPath, '--out', dir],
    ]);
    if (gen.code !== 0) throw new Error(`hookscope generate failed: ${gen.stderr}`);
    const config = readConfigFile(configPath);
    files = ruleFiles(config);
    return {
      configFile: join(dir, 'prometheus', 'prometheus.yml'),
      port: promPort,
      args: prometheusFlags(config).filter((f) => !f.startsWith('--web.listen-address')),
    };
  }

  beforeAll(async () => {
    pipeline = await startPipeline({ prometheus: generatedPrometheus });
    prom = pipeline.prom;

    // Rates miss the first increment of a new series, so every (hook, outcome) runs once first.
    await runHook('PreToolUse', 'lint', 'success');
    await runHook('PreToolUse', 'lint', 'error');
    await runHook('Stop', 'guard', 'blocked');
    await waitFor(
      'first runs scraped',
      async () => ((await count('hookscope_hook_duration_seconds_count')) === 3 ? true : undefined),
      30_000,
    );
    for (const mode of ['success', 'success', 'success', 'error'])
      await runHook('PreToolUse', 'lint', mode);
    for (let i = 0; i < 2; i++) await runHook('Stop', 'guard', 'blocked');
    await run(process.execPath, [WORK_HOOK]);
    // A hook wrapped by hookscope exec: CPU, peak memory (sampled while it runs, so it runs a
    // moment) and hookscope's own overhead.
    const exec = ['exec', '--event', 'PreToolUse', '--name', 'wrapped'];
    await run(HOOKSCOPE_LAUNCHER, [...exec, '--', 'sleep', '0.5']);
    spool('bad.jsonl', 'this is not json\n');
    await waitFor(
      'every run scraped',
      async () =>
        (await count('hookscope_hook_duration_seconds_count')) === 11 &&
        (await count('hookscope_hook_overhead_seconds_total')) > 0 &&
        (await count('hookscope_collector_spool_lines_rejected_total')) === 1
          ? true
          : undefined,
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('scrapes the collector and Prometheus itself, as prometheus.yml says', async () => {
    const up = await prom.query('up');
    const jobs = Object.fromEntries(up.map((r) => [r.metric['job'], Number(r.value[1])]));
    expect(jobs).toEqual({ hookscope: 1, prometheus: 1, alertmanager: 0 });
  });

  it('loads every rule group and evaluates every rule without error', async () => {
    const groups = await waitFor('every fast rule evaluated', async () => {
      const body = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as RulesApi;
      const fast = body.data.groups.filter((g) => g.name !== 'hookscope-slo-budget');
      return fast.every((g) => g.rules.every((r) => r.health === 'ok'))
        ? body.data.groups
        : undefined;
    });
    expect(groups.map((g) => g.name).sort()).toEqual(
      files.flatMap((f) => f.groups.map((g) => g.name)).sort(),
    );
    const errors = groups.flatMap((g) =>
      g.rules.filter((r) => r.health === 'err').map((r) => `${r.name}: ${r.lastError}`),
    );
    expect(errors).toEqual([]);
    const ruleCount = files.reduce(
      (n, f) => n + f.groups.reduce((m, g) => m + g.rules.length, 0),
      0,
    );
    expect(groups.reduce((n, g) => n + g.rules.length, 0)).toBe(ruleCount);
  });

  it('records a series for every recording rule evaluated so far', async () => {
    const records = new Set(
      files.flatMap((f) =>
        f.groups
          .filter((g) => !g.interval)
          .flatMap((g) =>
            g.rules.filter((r) => !isAlert(r)).map((r) => (r as { record: string }).record),
          ),
      ),
    );
    const missing = async () => {
      const out: string[] = [];
      for (const record of records)
        if (((await prom.scalar(`count(${record})`)) ?? 0) === 0) out.push(record);
      return out;
    };
    let empty = await missing();
    for (
      const deadline = Date.now() + 30_000;
      empty.length && Date.now() < deadline;
      empty = await missing()
    ) {
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(empty).toEqual([]);
  });

  it('records what the hooks did: blocked is not a failure, lint runs failed', async () => {
    const value = (expr: string) => waitFor(expr, () => prom.scalar(expr));
    // Rates settle over a few evaluations on a busy machine: wait until the value is in range.
    const within = (expr: string, lo: number, hi: number) =>
      waitFor(`${expr} strictly between ${lo} and ${hi}`, async () => {
        const v = await prom.scalar(expr);
        return v !== undefined && v > lo && v < hi ? v : undefined;
      });
    expect(await value('hook:hookscope_hook_success:ratio_rate5m{hook_name="guard"}')).toBe(1);
    // Exact values are the promtool tests' job: rate() extrapolates each young series a little
    // differently, so here the ratio is only known to lie strictly between 0 and 1.
    await within('hook:hookscope_hook_success:ratio_rate5m{hook_name="lint"}', 0, 1);
    await within(
      'hook:hookscope_slo_errors:ratio_rate5m{slo="hook-success", hook_name="lint"}',
      0,
      1,
    );
    // Every run took well under the 30 s budget: le="30" matched the exporter's bucket label.
    expect(
      await value('hook:hookscope_slo_errors:ratio_rate5m{slo="hook-latency", hook_name="lint"}'),
    ).toBe(0);
    const outcomes = await prom.query(
      'hook_outcome:hookscope_hook_duration_seconds_count:rate5m{hook_name=~"lint|guard"}',
    );
    expect(outcomes.map((r) => `${r.metric['hook_name']}/${r.metric['outcome']}`).sort()).toEqual([
      'guard/blocked',
      'lint/error',
      'lint/success',
    ]);
    await within(
      'sum(instance:hookscope_collector_spool_lines_rejected:rate5m{reason="invalid_json"})',
      0,
      Infinity,
    );
  });

  // Last: the flood adds 2000 series to every later scrape and rule evaluation.
  it('finds every catalog metric a rule names among the series the collector emitted', async () => {
    // More cache names than a metric may have label sets: the overflow counter appears. (A
    // counter, untimed: one line per name in /metrics, not a histogram's twenty.)
    const flood = Array.from({ length: 2001 }, (_, i) => ({
      name: 'lookup',
      seconds: 0,
      attributes: {
        [ATTR_HOOKSCOPE_KIND]: KIND_CACHE_LOOKUP,
        [ATTR_CACHE_NAME]: `cache-${i}`,
        [ATTR_CACHE_RESULT]: 'miss',
        [ATTR_UNTIMED]: true,
      },
    }));
    // And a lookup that claims to have taken a month: out of bounds, rejected and counted.
    const implausible = {
      name: 'lookup',
      seconds: 30 * 86_400,
      attributes: {
        [ATTR_HOOKSCOPE_KIND]: KIND_CACHE_LOOKUP,
        [ATTR_CACHE_NAME]: 'cache-0',
        [ATTR_CACHE_RESULT]: 'miss',
      },
    };
    spool('flood.jsonl', spanRequest([...flood, implausible]) + '\n');
    await waitFor(
      'overflow and rejection scraped',
      async () =>
        (await count('hookscope_collector_label_overflow_total')) > 0 &&
        (await count('hookscope_collector_values_rejected_total')) > 0
          ? true
          : undefined,
      60_000,
    );
    const catalog = prometheusSeriesNames();
    const named = [
      ...new Set(
        files.flatMap((f) =>
          f.groups.flatMap((g) => g.rules.flatMap((r) => metricNamesIn(r.expr))),
        ),
      ),
    ].filter((n) => catalog.has(n));
    expect(named.length).toBeGreaterThan(5);
    const missing: string[] = [];
    // Over the last minutes, not only the last scrape: a scrape slowed by a busy machine must not
    // make series look absent.
    for (const name of named)
      if (((await prom.scalar(`count(last_over_time(${name}[10m]))`)) ?? 0) === 0)
        missing.push(name);
    expect(missing).toEqual([]);
  });
});
