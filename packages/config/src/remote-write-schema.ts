import * as z from 'zod';
import { address, duration } from './fields.js';
import { isLoopback } from './address.js';

/**
 * Shipping this machine's metrics to a central store by Prometheus remote write. Absent, nothing
 * leaves the machine. Present, `hookscope up` also runs a remote-write agent (vmagent) that
 * scrapes the collector and sends every sample, labelled with this machine's identity, to `url`,
 * buffering on disk while the endpoint is unreachable. Credentials are never in this file: they
 * are read from files, kept under the git-ignored secrets/ directory.
 */

/** Label values of the identity: what Prometheus accepts and a person can read in a dashboard. */
const LABEL_VALUE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The labels every sample of this machine carries at the center, in grouping order. */
export const IDENTITY_LABELS = ['team', 'env', 'host'] as const;

const identityValue = (what: string) =>
  z
    .string()
    .regex(LABEL_VALUE, {
      error: `must be 1-63 letters, digits, dots, dashes or underscores, starting with a letter or digit (the ${what} label's value)`,
    })
    .optional();

/**
 * A file holding a credential: under secrets/ (relative to the config's directory, git-ignored)
 * or an absolute path outside the project; never a file that might be committed.
 */
const secretFile = (what: string) =>
  z
    .string()
    .min(1, { error: 'must name a file' })
    .refine((p) => p.startsWith('/') || /^secrets\/[^/]/.test(p.replace(/^\.\//, '')), {
      error: `must be a file under secrets/ (git-ignored), e.g. secrets/remote-write-${what.replace(/ /g, '-')}, or an absolute path outside the project`,
    })
    .refine((p) => !p.split('/').includes('..'), { error: 'must not contain ..' })
    .meta({
      description: `File holding the ${what}: under secrets/ (relative to this config file's directory, git-ignored) or an absolute path. The agent reads it itself; it never enters generated files or telemetry.`,
    });

const pathFile = (what: string) =>
  z
    .string()
    .min(1, { error: 'must name a file' })
    .optional()
    .meta({ description: `${what} (PEM): absolute, or relative to this config file's directory.` });

export const remoteWriteSection = z
  .strictObject({
    url: z
      .url({
        protocol: /^https?$/,
        error: 'must be an http(s) URL, e.g. https://metrics.example.com/api/v1/write',
      })
      .refine((u) => !/^https?:\/\/[^/]*@/.test(u), {
        error:
          'must not hold credentials (user:password@): put the user in basic_auth.username and the password in the file basic_auth.password_file',
      })
      .meta({
        description:
          'The remote-write endpoint: VictoriaMetrics .../api/v1/write, Mimir .../api/v1/push, Thanos Receive .../api/v1/receive, a Prometheus started with --web.enable-remote-write-receiver .../api/v1/write, or a hosted one.',
      }),
    basic_auth: z
      .strictObject({
        username: z
          .string()
          .min(1, { error: 'must not be empty' })
          .meta({ description: 'User name sent with basic auth.' }),
        password_file: secretFile('password'),
      })
      .optional()
      .meta({ description: 'HTTP basic auth; the password is read from a file.' }),
    bearer_token_file: secretFile('token').optional().meta({
      description:
        'File holding a bearer token sent as `Authorization: Bearer ...` (an API key of a hosted store): under secrets/ or an absolute path.',
    }),
    tls: z
      .strictObject({
        ca_file: pathFile(
          'CA certificate the endpoint is checked against, instead of the system CAs',
        ),
        cert_file: pathFile('Client certificate, for endpoints that require mutual TLS'),
        key_file: pathFile('Client private key, with cert_file (keep it under secrets/)'),
        server_name: z.string().min(1).optional().meta({
          description: 'Server name checked in the certificate, when it differs from the URL host.',
        }),
        insecure_skip_verify: z.boolean().default(false).meta({
          description:
            'Skip certificate checks: only for testing, never across a network you do not trust.',
        }),
      })
      .optional()
      .meta({ description: 'TLS options for an https endpoint.' }),
    identity: z
      .strictObject({
        host: identityValue('host').meta({
          description:
            "This machine's name at the center (label host). Default: the machine's hostname, as `hookscope up` finds it (set it on CI runners whose hostnames are random: e.g. ci-runner-3).",
        }),
        team: identityValue('team').meta({
          description:
            'Team this machine belongs to (label team), for a team filter in dashboards and routing.',
        }),
        env: identityValue('env').meta({
          description: 'Kind of machine (label env), e.g. laptop or ci.',
        }),
      })
      .prefault({})
      .meta({
        description:
          'Labels added to every sample this machine sends; dashboards and central alerts name machines by them.',
      }),
    agent_address: address(
      '127.0.0.1:8429',
      'host:port the remote-write agent (vmagent) serves its own /metrics on; the local Prometheus scrapes it to alert on failures.',
    ),
    max_buffer_size: z
      .string()
      .regex(/^\d+(?:MB|GB|TB)$/, { error: 'must be a size such as 512MB or 2GB' })
      .default('1GB')
      .meta({
        description:
          "Disk the agent may use to buffer samples while the endpoint is unreachable; past it, the oldest buffered data is dropped. At 1GB the agent keeps days of one machine's metrics (see docs/teams.md).",
      }),
    behind: duration(
      '30m',
      'HookscopeRemoteWriteBehind fires when samples wait to be sent and nothing was delivered for this long (the age of the oldest unsent data). A laptop offline this long warns; nothing is lost until max_buffer_size fills.',
    ),
    failing_for: duration(
      '10m',
      'How long the endpoint must keep refusing or failing requests (401, 404, 5xx, unreachable) before HookscopeRemoteWriteFailing fires.',
    ),
  })
  .superRefine((rw, ctx) => {
    if (rw.basic_auth && rw.bearer_token_file) {
      ctx.addIssue({
        code: 'custom',
        path: ['bearer_token_file'],
        message: 'set either basic_auth or bearer_token_file, not both: an endpoint takes one',
      });
    }
    const url = new URL(rw.url);
    const plain = url.protocol === 'http:' && !isLoopback(`${url.hostname}:1`);
    if (plain && (rw.basic_auth || rw.bearer_token_file)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `sends ${rw.basic_auth ? 'a password' : 'a token'} in clear text over http to ${url.host}: use https`,
      });
    }
    if (rw.tls && url.protocol !== 'https:') {
      ctx.addIssue({
        code: 'custom',
        path: ['tls'],
        message: 'applies to https URLs only; url is http',
      });
    }
    if (rw.tls && Boolean(rw.tls.cert_file) !== Boolean(rw.tls.key_file)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tls', rw.tls.cert_file ? 'key_file' : 'cert_file'],
        message: 'cert_file and key_file go together: mutual TLS needs both',
      });
    }
  })
  .optional()
  .meta({
    description:
      "Ship this machine's metrics to a central store by Prometheus remote write (a team's machines and CI runners in one view; see docs/teams.md). Not set: nothing leaves the machine. Example: { url: https://metrics.example.com/api/v1/write, basic_auth: { username: alice, password_file: secrets/remote-write-password }, identity: { team: payments, env: laptop } }",
  });

export type RemoteWriteSection = z.output<typeof remoteWriteSection>;

/** The credential files a remote-write section names, with the key naming each. */
export function remoteWriteSecretFiles(rw: RemoteWriteSection): { key: string; path: string }[] {
  if (!rw) return [];
  return [
    ...(rw.basic_auth
      ? [{ key: 'remote_write.basic_auth.password_file', path: rw.basic_auth.password_file }]
      : []),
    ...(rw.bearer_token_file
      ? [{ key: 'remote_write.bearer_token_file', path: rw.bearer_token_file }]
      : []),
    ...(rw.tls?.key_file ? [{ key: 'remote_write.tls.key_file', path: rw.tls.key_file }] : []),
  ];
}
