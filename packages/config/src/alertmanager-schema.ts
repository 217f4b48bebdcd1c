import * as z from 'zod';
import { address, duration, hostPort, section } from './fields.js';

/**
 * Where alerts go. Secrets never live in this file: Slack webhook URLs and SMTP passwords are read
 * from files, which Alertmanager reads itself when it sends (`api_url_file`,
 * `auth_password_file`). The Alertmanager config generated from this section routes each tier to
 * the receivers that list it.
 */

/**
 * Notification tiers: the alert severities, and `escalation` for critical alerts that stay
 * critical (their rules' copies with a longer `for` and the label escalation="true").
 */
export const ALERT_TIERS = ['warning', 'critical', 'escalation'] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/** The receiver of a tier no configured receiver lists: Alertmanager needs one; it sends nothing. */
export const NO_RECEIVER = 'nobody';

const common = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, {
      error: 'receiver names are lower-case words joined by - or _, e.g. slack-warnings',
    })
    .refine((n) => n !== NO_RECEIVER, {
      error: `"${NO_RECEIVER}" is the receiver of tiers nobody listens to; choose another name`,
    })
    .meta({ description: 'Unique name of this receiver.' }),
  severities: z.array(z.enum(ALERT_TIERS)).min(1).default(['warning', 'critical']).meta({
    description:
      'Tiers routed to this receiver: warning, critical, and escalation (critical alerts still firing alerts.escalate_after after they fired).',
  }),
  send_resolved: z
    .boolean()
    .default(true)
    .meta({ description: 'Also notify when the alert resolves.' }),
};

const secretFile = (what: string) =>
  z
    .string()
    .min(1)
    .meta({
      description: `File holding ${what}: absolute, or relative to the directory of this config file (where Alertmanager must be started). Keep it out of version control (secrets/ is git-ignored).`,
    });

const slack = z.strictObject({
  type: z.literal('slack'),
  ...common,
  channel: z
    .string()
    .regex(/^[#@][^\s]+$/, { error: "must be a Slack channel ('#alerts') or user ('@name')" })
    .meta({ description: 'Channel (#name) or user (@name) to post to.' }),
  webhook_url_file: secretFile('the Slack incoming-webhook URL'),
});

const email = z.strictObject({
  type: z.literal('email'),
  ...common,
  to: z
    .array(z.email({ error: 'must be an email address' }))
    .min(1)
    .meta({ description: 'Recipients.' }),
  from: z.email({ error: 'must be an email address' }).meta({ description: 'Sender address.' }),
  smarthost: address('127.0.0.1:25', 'SMTP server host:port.'),
  auth_username: z
    .string()
    .optional()
    .meta({ description: 'SMTP user, when the server needs a login.' }),
  auth_password_file: secretFile('the SMTP password').optional(),
  require_tls: z
    .boolean()
    .default(true)
    .meta({ description: 'Require STARTTLS (turn off only for a local relay).' }),
});

const webhook = z.strictObject({
  type: z.literal('webhook'),
  ...common,
  url: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http(s) URL, e.g. http://127.0.0.1:8080/alerts',
    })
    .meta({
      description:
        'URL Alertmanager POSTs its JSON payload to. It is written into the generated alertmanager.yml (Alertmanager 0.25 cannot read it from a file), so it must hold no secret.',
    }),
});

const receiver = z.discriminatedUnion('type', [slack, email, webhook]);

const timing = (
  d: { group_wait: string; group_interval: string; repeat_interval: string },
  description: string,
) =>
  section(description, {
    group_wait: duration(
      d.group_wait,
      'Wait before the first notification of a new group, to batch alerts that fire together.',
      { allowZero: true },
    ),
    group_interval: duration(
      d.group_interval,
      'Wait before notifying about alerts added to a group already notified.',
    ),
    repeat_interval: duration(
      d.repeat_interval,
      'Resend a notification for alerts still firing after this long.',
    ),
  });

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const clock = (description: string) =>
  z
    .string()
    .regex(CLOCK, { error: 'must be a time of day HH:MM from 00:00 to 24:00, e.g. 20:00' })
    .optional()
    .meta({ description });

const weekday = z
  .string()
  .refine((d) => /^[a-z]+(?::[a-z]+)?$/.test(d) && d.split(':').every(isWeekday), {
    error: `must be a weekday (${WEEKDAYS.join(', ')}) or a range such as monday:friday`,
  });

function isWeekday(d: string): boolean {
  return (WEEKDAYS as readonly string[]).includes(d);
}

const quietInterval = z
  .strictObject({
    weekdays: z.array(weekday).min(1).optional().meta({
      description:
        'Days it applies on: weekday names or ranges such as monday:friday; every day when left out.',
    }),
    start: clock('Start time of day; with end. Left out with end: the whole day.'),
    end: clock('End time of day; before start means the quiet time runs past midnight.'),
  })
  .superRefine((q, ctx) => {
    if ((q.start === undefined) !== (q.end === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [q.start === undefined ? 'start' : 'end'],
        message: 'is required with ' + (q.start === undefined ? 'end' : 'start'),
      });
    else if (q.start !== undefined && q.start === q.end)
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `must differ from start (${q.start}); leave both out for the whole day`,
      });
    if (q.start === undefined && q.end === undefined && q.weekdays === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'needs weekdays, or start and end: an empty interval would mute warnings always',
      });
  });

export type QuietInterval = z.output<typeof quietInterval>;

const timeZone = z
  .string()
  .refine((tz) => tz === 'Local' || isTimeZone(tz), {
    error: 'must be an IANA time zone such as Europe/Berlin or UTC, or Local',
  })
  .default('Local')
  .meta({
    description:
      "Time zone of the quiet hours (IANA name such as Europe/Berlin, or UTC); Local: the Alertmanager host's zone.",
  });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const peer = z.strictObject({
  address: hostPort().meta({ description: 'host:port of the peer’s web API.' }),
  cluster_address: hostPort().meta({ description: 'host:port the peer gossips on.' }),
});

export const alertmanagerSection = section(
  'Alertmanager: where it listens, who gets notified of which tier, how often, and when warnings wait.',
  {
    address: address(
      '127.0.0.1:9093',
      'host:port Alertmanager listens on; Prometheus sends alerts there and scrapes it as job "alertmanager".',
    ),
    cluster_address: address(
      '127.0.0.1:9094',
      'host:port the Alertmanager at address gossips with its peers on (only used with peers).',
    ),
    peers: z.array(peer).default([]).meta({
      description:
        'More Alertmanagers forming a cluster with the one at address, each { address, cluster_address }: Prometheus sends every alert to all of them, and the cluster notifies once, also while a peer is down. Empty: one Alertmanager.',
    }),
    receivers: z
      .array(receiver)
      .default([
        {
          type: 'slack',
          name: 'slack-warnings',
          severities: ['warning'],
          send_resolved: true,
          channel: '#hookscope',
          webhook_url_file: 'secrets/slack-webhook-url',
        },
        {
          type: 'slack',
          name: 'slack-critical',
          severities: ['critical', 'escalation'],
          send_resolved: true,
          channel: '#hookscope-critical',
          webhook_url_file: 'secrets/slack-webhook-url',
        },
        {
          type: 'email',
          name: 'email-critical',
          severities: ['critical'],
          send_resolved: true,
          to: ['oncall@example.com'],
          from: 'hookscope@example.com',
          smarthost: '127.0.0.1:25',
          require_tls: true,
        },
        {
          type: 'email',
          name: 'email-escalation',
          severities: ['escalation'],
          send_resolved: true,
          to: ['oncall@example.com', 'engineering-leads@example.com'],
          from: 'hookscope@example.com',
          smarthost: '127.0.0.1:25',
          require_tls: true,
        },
      ])
      .superRefine((list, ctx) => {
        const seen = new Map<string, number>();
        list.forEach((r, i) => {
          const first = seen.get(r.name);
          if (first === undefined) return void seen.set(r.name, i);
          ctx.addIssue({
            code: 'custom',
            path: [i, 'name'],
            message: `must be unique, got "${r.name}" (also the name of receivers[${first}])`,
          });
        });
      })
      .meta({
        description:
          'Notification receivers (type slack, email or webhook). Secrets are read from files named here, never written in this file. Escalations go to the critical receivers when no receiver lists escalation.',
      }),
    group_by: z
      .array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: 'must be a label name' }))
      .min(1)
      .default(['alertname'])
      .meta({
        description:
          'Labels whose alerts are notified together in one message (one message per alert name lists every hook it fires for).',
      }),
    timing: section('Notification timing per tier.', {
      warning: timing(
        { group_wait: '1m', group_interval: '5m', repeat_interval: '4h' },
        'Warnings: batched, repeated rarely.',
      ),
      critical: timing(
        { group_wait: '10s', group_interval: '20s', repeat_interval: '1h' },
        'Critical alerts: sent fast (a breach must reach someone within 5 minutes, also when the alert joins a group already notified).',
      ),
      escalation: timing(
        { group_wait: '10s', group_interval: '1m', repeat_interval: '1h' },
        'Escalations: critical alerts still firing alerts.escalate_after after they fired.',
      ),
    }),
    quiet_hours: section(
      'Quiet hours: warnings wait until they end (and go out then if still firing); critical alerts and escalations are always sent.',
      {
        location: timeZone,
        intervals: z
          .array(quietInterval)
          .default([{ start: '20:00', end: '08:00' }, { weekdays: ['saturday', 'sunday'] }])
          .meta({
            description:
              'When warnings wait, each { weekdays, start, end }; times are clock times on the listed days. Empty: warnings are sent at any time.',
          }),
      },
    ),
  },
);

type AlertmanagerSection = z.output<typeof alertmanagerSection>;

/** Addresses must differ: two servers cannot listen on one, and a peer listed twice is one peer. */
export function checkAlertmanagerAddresses(am: AlertmanagerSection, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  const claim = (value: string, path: (string | number)[]) => {
    const key = path.join('.');
    const first = seen.get(value);
    if (first === undefined) return void seen.set(value, key);
    ctx.addIssue({
      code: 'custom',
      path: ['alertmanager', ...path],
      message: `must differ from alertmanager.${first}`,
    });
  };
  claim(am.address, ['address']);
  if (am.peers.length) claim(am.cluster_address, ['cluster_address']);
  am.peers.forEach((p, i) => {
    claim(p.address, ['peers', i, 'address']);
    claim(p.cluster_address, ['peers', i, 'cluster_address']);
  });
}

/** The secret files the receivers name (as written: relative to the config file, or absolute). */
export function receiverSecretFiles(
  am: AlertmanagerSection,
): { receiver: string; key: string; path: string }[] {
  return am.receivers.flatMap((r) => {
    if (r.type === 'slack')
      return [{ receiver: r.name, key: 'webhook_url_file', path: r.webhook_url_file }];
    if (r.type === 'email' && r.auth_password_file !== undefined)
      return [{ receiver: r.name, key: 'auth_password_file', path: r.auth_password_file }];
    return [];
  });
}
