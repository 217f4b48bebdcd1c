import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfig, parseConfig } from '@hookscope/config';
import {
  alertmanagerFlags,
  escalated,
  isAlert,
  isEscalation,
  renderAlertmanagerConfig,
  renderPrometheusConfig,
  ruleFiles,
  tierReceivers,
  type AlertingRule,
} from '@hookscope/mixin';

interface Route {
  receiver: string;
  matchers?: string[];
  mute_time_intervals?: string[];
  continue?: boolean;
  routes?: Route[];
}
interface AlertmanagerYml {
  route: Route;
  inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
  receivers: Record<string, unknown>[];
  time_intervals?: { name: string; time_intervals: Record<string, unknown>[] }[];
}
const amYml = (yaml: string) =>
  parse(renderAlertmanagerConfig(parseConfig(yaml)).content) as AlertmanagerYml;

describe('escalation copies of critical alerts', () => {
  const rules = ruleFiles(defaultConfig()).flatMap((f) => f.groups.flatMap((g) => g.rules));
  const alerts = rules.filter(isAlert);

  it('follow every critical alert, and no warning', () => {
    const critical = alerts.filter((a) => a.labels.severity === 'critical' && !isEscalation(a));
    const copies = alerts.filter(isEscalation);
    expect(critical.length).toBeGreaterThan(5);
    expect(copies).toHaveLength(critical.length);
    for (const c of copies) expect(c.labels.severity).toBe('critical');
    // Each right after the rule it copies.
    for (const c of copies) {
      const before = rules[rules.indexOf(c) - 1] as AlertingRule;
      expect(before.alert).toBe(c.alert);
      expect(before.expr).toBe(c.expr);
      expect(before.annotations).toEqual(c.annotations);
    }
  });

  it('wait alerts.escalate_after longer than the alert they copy', () => {
    const config = parseConfig('alerts: { escalate_after: 45m }');
    const base: AlertingRule = {
      alert: 'X',
      expr: 'up == 0',
      for: '2m',
      labels: { severity: 'critical' },
      annotations: { summary: 's', description: 'd', runbook_url: 'u' },
    };
    expect(escalated(config, base)).toEqual({
      ...base,
      for: '47m',
      labels: { severity: 'critical', escalation: 'true' },
    });
    const { for: _none, ...noFor } = base;
    expect(escalated(config, noFor).for).toBe('45m');
  });
});

describe('the route tree', () => {
  it('sends escalations to the critical receivers when no receiver lists escalation', () => {
    const yaml = `alertmanager:
  receivers:
    - { type: webhook, name: ops, severities: [critical], url: "http://127.0.0.1:9/x" }
    - { type: webhook, name: chat, severities: [warning, critical], url: "http://127.0.0.1:9/y" }`;
    const config = parseConfig(yaml);
    expect(tierReceivers(config, 'escalation')).toEqual(['ops', 'chat']);
    expect(tierReceivers(config, 'warning')).toEqual(['chat']);
    const [escalation, critical, warning] = amYml(yaml).route.routes!;
    expect(escalation!.routes!.map((r) => r.receiver)).toEqual(['ops', 'chat']);
    expect(critical!.routes!.map((r) => r.receiver)).toEqual(['ops', 'chat']);
    expect(warning!.receiver).toBe('chat');
    expect(warning!.routes).toBeUndefined();
  });

  it('routes a tier nobody listens to to the receiver that sends nothing', () => {
    const yml = amYml(`alertmanager:
  receivers: [{ type: webhook, name: ops, severities: [critical], url: "http://127.0.0.1:9/x" }]`);
    expect(yml.route.routes!.map((r) => r.receiver)).toEqual(['ops', 'ops', 'nobody']);
    expect(yml.receivers).toContainEqual({ name: 'nobody' });
  });

  it('mutes warnings in quiet hours on each of their routes (time intervals are not inherited)', () => {
    const warning = amYml('').route.routes![2]!;
    expect(warning.mute_time_intervals).toEqual(['quiet-hours']);
    const many = amYml(`alertmanager:
  receivers:
    - { type: webhook, name: a, severities: [warning], url: "http://127.0.0.1:9/a" }
    - { type: webhook, name: b, severities: [warning], url: "http://127.0.0.1:9/b" }`).route
      .routes![2]!;
    expect(many.routes!.map((r) => r.mute_time_intervals)).toEqual([
      ['quiet-hours'],
      ['quiet-hours'],
    ]);
    const none = amYml('alertmanager: { quiet_hours: { intervals: [] } }');
    expect(none.route.routes![2]!.mute_time_intervals).toBeUndefined();
    expect(none.time_intervals).toBeUndefined();
  });
});

describe('quiet hours', () => {
  const intervals = (q: string) =>
    amYml(`alertmanager: { quiet_hours: ${q} }`).time_intervals![0]!.time_intervals;

  it('split times past midnight and weekday ranges past saturday, as Alertmanager needs', () => {
    expect(
      intervals(
        '{ location: Europe/Berlin, intervals: [{ weekdays: [friday:monday, wednesday], start: "22:30", end: "06:00" }] }',
      ),
    ).toEqual([
      {
        weekdays: ['friday:saturday', 'sunday:monday', 'wednesday'],
        times: [
          { start_time: '22:30', end_time: '24:00' },
          { start_time: '00:00', end_time: '06:00' },
        ],
        location: 'Europe/Berlin',
      },
    ]);
    expect(
      intervals(
        '{ intervals: [{ start: "12:00", end: "00:00" }, { weekdays: [saturday:sunday] }] }',
      ),
    ).toEqual([
      { times: [{ start_time: '12:00', end_time: '24:00' }], location: 'Local' },
      { weekdays: ['saturday:saturday', 'sunday'], location: 'Local' },
    ]);
  });
});

describe('inhibition', () => {
  const [rule] = amYml('').inhibit_rules;

  it('lets a critical alert silence the warning of the same alert for the same thing', () => {
    expect(rule!.source_matchers).toEqual(['severity="critical"']);
    expect(rule!.target_matchers).toEqual(['severity="warning"']);
    expect(rule!.equal).toEqual(expect.arrayContaining(['alertname', 'hook_event', 'hook_name']));
    expect(rule!.equal).toEqual(expect.arrayContaining(['instance', 'job', 'process_type']));
  });

  it('leaves out labels that differ by severity: an SLO page must silence its ticket', () => {
    for (const label of ['severity', 'escalation', 'tier'])
      expect(rule!.equal).not.toContain(label);
  });
});

describe('a cluster of Alertmanagers', () => {
  const config = parseConfig(`alertmanager:
  address: 127.0.0.1:9093
  cluster_address: 127.0.0.1:9094
  peers: [{ address: 127.0.0.1:9095, cluster_address: 127.0.0.1:9096 }]`);

  it('gossip with each other, each listing the others as --cluster.peer', () => {
    expect(alertmanagerFlags(config, 0)).toEqual([
      '--config.file=alertmanager/alertmanager.yml',
      '--web.listen-address=127.0.0.1:9093',
      '--cluster.listen-address=127.0.0.1:9094',
      '--cluster.peer=127.0.0.1:9096',
    ]);
    expect(alertmanagerFlags(config, 1)).toEqual([
      '--config.file=alertmanager/alertmanager.yml',
      '--web.listen-address=127.0.0.1:9095',
      '--cluster.listen-address=127.0.0.1:9096',
      '--cluster.peer=127.0.0.1:9094',
    ]);
    expect(() => alertmanagerFlags(config, 2)).toThrow(/no Alertmanager 2/);
    expect(alertmanagerFlags(defaultConfig())).toContain('--cluster.listen-address=');
  });

  it('all get every alert from Prometheus, and are all scraped', () => {
    const prom = parse(renderPrometheusConfig(config).content) as {
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const both = ['127.0.0.1:9093', '127.0.0.1:9095'];
    expect(prom.alerting.alertmanagers[0]!.static_configs[0]!.targets).toEqual(both);
    const job = prom.scrape_configs.find((j) => j.job_name === 'alertmanager');
    expect(job!.static_configs[0]!.targets).toEqual(both);
  });

  it('are started by commands in the header of alertmanager.yml', () => {
    const header = renderAlertmanagerConfig(config).content.split('\n').slice(0, 4).join('\n');
    expect(header).toContain(`prometheus-alertmanager ${alertmanagerFlags(config, 0).join(' ')}`);
    expect(header).toContain(`prometheus-alertmanager ${alertmanagerFlags(config, 1).join(' ')}`);
  });
});
