import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { alertmanagerFlags, prometheusFlags } from '@hookscope/mixin';
import { REPO_ROOT, tempDir } from './support/paths.js';
import { runToEnd, startCollectorProcess, type CollectorProcess } from './support/processes.js';
import { startPrometheus, type PrometheusServer } from './support/prometheus.js';
import { freePort, waitFor } from './support/ports.js';
import { generateProject, type GeneratedProject } from './support/alerting.js';
import { startAlertmanager, type AlertmanagerServer } from './support/alertmanager.js';
import {
  startSlackSink,
  startSmtpSink,
  type Email,
  type SlackMessage,
} from './support/notification-sinks.js';

const HOOK = join(REPO_ROOT, 'test', 'fixtures', 'instrumented-hook.mjs');
const SMTP_LOGIN = { user: 'hookscope', password: 'not-in-the-repo' };

/**
 * The whole path with real servers on loopback: instrumented hook processes -> spool -> the
 * collector -> Prometheus with the generated rules -> Alertmanager with the generated config ->
 * a Slack incoming-webhook stand-in and a real SMTP server. Intervals are shortened through the
 * config (1s scrapes and evaluations, a 20s alert window, no `for`, 1-2s grouping, escalation
 * after 10s); everything else is what `hookscope generate` makes.
 */
describe('alerts from slow and failing hooks reach Slack and email', () => {
  const tmp = tempDir();
  const spoolDir = join(tmp.dir, 'spool');
  let collector: CollectorProcess;
  let prom: PrometheusServer;
  let am: AlertmanagerServer;
  let slack: Awaited<ReturnType<typeof startSlackSink>>;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let project: GeneratedProject;

  const hook = async (event: string, name: string, mode: string, workMs = 0) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOOKSCOPE_SPOOL_DIR: spoolDir };
    for (const k of ['TRACEPARENT', 'HOOKSCOPE_DISABLED', 'OTEL_SDK_DISABLED']) delete env[k];
    await runToEnd(process.execPath, [HOOK, event, name, mode, '0', String(workMs)], { env });
  };
  const runs = (n: number, run: () => Promise<void>) => Promise.all(Array.from({ length: n }, run));
  /** Waits until Prometheus has scraped `n` runs of a hook (any outcome). */
  const scraped = (name: string, n: number) =>
    waitFor(
      `${n} runs of ${name} scraped`,
      async () =>
        ((await prom.scalar(`sum(hookscope_hook_duration_seconds_count{hook_name="${name}"})`)) ??
          0) >= n
          ? true
          : undefined,
      20_000,
      100,
    );
  const slackTitled = (channel: string, title: string) => (m: SlackMessage) =>
    m.channel === channel && m.attachments[0]?.title === title;
  const emailed = (subject: string) => (m: Email) => m.subject === subject;

  beforeAll(async () => {
    [slack, smtp] = await Promise.all([startSlackSink(), startSmtpSink(SMTP_LOGIN)]);
    collector = await startCollectorProcess([
      ...['--spool-dir', spoolDir, '--state-dir', join(tmp.dir, 'state'), '--no-host-metrics'],
    ]);
    const [promPort, amPort] = [await freePort(), await freePort()];
    const fast = '{ group_wait: 1s, group_interval: 2s, repeat_interval: 1h }';
    project = await generateProject(
      `collector: { address: "127.0.0.1:${collector.port}" }
prometheus: { address: "127.0.0.1:${promPort}", scrape_interval: 1s, evaluation_interval: 1s }
alertmanager:
  address: 127.0.0.1:${amPort}
  receivers:
    - { type: slack, name: slack-warnings, severities: [warning], channel: "#hookscope", webhook_url_file: secrets/slack-webhook-url }
    - { type: slack, name: slack-critical, severities: [critical, escalation], channel: "#hookscope-critical", webhook_url_file: secrets/slack-webhook-url }
    - type: email
      name: email-critical
      severities: [critical, escalation]
      to: [oncall@example.com]
      from: hookscope@example.com
      smarthost: 127.0.0.1:${smtp.port}
      auth_username: ${SMTP_LOGIN.user}
      auth_password_file: secrets/smtp-password
      require_tls: false
  timing: { warning: ${fast}, critical: ${fast}, escalation: ${fast} }
  quiet_hours: { intervals: [] }
alerts: { window: 20s, min_executions: 3, escalate_after: 10s }
hooks:
  latency_seconds: { warning: 1, critical: 5 }
  latency_for: { warning: 0s, critical: 0s }
  success_for: { warning: 0s, critical: 0s }
`,
      { 'secrets/slack-webhook-url': slack.url, 'secrets/smtp-password': SMTP_LOGIN.password },
    );
    am = await startAlertmanager({
      cwd: project.dir,
      flags: alertmanagerFlags(project.config),
      port: amPort,
    });
    prom = await startPrometheus({
      configFile: join(project.dir, 'prometheus', 'prometheus.yml'),
      port: promPort,
      args: prometheusFlags(project.config).filter((f) => !f.startsWith('--web.listen-address')),
    });
    // Rates miss the first increment of a new series: each series (hook and outcome) the
    // workload adds to starts here, with one run. Too few runs for any alert to judge.
    await Promise.all([
      hook('PreToolUse', 'lint', 'success'),
      hook('Stop', 'guard', 'success'),
      hook('Stop', 'guard', 'error'),
    ]);
    await Promise.all([scraped('lint', 1), scraped('guard', 2)]);
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await am?.stop();
    await collector?.stop();
    await slack?.stop();
    await smtp?.stop();
    project?.cleanup();
    tmp.cleanup();
  });

  it('slow hooks: a warning in the Slack warnings channel, with the value, hook and links', async () => {
    // Every run 1.2 s (bucket 1-2.5 s): p95 2.425 s, above the 1 s warning, below the 5 s critical.
    await runs(4, () => hook('PreToolUse', 'lint', 'success', 1200));
    const m = await slack.next(
      'the latency warning',
      slackTitled('#hookscope', '[FIRING:1] HookLatencyHigh (warning)'),
    );
    const a = m.attachments[0]!;
    expect(m.path).toBe('/services/T000/B000/XXXX');
    expect(a.color).toBe('warning');
    expect(a.text).toContain('*Hook p95 execution time is above its warning threshold.*');
    expect(a.text).toContain(
      'PreToolUse hook lint took 2.425s at p95 over the last 20s (warning above 1s).',
    );
    expect(a.text).toContain('Hook: `PreToolUse lint`');
    expect(a.text).toContain(
      '<https://github.com/hookscope/hookscope/blob/main/docs/runbook.md#hooklatencyhigh|Runbook>',
    );
    expect(a.text).toContain(
      '<http://127.0.0.1:3000/d/hookscope-hook-detail?var-hook_event=PreToolUse&var-hook_name=lint|Dashboard>',
    );
    // Warnings page nobody.
    expect(smtp.received).toEqual([]);
  });

  it('failing hooks: a critical alert in the paging channel and by email, then the escalation', async () => {
    // Every run fails: success ratio 0, below the 0.8 critical (the 0.9 warning is inhibited).
    await runs(5, () => hook('Stop', 'guard', 'error'));
    const breachAt = Date.now();
    const title = '[FIRING:1] HookSuccessRatioLow (critical)';
    const [page, mail] = await Promise.all([
      slack.next('the critical page', slackTitled('#hookscope-critical', title)),
      smtp.next('the critical email', emailed(`[hookscope] ${title}`)),
    ]);
    // Record what this run measured (no assertion: timing goals live in benchmarks).
    console.log(
      `breach to notification: Slack ${page.at - breachAt} ms, email ${mail.at - breachAt} ms ` +
        '(1s scrape and evaluation, no for, 1s group_wait)',
    );
    const description = 'Stop hook guard succeeded in 0% of its runs over the last 20s';
    expect(page.attachments[0]!.color).toBe('danger');
    expect(page.attachments[0]!.text).toContain(`${description} (critical below 80%).`);
    expect(page.attachments[0]!.text).toContain('Hook: `Stop guard`');
    expect(mail.from).toBe('hookscope@example.com');
    expect(mail.to).toEqual(['oncall@example.com']);
    expect(mail.html).toContain('<strong>HookSuccessRatioLow</strong> (critical): firing');
    expect(mail.html).toContain(`${description} (critical below 80%).`);
    expect(mail.html).toContain('<tr><th align="left">Hook</th><td>Stop guard</td></tr>');
    expect(mail.html).toContain(
      '<a href="https://github.com/hookscope/hookscope/blob/main/docs/runbook.md#hooksuccessratiolow">Runbook</a>',
    );
    expect(mail.html).toContain(
      'href="http://127.0.0.1:3000/d/hookscope-hook-detail?var-hook_event=Stop&amp;var-hook_name=guard"',
    );
    expect(mail.text).toContain(`${description} (critical below 80%).`);
    expect(smtp.rejectedLogins()).toBe(0);
    // The warning of the same alert was inhibited: never notified.
    expect(
      slack.received.filter((x) =>
        x.attachments[0]!.title.includes('HookSuccessRatioLow (warning)'),
      ),
    ).toEqual([]);

    // Still failing: escalated 10s after it fired.
    const failing = setInterval(() => void hook('Stop', 'guard', 'error'), 2000);
    try {
      const escalated = '[ESCALATED:1] HookSuccessRatioLow (critical)';
      const [esc, escMail] = await Promise.all([
        slack.next('the escalation', slackTitled('#hookscope-critical', escalated), 40_000),
        smtp.next('the escalation email', emailed(`[hookscope] ${escalated}`), 40_000),
      ]);
      expect(esc.attachments[0]!.text).toContain('*Escalated: still critical 10s after it fired.*');
      expect(escMail.html).toContain('Escalated: still critical 10s after it fired.');
      // Not at once: after escalate_after (give or take an evaluation).
      expect(esc.at - page.at).toBeGreaterThan(5_000);
    } finally {
      clearInterval(failing);
    }
  });

  it('recovery: resolved notifications in Slack and by email', async () => {
    // Fast, successful runs while the bad ones leave the 20s window.
    const recovering = setInterval(() => {
      void hook('PreToolUse', 'lint', 'success');
      void hook('Stop', 'guard', 'success');
    }, 2000);
    try {
      const [warning, page, mail] = await Promise.all([
        slack.next(
          'the resolved warning',
          slackTitled('#hookscope', '[RESOLVED] HookLatencyHigh (warning)'),
          45_000,
        ),
        slack.next(
          'the resolved page',
          slackTitled('#hookscope-critical', '[RESOLVED] HookSuccessRatioLow (critical)'),
          45_000,
        ),
        smtp.next(
          'the resolved email',
          emailed('[hookscope] [RESOLVED] HookSuccessRatioLow (critical)'),
          45_000,
        ),
      ]);
      expect(warning.attachments[0]!.color).toBe('good');
      expect(warning.attachments[0]!.text).toContain(':large_green_circle:');
      expect(page.attachments[0]!.text).toMatch(/ · resolved \d{4}-\d\d-\d\d /);
      expect(mail.html).toMatch(/\(critical(, escalated)?\): resolved/);
      expect(mail.html).toContain('<th align="left">Resolved</th>');
    } finally {
      clearInterval(recovering);
    }
    // Alertmanager holds none of them any more. (The success warning may still fire for a while:
    // the ratio passes 0.8 before 0.9. The SLO burn alerts see hours, not seconds.)
    const state = await am.alerts();
    const left = state.map((a) => `${a.labels['alertname']}/${a.labels['severity']}`);
    expect(left).not.toContain('HookLatencyHigh/warning');
    expect(left).not.toContain('HookSuccessRatioLow/critical');
  });
});
