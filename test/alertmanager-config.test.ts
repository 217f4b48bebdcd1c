import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { durationSeconds, formatDuration, loadConfig } from '@hookscope/config';
import {
  ALERTMANAGER_CONFIG_PATH,
  alertmanagerFlags,
  isAlert,
  isEscalation,
  ruleFiles,
  TEMPLATES_DIR,
} from '@hookscope/mixin';
import { HOOKSCOPE_BIN, REPO_ROOT, tempDir } from './support/paths.js';
import { runToEnd } from './support/processes.js';
import { generateProject, type GeneratedProject } from './support/alerting.js';
import { alertmanagerPorts, startAlertmanager } from './support/alertmanager.js';
import { startSlackSink, type SlackMessage } from './support/notification-sinks.js';

const COMMITTED = join(REPO_ROOT, ALERTMANAGER_CONFIG_PATH);
const amtool = (args: string[]) => runToEnd('amtool', args, { timeoutMs: 30_000 });

/**
 * Where each kind of alert goes with the shipped config, as `amtool config routes test` resolves
 * it against the committed alertmanager.yml. Receivers are listed in routing order; any change to
 * the route tree that moves an alert fails its row.
 */
const ROUTES: { what: string; labels: string[]; receivers: string[] }[] = [
  {
    what: 'a warning goes to the Slack warnings channel',
    labels: ['alertname=HookLatencyHigh', 'severity=warning', 'hook_event=Stop', 'hook_name=x'],
    receivers: ['slack-warnings'],
  },
  {
    what: 'a critical alert pages Slack and email',
    labels: ['alertname=HookLatencyHigh', 'severity=critical', 'hook_event=Stop', 'hook_name=x'],
    receivers: ['slack-critical', 'email-critical'],
  },
  {
    what: 'an escalation goes to the paging channel and the escalation email',
    labels: ['alertname=HookLatencyHigh', 'severity=critical', 'escalation=true'],
    receivers: ['slack-critical', 'email-escalation'],
  },
  {
    what: 'a collector alert at critical pages like any critical alert',
    labels: ['alertname=HookscopeCollectorDown', 'severity=critical', 'instance=a:9464'],
    receivers: ['slack-critical', 'email-critical'],
  },
  {
    what: 'an SLO ticket (warning tier) is a warning',
    labels: ['alertname=HookSuccessErrorBudgetBurn', 'severity=warning', 'tier=ticket'],
    receivers: ['slack-warnings'],
  },
  {
    what: 'an SLO page (critical tier) pages',
    labels: ['alertname=HookSuccessErrorBudgetBurn', 'severity=critical', 'tier=page'],
    receivers: ['slack-critical', 'email-critical'],
  },
  {
    what: 'a severity of your own rules (info) is treated as a warning',
    labels: ['alertname=MyAlert', 'severity=info'],
    receivers: ['slack-warnings'],
  },
  {
    what: 'an alert without severity is treated as a warning',
    labels: ['alertname=MyAlert'],
    receivers: ['slack-warnings'],
  },
];

describe('the committed alertmanager/alertmanager.yml', () => {
  it('passes amtool check-config, with its templates', async () => {
    const r = await amtool(['check-config', COMMITTED]);
    const out = r.stdout.toString() + r.stderr;
    expect(out, out).toContain('SUCCESS');
    expect(out).toContain(' - 1 inhibit rules');
    expect(out).toContain(' - 1 templates');
    expect(r.code).toBe(0);
  });

  it.each(ROUTES.map((r) => [r.what, r] as const))('routes: %s', async (_what, row) => {
    const r = await amtool([
      'config',
      'routes',
      'test',
      `--config.file=${COMMITTED}`,
      `--verify.receivers=${row.receivers.join(',')}`,
      ...row.labels,
    ]);
    expect(r.stdout.toString().trim(), r.stderr).toBe(row.receivers.join(','));
    expect(r.code).toBe(0);
  });

  it('has the route tree the table above was written for (a new route needs a new row)', async () => {
    const r = await amtool(['config', 'routes', 'show', `--config.file=${COMMITTED}`]);
    // amtool draws the tree with no-break spaces.
    expect(
      r.stdout
        .toString()
        .replace(/\u00a0/g, ' ')
        .trim(),
    ).toBe(
      [
        'Routing tree:',
        '.',
        '└── default-route  receiver: nobody',
        '    ├── {escalation="true"}  receiver: slack-critical',
        '    │   ├── default-route  continue: true  receiver: slack-critical',
        '    │   └── default-route  continue: true  receiver: email-escalation',
        '    ├── {severity="critical"}  receiver: slack-critical',
        '    │   ├── default-route  continue: true  receiver: slack-critical',
        '    │   └── default-route  continue: true  receiver: email-critical',
        '    └── default-route  receiver: slack-warnings',
      ].join('\n'),
    );
  });

  it('times each tier as the shipped config says, and mutes only warnings in quiet hours', () => {
    const doc = parse(readFileSync(COMMITTED, 'utf8')) as {
      route: { routes: Record<string, unknown>[] };
    };
    const [escalation, critical, warning] = doc.route.routes as Record<string, unknown>[];
    const timing = (r: Record<string, unknown> | undefined) => ({
      group_wait: r?.['group_wait'],
      group_interval: r?.['group_interval'],
      repeat_interval: r?.['repeat_interval'],
    });
    expect(timing(escalation)).toEqual({
      group_wait: '10s',
      group_interval: '1m',
      repeat_interval: '1h',
    });
    expect(timing(critical)).toEqual({
      group_wait: '10s',
      group_interval: '20s',
      repeat_interval: '1h',
    });
    expect(timing(warning)).toEqual({
      group_wait: '1m',
      group_interval: '5m',
      repeat_interval: '4h',
    });
    expect(escalation?.['mute_time_intervals']).toBeUndefined();
    expect(critical?.['mute_time_intervals']).toBeUndefined();
    expect(warning?.['mute_time_intervals']).toEqual(['quiet-hours']);
  });

  it('holds no secret: Slack URLs and SMTP passwords are files under the git-ignored secrets/', () => {
    const text = readFileSync(COMMITTED, 'utf8');
    expect(text).not.toMatch(/\bapi_url:|auth_password:|hooks\.slack\.com/);
    expect(text).toContain('api_url_file: secrets/slack-webhook-url');
    execFileSync('git', ['check-ignore', '-q', 'secrets/slack-webhook-url'], { cwd: REPO_ROOT });
    expect(execFileSync('git', ['ls-files', 'secrets'], { cwd: REPO_ROOT, encoding: 'utf8' })).toBe(
      '',
    );
  });

  it('is generated with a note for each secret file that does not exist yet', async () => {
    const tmp = tempDir();
    try {
      const config = join(tmp.dir, 'hookscope.config.yaml');
      writeFileSync(config, '');
      mkdirSync(join(tmp.dir, 'secrets'));
      writeFileSync(join(tmp.dir, 'secrets', 'slack-webhook-url'), 'https://example.com/x');
      const r = await runToEnd(process.execPath, [HOOKSCOPE_BIN, 'generate', '--config', config]);
      expect(r.code, r.stderr).toBe(0);
      // The shipped receivers name one secret file; with it in place there is nothing to say.
      expect(r.stdout.toString()).not.toContain('note:');
      rmSync(join(tmp.dir, 'secrets', 'slack-webhook-url'));
      const again = await runToEnd(process.execPath, [
        HOOKSCOPE_BIN,
        'generate',
        '--config',
        config,
      ]);
      expect(again.code).toBe(0);
      expect(again.stdout.toString()).toContain(
        'note: secrets/slack-webhook-url (webhook_url_file of receiver slack-warnings) does not exist: Alertmanager cannot notify slack-warnings until it does',
      );
    } finally {
      tmp.cleanup();
    }
  });

  it('says in its header how to start Alertmanager', () => {
    const { config } = loadConfig({ cwd: REPO_ROOT, env: {} });
    const text = readFileSync(COMMITTED, 'utf8');
    expect(text).toContain(`prometheus-alertmanager ${alertmanagerFlags(config).join(' ')}`);
  });
});

/** A sample of what Alertmanager hands the templates (template.Data). */
function sampleData(over: { status?: string; escalated?: boolean; instance?: boolean } = {}) {
  const labels: Record<string, string> = over.instance
    ? {
        alertname: 'HookscopeCollectorDown',
        severity: 'critical',
        job: 'hookscope',
        instance: 'ci-7:9464',
      }
    : {
        alertname: 'HookLatencyHigh',
        severity: 'critical',
        hook_event: 'PreToolUse',
        hook_name: 'type check',
        ...(over.escalated ? { escalation: 'true' } : {}),
      };
  const status = over.status ?? 'firing';
  return {
    receiver: 'slack-critical',
    status,
    alerts: [
      {
        status,
        labels,
        annotations: {
          summary: 'Hook p95 execution time is above its critical threshold.',
          description:
            'PreToolUse hook type check took 59.5s at p95 over the last 15m (critical above 40s).',
          runbook_url:
            'https://github.com/hookscope/hookscope/blob/main/docs/runbook.md#hooklatencyhigh',
        },
        startsAt: '2026-03-04T05:06:07Z',
        endsAt: status === 'resolved' ? '2026-03-04T06:07:08Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://127.0.0.1:9090/graph',
        fingerprint: '0123456789abcdef',
      },
    ],
    groupLabels: { alertname: labels['alertname'] },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
  };
}

describe('notification templates rendered by amtool for a sample alert', () => {
  const tmp = tempDir();
  const glob = join(REPO_ROOT, TEMPLATES_DIR, '*.tmpl');
  afterAll(() => tmp.cleanup());

  const render = async (name: string, data: object, type: 'text' | 'html' = 'text') => {
    const file = join(tmp.dir, `${name}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(data));
    const r = await amtool([
      'template',
      'render',
      `--template.glob=${glob}`,
      `--template.type=${type}`,
      `--template.text={{ template "${name}" . }}`,
      `--template.data=${file}`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.toString();
  };
  const dashboard =
    'http://127.0.0.1:3000/d/hookscope-hook-detail?var-hook_event=PreToolUse&var-hook_name=type+check';
  const runbook =
    'https://github.com/hookscope/hookscope/blob/main/docs/runbook.md#hooklatencyhigh';

  it('Slack: state and alert in the title, value, hook, runbook and dashboard in the text', async () => {
    expect(await render('hookscope.slack.title', sampleData())).toBe(
      '[FIRING:1] HookLatencyHigh (critical)',
    );
    expect(await render('hookscope.slack.color', sampleData())).toBe('danger');
    const text = await render('hookscope.slack.text', sampleData());
    expect(text).toContain('*Hook p95 execution time is above its critical threshold.*');
    expect(text).toContain('took 59.5s at p95');
    expect(text).toContain('Hook: `PreToolUse type check`');
    expect(text).toContain('since 2026-03-04 05:06:07 UTC');
    expect(text).toContain(`<${runbook}|Runbook>`);
    expect(text).toContain(`<${dashboard}|Dashboard>`);
  });

  it('Slack: resolved and escalated notifications say so', async () => {
    const resolved = sampleData({ status: 'resolved' });
    expect(await render('hookscope.slack.title', resolved)).toBe(
      '[RESOLVED] HookLatencyHigh (critical)',
    );
    expect(await render('hookscope.slack.color', resolved)).toBe('good');
    expect(await render('hookscope.slack.text', resolved)).toContain(
      'resolved 2026-03-04 06:07:08 UTC',
    );
    const escalated = sampleData({ escalated: true });
    expect(await render('hookscope.slack.title', escalated)).toBe(
      '[ESCALATED:1] HookLatencyHigh (critical)',
    );
    expect(await render('hookscope.slack.text', escalated)).toContain(
      '*Escalated: still critical 30m after it fired.*',
    );
    const over = sampleData({ escalated: true, status: 'resolved' });
    expect(await render('hookscope.slack.title', over)).toBe(
      '[RESOLVED] HookLatencyHigh (critical)',
    );
    expect(await render('hookscope.slack.text', over)).not.toContain('Escalated');
    expect(await render('hookscope.email.html', over, 'html')).not.toContain('Escalated');
  });

  it('HTML email: every field in a table, links escaped for HTML', async () => {
    expect(await render('hookscope.email.subject', sampleData())).toBe(
      '[hookscope] [FIRING:1] HookLatencyHigh (critical)',
    );
    const html = await render('hookscope.email.html', sampleData(), 'html');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(
      '<h2 style="color: #cf222e;">[FIRING:1] HookLatencyHigh (critical)</h2>',
    );
    expect(html).toContain('<td><strong>HookLatencyHigh</strong> (critical): firing</td>');
    expect(html).toContain('took 59.5s at p95');
    expect(html).toContain('<tr><th align="left">Hook</th><td>PreToolUse type check</td></tr>');
    expect(html).toContain(`<a href="${runbook}">Runbook</a>`);
    expect(html).toContain(
      '<a href="http://127.0.0.1:3000/d/hookscope-hook-detail?var-hook_event=PreToolUse&amp;var-hook_name=type%20check">Dashboard</a>',
    );
    const text = await render('hookscope.email.text', sampleData());
    expect(text).toContain(`Dashboard: ${dashboard}`);
    expect(text).toContain(`Runbook: ${runbook}`);
  });

  it('links each kind of alert to its dashboard', async () => {
    const linkOf = async (labels: Record<string, string>) => {
      const data = sampleData();
      data.alerts[0]!.labels = { alertname: 'X', severity: 'warning', ...labels };
      data.commonLabels = data.alerts[0]!.labels;
      return /<([^|<>]+)\|Dashboard>/.exec(await render('hookscope.slack.text', data))?.[1];
    };
    const grafana = 'http://127.0.0.1:3000/d/';
    expect(await linkOf({ process_type: 'tactical', instance: 'c:9464' })).toBe(
      `${grafana}hookscope-conversations`,
    );
    expect(await linkOf({ cache: 'validator', instance: 'c:9464' })).toBe(
      `${grafana}hookscope-testing`,
    );
    expect(await linkOf({ suite: 'unit' })).toBe(`${grafana}hookscope-testing`);
    expect(await linkOf({ validator: 'units' })).toBe(`${grafana}hookscope-agents-validators`);
    expect(await linkOf({})).toBe(`${grafana}hookscope-alerts-slos`);
  });

  it('an alert about a collector links the host and collector dashboard', async () => {
    const text = await render('hookscope.slack.text', sampleData({ instance: true }));
    expect(text).toContain('Instance: `ci-7:9464`');
    expect(text).toContain('<http://127.0.0.1:3000/d/hookscope-host-collector|Dashboard>');
  });
});

/**
 * Inhibition and quiet hours happen inside Alertmanager, after routing (amtool cannot show them):
 * a real Alertmanager with the generated config gets alerts as Prometheus would send them, and
 * the Slack sink shows what was notified.
 */
describe('a real Alertmanager with a generated config', () => {
  let slack: Awaited<ReturnType<typeof startSlackSink>>;
  const projects: GeneratedProject[] = [];
  const stops: (() => Promise<void>)[] = [];

  const start = async (quietHours: string) => {
    const ports = await alertmanagerPorts();
    const fast = '{ group_wait: 1s, group_interval: 1s, repeat_interval: 1h }';
    const project = await generateProject(
      [
        'alertmanager:',
        `  address: 127.0.0.1:${ports.web}`,
        '  receivers:',
        '    - { type: slack, name: warn, severities: [warning], channel: "#warn", webhook_url_file: secrets/slack }',
        '    - { type: slack, name: page, severities: [critical, escalation], channel: "#page", webhook_url_file: secrets/slack }',
        `  timing: { warning: ${fast}, critical: ${fast}, escalation: ${fast} }`,
        `  quiet_hours: ${quietHours}`,
      ].join('\n'),
      { 'secrets/slack': slack.url },
    );
    projects.push(project);
    const am = await startAlertmanager({
      cwd: project.dir,
      flags: alertmanagerFlags(project.config),
      port: ports.web,
    });
    stops.push(() => am.stop());
    return am;
  };
  const inChannel = (channel: string) => (m: SlackMessage) => m.channel === channel;

  beforeAll(async () => {
    slack = await startSlackSink();
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await slack?.stop();
    for (const p of projects) p.cleanup();
  });

  it('inhibits a warning while the same alert is critical for the same hook, and only then', async () => {
    const am = await start('{ intervals: [] }');
    const hook = (name: string, severity: string, extra: Record<string, string> = {}) => ({
      labels: {
        alertname: 'HookLatencyHigh',
        severity,
        hook_event: 'Stop',
        hook_name: name,
        ...extra,
      },
      annotations: { summary: `latency ${severity}`, description: `${name} is slow (${severity})` },
    });
    await am.post([
      hook('inhibited', 'critical'),
      hook('inhibited', 'warning'),
      hook('alone', 'warning'),
      // An SLO page silences its ticket though their tier labels differ.
      {
        labels: {
          alertname: 'HookSuccessErrorBudgetBurn',
          severity: 'critical',
          tier: 'page',
          slo: 'hook-success',
          hook_event: 'Stop',
          hook_name: 'inhibited',
        },
      },
      {
        labels: {
          alertname: 'HookSuccessErrorBudgetBurn',
          severity: 'warning',
          tier: 'ticket',
          slo: 'hook-success',
          hook_event: 'Stop',
          hook_name: 'inhibited',
        },
      },
    ]);
    const page = await slack.next(
      'the page',
      (m) => inChannel('#page')(m) && m.attachments[0]!.title.includes('HookLatencyHigh'),
    );
    expect(page.attachments[0]!.text).toContain('inhibited is slow (critical)');
    const warning = await slack.next(
      'the warning',
      (m) => inChannel('#warn')(m) && m.attachments[0]!.title.includes('HookLatencyHigh'),
    );
    expect(warning.attachments[0]!.title).toBe('[FIRING:1] HookLatencyHigh (warning)');
    expect(warning.attachments[0]!.text).toContain('alone is slow (warning)');
    expect(warning.attachments[0]!.text).not.toContain('inhibited');
    const state = await am.alerts();
    const of = (name: string, severity: string, alertname = 'HookLatencyHigh') =>
      state.find(
        (a) =>
          a.labels['alertname'] === alertname &&
          a.labels['hook_name'] === name &&
          a.labels['severity'] === severity,
      )!.status;
    expect(of('inhibited', 'warning').state).toBe('suppressed');
    expect(of('inhibited', 'warning').inhibitedBy).toHaveLength(1);
    expect(of('alone', 'warning').state).toBe('active');
    expect(of('inhibited', 'critical').state).toBe('active');
    expect(of('inhibited', 'warning', 'HookSuccessErrorBudgetBurn').state).toBe('suppressed');
    // No SLO ticket went out: only the page.
    expect(
      slack.received
        .filter((m) => m.attachments[0]!.title.includes('HookSuccessErrorBudgetBurn'))
        .map((m) => m.channel),
    ).toEqual(['#page']);
  });

  it('holds warnings back in quiet hours while critical alerts and escalations go out', async () => {
    const today = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][
      new Date().getUTCDay()
    ]!;
    // All of today (UTC): the weekday translation and the location reach Alertmanager.
    const am = await start(`{ location: UTC, intervals: [{ weekdays: [${today}] }] }`);
    const labels = { alertname: 'HookSuccessRatioLow', hook_event: 'Stop', hook_name: 'quiet' };
    await am.post([
      { labels: { ...labels, severity: 'warning', hook_name: 'quiet-warning' } },
      { labels: { ...labels, severity: 'critical' } },
      { labels: { ...labels, severity: 'critical', escalation: 'true' } },
    ]);
    await slack.next(
      'the critical alert',
      (m) => m.attachments[0]!.title === '[FIRING:1] HookSuccessRatioLow (critical)',
    );
    await slack.next(
      'the escalation',
      (m) => m.attachments[0]!.title === '[ESCALATED:1] HookSuccessRatioLow (critical)',
    );
    // The warning's group has flushed several times (group_interval 1s) by now, muted each time.
    await new Promise((r) => setTimeout(r, 3000));
    expect(slack.received.filter((m) => m.attachments[0]!.text.includes('quiet-warning'))).toEqual(
      [],
    );
    const warning = (await am.alerts()).find((a) => a.labels['hook_name'] === 'quiet-warning');
    expect(warning?.status.state).toBe('active');
  });
});

describe('docs/alerting.md', () => {
  it('states when each critical alert is notified with the shipped defaults', () => {
    const { config } = loadConfig({ cwd: REPO_ROOT, env: {} });
    const secs = (d: string) => durationSeconds(d)!;
    const waits =
      secs(config.prometheus.scrape_interval) + secs(config.prometheus.evaluation_interval);
    const t = config.alertmanager.timing.critical;
    const expected = new Map<string, string>();
    for (const r of ruleFiles(config).flatMap((f) => f.groups.flatMap((g) => g.rules))) {
      if (!isAlert(r) || r.labels.severity !== 'critical' || isEscalation(r)) continue;
      const wait = secs(r.for ?? '0s');
      const row = [wait, wait + waits + secs(t.group_wait), wait + waits + secs(t.group_interval)];
      expected.set(r.alert, row.map(formatDuration).join(' '));
    }
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'alerting.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Breach to notification'));
    const documented = new Map(
      [...section.matchAll(/^\| `(\w+)` +\| (\w+) +\| (\w+) +\| (\w+) +\|$/gm)].map((m) => [
        m[1]!,
        `${m[2]} ${m[3]} ${m[4]}`,
      ]),
    );
    expect(documented).toEqual(expected);
  });
});
