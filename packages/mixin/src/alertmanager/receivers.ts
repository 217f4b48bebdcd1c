import { NO_RECEIVER, type HookscopeConfig } from '@hookscope/config';

/** A use of a named template from alertmanager/templates/, as a receiver field's value. */
const use = (name: string) => `{{ template "${name}" . }}`;

type Receiver = HookscopeConfig['alertmanager']['receivers'][number];

/**
 * The receivers of alertmanager.yml. Secrets stay in their files: Alertmanager reads
 * `api_url_file` and `auth_password_file` when it sends, relative to its working directory (the
 * config file's directory, where it must be started).
 */
export function receiverConfigs(config: HookscopeConfig): Record<string, unknown>[] {
  return [
    { name: NO_RECEIVER },
    ...config.alertmanager.receivers.map((r) => ({ name: r.name, ...integration(r) })),
  ];
}

function integration(r: Receiver): Record<string, unknown> {
  switch (r.type) {
    case 'slack':
      return {
        slack_configs: [
          {
            api_url_file: r.webhook_url_file,
            channel: r.channel,
            send_resolved: r.send_resolved,
            username: 'hookscope',
            color: use('hookscope.slack.color'),
            title: use('hookscope.slack.title'),
            title_link: use('hookscope.slack.title_link'),
            text: use('hookscope.slack.text'),
            fallback: use('hookscope.slack.title'),
          },
        ],
      };
    case 'email':
      return {
        email_configs: [
          {
            to: r.to.join(', '),
            from: r.from,
            smarthost: r.smarthost,
            ...(r.auth_username !== undefined ? { auth_username: r.auth_username } : {}),
            ...(r.auth_password_file !== undefined
              ? { auth_password_file: r.auth_password_file }
              : {}),
            require_tls: r.require_tls,
            send_resolved: r.send_resolved,
            headers: { Subject: use('hookscope.email.subject') },
            html: use('hookscope.email.html'),
            text: use('hookscope.email.text'),
          },
        ],
      };
    case 'webhook':
      return { webhook_configs: [{ url: r.url, send_resolved: r.send_resolved }] };
  }
}
