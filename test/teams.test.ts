import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { JOBS, REMOTE_WRITE_AGENT_SERIES, vmalertFlags } from '@hookscope/mixin';
import { generateProject, type GeneratedProject } from './support/alerting.js';
import { startAlertmanager, type AlertmanagerServer } from './support/alertmanager.js';
import { startSlackSink, type SlackMessage, type Sink } from './support/notification-sinks.js';
import { HOOKSCOPE_BIN, tempDir } from './support/paths.js';
import { freePort, waitFor } from './support/ports.js';
import { runToEnd } from './support/processes.js';
import { havePrometheus, startPrometheus, type PrometheusServer } from './support/prometheus.js';
import { startMachine, type Machine } from './support/team.js';
import {
  exportSeries,
  haveVictoriaMetrics,
  promQuery,
  startVictoriaMetrics,
  startVm,
  type VmProcess,
} from './support/victoria.js';

/**
 * A team in one view, with the real engines on loopback: three machines (each its own spool,
 * state, collector and vmagent started with the flags `hookscope up` gives it) remote-write to a
 * central VictoriaMetrics, where vmalert evaluates the generated host-aware rules and notifies a
 * real Alertmanager; the agents also write to a Prometheus receiving remote write that evaluates
 * the same rules, to compare the two engines. The store is stopped for over two minutes while
 * hooks keep running on every machine; afterwards every sample is there once, and a hook that
 * turned slow on one machine during the outage alerts centrally once its samples arrive.
 */

const OUTAGE_MS = 125_000;
const SLOW_HOOK = 'slow-tests';
const MACHINES = [
  { host: 'laptop-a', team: 'payments', env: 'laptop' },
  { host: 'laptop-b', team: 'search', env: 'laptop' },
  { host: 'ci-runner-1', team: 'payments', env: 'ci' },
] as const;

/**
 * No waiting, so a slow hook is judged within seconds; a 5-minute window, so runs made while the
 * store is down are still inside it when the agents deliver them.
 */
const centralConfigYaml = (slackFile: string) => `
prometheus: { scrape_interval: 1s, evaluation_interval: 1s }
alerts: { window: 5m, min_executions: 1 }
hooks:
  latency_seconds: { warning: 1, critical: 2 }
  latency_for: { warning: 0s, critical: 0s }
alertmanager:
  group_by: [alertname, host]
  timing:
    critical: { group_wait: 1s, group_interval: 2s }
    warning: { group_wait: 1s, group_interval: 2s }
  receivers:
    - { type: slack, name: team, channel: '#hookscope-team', webhook_url_file: ${slackFile}, severities: [warning, critical, escalation] }
`;

const available = haveVictoriaMetrics() && havePrometheus();

describe.skipIf(!available)('a team: three machines, one central store', () => {
  const tmp = tempDir('hookscope-team-');
  let project: GeneratedProject;
  let store: VmProcess;
  let storePort: number;
  let vmalert: VmProcess;
  let receiver: PrometheusServer;
  let alertmanager: AlertmanagerServer;
  let slack: Sink<SlackMessage> & { url: string };
  const machines: Machine[] = [];
  const start = Date.now();

  const runHook = async (m: Machine, name: string, command: string[]) => {
    const r = await runToEnd(
      process.execPath,
      [HOOKSCOPE_BIN, 'exec', '--event', 'PreToolUse', '--name', name, '--', ...command],
      { env: { ...process.env, HOOKSCOPE_SPOOL_DIR: m.spool }, timeoutMs: 30_000 },
    );
    expect(r.code).toBe(0);
    m.runs++;
  };
  const lint = (m: Machine, n: number) =>
    Promise.all(Array.from({ length: n }, () => runHook(m, 'lint', ['true'])));

  /** Hook runs per host at the center, as PromQL sees them now. */
  const centralRuns = async (base: string) =>
    Object.fromEntries(
      (await promQuery(base, 'sum by (host) (hookscope_hook_duration_seconds_count)')).map((r) => [
        r.metric['host'],
        Number(r.value[1]),
      ]),
    );
  const expected = () => Object.fromEntries(machines.map((m) => [m.host, m.runs]));

  beforeAll(async () => {
    slack = await startSlackSink();
    project = await generateProject(centralConfigYaml('secrets/slack-webhook-url'), {
      'secrets/slack-webhook-url': slack.url,
    });
    storePort = await freePort();
    store = await startVictoriaMetrics(storePort, join(tmp.dir, 'store'));
    // Receives remote write and evaluates the same rules; its alerts are read, not sent.
    receiver = await startPrometheus({
      ruleFiles: [join(project.dir, 'central', 'rules', '*.yml')],
      args: ['--web.enable-remote-write-receiver'],
    });
    const amPort = await freePort();
    alertmanager = await startAlertmanager({
      cwd: project.dir,
      port: amPort,
      flags: [
        `--config.file=${join(project.dir, 'alertmanager', 'alertmanager.yml')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ],
    });
    vmalert = await startVm('vmalert', await freePort(), [
      ...vmalertFlags(project.config, {
        store: store.url,
        alertmanagers: [alertmanager.url],
        rules: join(project.dir, 'central', 'rules', '*.yml'),
      }),
      '-loggerLevel=WARN',
    ]);
    // Each agent also writes to a second store, never stopped: the same samples for the
    // comparison of rule engines.
    for (const id of MACHINES)
      machines.push(await startMachine(id, tmp.dir, store.url, { alsoTo: [receiver.url] }));
  }, 120_000);

  afterAll(async () => {
    for (const m of machines) await m.stop();
    await vmalert?.stop();
    await store?.stop();
    await receiver?.stop();
    await alertmanager?.stop();
    await slack?.stop();
    project?.cleanup();
    tmp.cleanup();
  }, 60_000);

  let storeBack = 0;

  it(
    'counts every hook run once per machine and in total, through a two-minute outage of the store',
    async () => {
      await Promise.all(machines.map((m, i) => lint(m, 3 + i)));
      // ci-runner-1's test hook has run before (fast): its counter exists at the center, so the
      // slow runs below are increases that rate() sees (a counter that first appears at 3 is not).
      const ci = machines.find((m) => m.host === 'ci-runner-1')!;
      await runHook(ci, SLOW_HOOK, ['true']);
      await waitFor(
        'the center to count every run',
        async () => {
          const got = await centralRuns(store.url);
          return JSON.stringify(got) === JSON.stringify(sortKeys(expected())) ? got : undefined;
        },
        60_000,
        1000,
      );

      // The store goes away; every machine keeps running hooks and its agent keeps buffering.
      await store.stop();
      const outageEnds = Date.now() + OUTAGE_MS;
      while (Date.now() < outageEnds) {
        await Promise.all(machines.map((m) => lint(m, 1)));
        await new Promise((r) => setTimeout(r, Math.min(15_000, outageEnds - Date.now())));
      }
      // The test hook turns slow on ci-runner-1 while the center is still down.
      await Promise.all([1, 2, 3].map(() => runHook(ci, SLOW_HOOK, ['sleep', '2.5'])));
      store = await startVictoriaMetrics(storePort, join(tmp.dir, 'store'));
      storeBack = Date.now();

      const want = sortKeys(expected());
      const got = await waitFor(
        'the agents to deliver their buffers',
        async () => {
          const now = await centralRuns(store.url);
          return JSON.stringify(now) === JSON.stringify(want) ? now : undefined;
        },
        120_000,
        1000,
      );
      expect(got).toEqual(want);
      const total = await promQuery(store.url, 'sum(hookscope_hook_duration_seconds_count)');
      expect(Number(total[0]!.value[1])).toBe(machines.reduce((n, m) => n + m.runs, 0));
      // The store that never went down agrees.
      expect(await centralRuns(receiver.url)).toEqual(want);

      // Nothing lost: every machine's scrapes are there, the outage included, at most a few
      // seconds apart (1 s scrapes); nothing doubled: no timestamp twice.
      for (const m of machines) {
        const [series] = await exportSeries(store.url, `up{job="hookscope", host="${m.host}"}`);
        const ts = series!.timestamps.filter((t) => t >= start);
        expect(ts.length).toBeGreaterThan((Date.now() - start) / 1000 / 2);
        const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
        expect(Math.max(...gaps), `${m.host}: longest gap between scrapes (ms)`).toBeLessThan(5000);
        expect(Math.min(...gaps), `${m.host}: a timestamp twice`).toBeGreaterThan(0);
        expect(series!.metric).toMatchObject({ host: m.host, team: expect.any(String) });
      }

      // Of each agent's own series, only its delivery figures reach the center (and `up`).
      const agentSeries = await promQuery(
        store.url,
        `count by (__name__, host) ({job="${JOBS.remoteWriteAgent}"})`,
      );
      const names = new Set(agentSeries.map((r) => r.metric['__name__']!));
      expect([...names].filter((n) => n !== 'up' && !n.startsWith('scrape_'))).toEqual(
        expect.arrayContaining([REMOTE_WRITE_AGENT_SERIES.pendingBytes]),
      );
      for (const n of names)
        expect(
          ['up', ...Object.values(REMOTE_WRITE_AGENT_SERIES)].includes(n) ||
            n.startsWith('scrape_'),
          n,
        ).toBe(true);
      expect(
        new Set(
          agentSeries
            .filter((r) => r.metric['__name__'] === REMOTE_WRITE_AGENT_SERIES.pendingBytes)
            .map((r) => r.metric['host']),
        ),
      ).toEqual(new Set(machines.map((m) => m.host)));
    },
    OUTAGE_MS + 240_000,
  );

  it('fires the slow runs made during the outage centrally once they arrive, naming the machine, under vmalert and Prometheus alike', async () => {
    const message = await slack
      .next(
        'the critical notification',
        (m) =>
          m.attachments.some((a) => /HookLatencyHigh/.test(a.title) && /critical/i.test(a.title)),
        120_000,
      )
      .catch(async (e: Error) => {
        // What each part saw, for the log of a failing run.
        const alerts = async (url: string) =>
          JSON.stringify(await (await fetch(`${url}/api/v1/alerts`)).json()).slice(0, 2000);
        const seen = async (base: string) =>
          JSON.stringify(
            await promQuery(
              base,
              `{__name__=~"hookscope_hook_duration_seconds_count|host_hook:hookscope_hook_duration_seconds:p95_rate5m", hook_name="${SLOW_HOOK}"}`,
            ).catch((err: Error) => err.message),
          );
        throw new Error(
          `${e.message}\nSlack got: ${slack.received.flatMap((m) => m.attachments.map((a) => a.title)).join(' | ')}` +
            `\nvmalert: ${await alerts(vmalert.url)}\nPrometheus: ${await alerts(receiver.url)}` +
            `\nat the center: ${await seen(store.url)}\nin Prometheus: ${await seen(receiver.url)}`,
        );
      });
    // vmalert could only judge the slow runs once the agents had delivered them.
    expect(message.at).toBeGreaterThan(storeBack);
    const text = message.attachments.map((a) => `${a.title}\n${a.text}`).join('\n');
    expect(text).toContain('Machine: `ci-runner-1` (team payments)');
    expect(text).toContain(`PreToolUse hook ${SLOW_HOOK}`);
    expect(text).not.toMatch(/laptop-a|laptop-b/);

    // The same alerts from both engines: the rules mean the same in MetricsQL and PromQL.
    const firing = async (url: string) =>
      (
        (await (await fetch(`${url}/api/v1/alerts`)).json()) as {
          data: { alerts: { labels: Record<string, string>; state: string }[] };
        }
      ).data.alerts
        .filter((a) => a.state === 'firing' && a.labels['alertname'] === 'HookLatencyHigh')
        .map((a) => `${a.labels['host']} ${a.labels['hook_name']} ${a.labels['severity']}`)
        .sort();
    const fromVmalert = await waitFor('vmalert firing', async () => {
      const f = await firing(vmalert.url);
      return f.length >= 2 ? f : undefined;
    });
    const fromPrometheus = await waitFor('Prometheus firing', async () => {
      const f = await firing(receiver.url);
      return f.length >= fromVmalert.length ? f : undefined;
    });
    expect(fromVmalert).toEqual([
      `ci-runner-1 ${SLOW_HOOK} critical`,
      `ci-runner-1 ${SLOW_HOOK} warning`,
    ]);
    expect(fromPrometheus).toEqual(fromVmalert);
  }, 150_000);
});

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
