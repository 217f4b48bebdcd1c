import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@hookscope/config';
import { expandQuery as expand, labelVariables, panelQueries } from '@hookscope/dashboards';
import { vmalertFlags } from '@hookscope/mixin';
import { startAlertmanager, type AlertmanagerServer } from './support/alertmanager.js';
import { committedDashboards, emptyPanels } from './support/dashboards.js';
import { HOOKSCOPE_BIN, REPO_ROOT, tempDir } from './support/paths.js';
import { freePort, waitFor } from './support/ports.js';
import { runToEnd, startProcess, type Running } from './support/processes.js';
import { havePrometheus, queryApi, type QueryApi } from './support/prometheus.js';
import { startMachine, type Machine } from './support/team.js';
import {
  haveVictoriaMetrics,
  startVictoriaMetrics,
  startVm,
  type VmProcess,
} from './support/victoria.js';

/**
 * The committed dashboards at a team's center: two machines running the demo workload
 * remote-write to a real VictoriaMetrics, where vmalert evaluates the generated central rules
 * (recordings written back, alerts sent to a real Alertmanager). Every panel query returns data,
 * and choosing a machine shows that machine alone, on panels over raw series and over
 * recordings alike.
 */

// Scrapes every second: Grafana's $__rate_interval would be max(interval + 1s, 4 x 1s).
const RATE_INTERVAL = '8s';
const MACHINES = [
  { host: 'dev-a', team: 'payments', env: 'laptop' },
  { host: 'dev-b', team: 'search', env: 'laptop' },
] as const;
/** A hook only the second machine runs. */
const ONLY_ON_B = 'only-on-b';
const dashboards = committedDashboards();
const config = loadConfig({ cwd: REPO_ROOT, env: {} }).config;

const available = haveVictoriaMetrics() && havePrometheus();

describe.skipIf(!available)('dashboards at a team’s central store', () => {
  const tmp = tempDir('hookscope-central-dash-');
  let store: VmProcess;
  let vmalert: VmProcess;
  let alertmanager: AlertmanagerServer;
  let center: QueryApi;
  const machines: Machine[] = [];
  const demos: Running[] = [];
  let onlyOnB: Promise<void> | undefined;
  let stopping = false;

  beforeAll(async () => {
    store = await startVictoriaMetrics(await freePort(), join(tmp.dir, 'store'));
    center = queryApi(store.url);
    // The committed central rules, with groups that evaluate every few minutes (the error
    // budget) evaluating every second.
    const rules = join(tmp.dir, 'rules');
    mkdirSync(rules);
    const centralRules = join(REPO_ROOT, 'central', 'rules');
    for (const f of readdirSync(centralRules)) {
      const text = readFileSync(join(centralRules, f), 'utf8');
      writeFileSync(join(rules, f), text.replace(/^(\s+interval:) .*$/gm, '$1 1s'), {
        flag: 'wx',
      });
    }
    const amPort = await freePort();
    const amConfig = join(tmp.dir, 'alertmanager.yml');
    writeFileSync(amConfig, 'route: { receiver: nobody }\nreceivers: [{ name: nobody }]\n');
    alertmanager = await startAlertmanager({
      port: amPort,
      flags: [
        `--config.file=${amConfig}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ],
    });
    vmalert = await startVm('vmalert', await freePort(), [
      ...vmalertFlags(config, {
        store: store.url,
        alertmanagers: [alertmanager.url],
        rules: join(rules, '*.yml'),
      }),
      '-evaluationInterval=1s',
      '-loggerLevel=WARN',
    ]);
    for (const [i, id] of MACHINES.entries()) {
      const m = await startMachine(id, tmp.dir, store.url);
      machines.push(m);
      demos.push(
        startProcess(process.execPath, [
          HOOKSCOPE_BIN,
          'demo',
          ...['--rate', '10', '--speed', '20', '--seed', String(7 + i)],
          ...['--spool-dir', m.spool, '--otlp-endpoint', m.collector.otlpUrl!],
        ]),
      );
    }
    // The second machine runs its own hook every two seconds, as long as the tests run.
    const b = machines[1]!;
    onlyOnB = (async () => {
      while (!stopping) {
        const r = await runToEnd(
          process.execPath,
          [HOOKSCOPE_BIN, 'exec', '--event', 'PreToolUse', '--name', ONLY_ON_B, '--', 'true'],
          { env: { ...process.env, HOOKSCOPE_SPOOL_DIR: b.spool }, timeoutMs: 30_000 },
        );
        if (r.code !== 0) throw new Error(`${ONLY_ON_B} exited with ${r.code}: ${r.stderr}`);
        await new Promise((res) => setTimeout(res, 2000));
      }
    })();
    const hosts = async (expr: string) =>
      new Set((await center.query(expr)).map((r) => r.metric['host'])).size;
    await waitFor(
      'both machines’ demo workload and the central rules’ results in the store',
      async () =>
        (await hosts(`count_over_time(up{job="hookscope"}[${RATE_INTERVAL}]) >= 8`)) === 2 &&
        (await hosts('hookscope_test_selection_missed_failures_total')) === 2 &&
        (await hosts('claude_code_cost_usage_usd_total')) === 2 &&
        (await hosts('ALERTS')) === 2 &&
        (await hosts('host_hook:hookscope_slo_error_budget_remaining:ratio')) === 2 &&
        (
          await center.query(
            `host_hook:hookscope_slo_error_budget_remaining:ratio{hook_name="${ONLY_ON_B}"}`,
          )
        ).length > 0
          ? true
          : undefined,
      150_000,
      2000,
    );
  }, 200_000);

  afterAll(async () => {
    stopping = true;
    await onlyOnB;
    for (const d of demos) await d.stop('SIGINT');
    for (const m of machines) await m.stop();
    await vmalert?.stop();
    await alertmanager?.stop();
    await store?.stop();
    tmp.cleanup();
  }, 60_000);

  it('lists every team and machine, the machines narrowed by the chosen team', async () => {
    for (const { dashboard } of dashboards) {
      const vars = labelVariables(dashboard);
      const list = async (name: string, values: Record<string, string>) => {
        const v = vars.find((x) => x.name === name)!;
        const found = await center.query(
          `group by (${v.label}) (${expand(v.selector, values, RATE_INTERVAL)})`,
        );
        return found.map((f) => f.metric[v.label]).sort();
      };
      expect(await list('team', {}), dashboard.title).toEqual(['payments', 'search']);
      expect(await list('host', { team: '.*' }), dashboard.title).toEqual(['dev-a', 'dev-b']);
      expect(await list('host', { team: 'payments' }), dashboard.title).toEqual(['dev-a']);
    }
  });

  it('every panel query returns data, with "All" and with a specific value of each variable', async () => {
    let failures = await emptyPanels(center, dashboards, RATE_INTERVAL);
    for (const deadline = Date.now() + 45_000; failures.length && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 3000));
      failures = await emptyPanels(center, dashboards, RATE_INTERVAL);
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('shows the chosen machine alone, on raw series and on recordings', async () => {
    const tables = panelQueries(dashboards).filter((q) =>
      ['Slowest hooks (p95)', 'Error budget left by hook'].includes(q.panel),
    );
    expect(tables).toHaveLength(2);
    for (const q of tables) {
      const hooks = async (host: string) => {
        const values = { team: '.*', host };
        const rows = await center.query(expand(q.expr, values, RATE_INTERVAL));
        return new Set(rows.map((r) => r.metric['hook_name']));
      };
      await waitFor(
        `${q.panel}: ${ONLY_ON_B} on dev-b only`,
        async () => {
          const [a, b, all] = await Promise.all([hooks('dev-a'), hooks('dev-b'), hooks('.*')]);
          return a.size > 0 && !a.has(ONLY_ON_B) && b.has(ONLY_ON_B) && all.has(ONLY_ON_B)
            ? true
            : undefined;
        },
        60_000,
        2000,
      );
    }
    // With every machine chosen, each row is one machine's budget (the per-machine recording),
    // not the team-wide one, which names no machine.
    const budget = panelQueries(dashboards).find((q) => q.panel === 'Error budget left by hook')!;
    const rows = await center.query(expand(budget.expr, { team: '.*', host: '.*' }, RATE_INTERVAL));
    expect(new Set(rows.map((r) => r.metric['host']))).toEqual(new Set(['dev-a', 'dev-b']));
  }, 120_000);
});
