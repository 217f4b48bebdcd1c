import * as z from 'zod';
import { address, duration, section } from './fields.js';

/**
 * Where alerts go. Secrets never live in this file: Slack webhook URLs and SMTP passwords are read
 * from files (paths relative to the config file), which Alertmanager reads itself (`api_url_file`,
 * `auth_password_file`). The Alertmanager config generated from this section routes each severity
 * to the receivers that list it.
 */

const SEVERITIES = ['warning', 'critical'] as const;

const common = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, {
      error: 'receiver names are lower-case words joined by - or _, e.g. slack-warnings',
    })
    .meta({ description: 'Unique name of this receiver.' }),
  severities: z
    .array(z.enum(SEVERITIES))
    .min(1)
    .default(['warning', 'critical'])
    .meta({ description: 'Severities routed to this receiver.' }),
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
      description: `File holding ${what} (path relative to this config file); keep it out of version control.`,
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
  url_file: secretFile('the webhook URL'),
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

export const alertmanagerSection = section(
  'Alertmanager: where it listens, who gets notified of which severity, and how often.',
  {
    address: address(
      '127.0.0.1:9093',
      'host:port Alertmanager listens on; Prometheus sends alerts there and scrapes it as job "alertmanager".',
    ),
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
          severities: ['critical'],
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
          'Notification receivers (type slack, email or webhook). Secrets are read from files named here, never written in this file.',
      }),
    timing: section('Notification timing per severity.', {
      warning: timing(
        { group_wait: '1m', group_interval: '5m', repeat_interval: '4h' },
        'Warnings: batched, repeated rarely.',
      ),
      critical: timing(
        { group_wait: '10s', group_interval: '1m', repeat_interval: '1h' },
        'Critical alerts: sent fast (seeds: notified within 5 minutes of a breach).',
      ),
    }),
  },
);
