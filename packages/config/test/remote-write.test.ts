import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, remoteWriteSecretFiles } from '@hookscope/config';

function problems(text: string): string[] {
  try {
    parseConfig(text);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error(`no error for:\n${text}`);
}

describe('remote_write', () => {
  it('is off unless configured: nothing leaves the machine', () => {
    expect(parseConfig('').remote_write).toBeUndefined();
  });

  it('takes a URL with credentials from files and an identity, with defaults for the rest', () => {
    const c = parseConfig(
      [
        'remote_write:',
        '  url: https://metrics.example.com/api/v1/write',
        '  basic_auth: { username: alice, password_file: secrets/remote-write-password }',
        '  tls: { ca_file: /etc/ssl/team-ca.pem }',
        '  identity: { host: ci-runner-3, team: payments, env: ci }',
      ].join('\n'),
    );
    expect(c.remote_write).toMatchObject({
      url: 'https://metrics.example.com/api/v1/write',
      identity: { host: 'ci-runner-3', team: 'payments', env: 'ci' },
      agent_address: '127.0.0.1:8429',
      max_buffer_size: '1GB',
      tls: { ca_file: '/etc/ssl/team-ca.pem', insecure_skip_verify: false },
    });
    expect(remoteWriteSecretFiles(c.remote_write)).toEqual([
      { key: 'remote_write.basic_auth.password_file', path: 'secrets/remote-write-password' },
    ]);
  });

  it.each([
    ['no URL', 'remote_write: { identity: { team: a } }', 'remote_write.url: '],
    [
      'a URL of another scheme',
      'remote_write: { url: "ftp://x/api/v1/write" }',
      'remote_write.url: must be an http(s) URL',
    ],
    [
      'credentials inside the URL',
      'remote_write: { url: "https://alice:hunter2@x.example.com/api/v1/write" }',
      'remote_write.url: must not hold credentials',
    ],
    [
      'a password file that could be committed',
      'remote_write: { url: "https://x.example.com/w", basic_auth: { username: a, password_file: config/pw } }',
      'remote_write.basic_auth.password_file: must be a file under secrets/',
    ],
    [
      'a token file escaping secrets/',
      'remote_write: { url: "https://x.example.com/w", bearer_token_file: secrets/../token }',
      'remote_write.bearer_token_file: must not contain ..',
    ],
    [
      'both basic auth and a token',
      'remote_write: { url: "https://x.example.com/w", basic_auth: { username: a, password_file: secrets/p }, bearer_token_file: secrets/t }',
      'remote_write.bearer_token_file: set either basic_auth or bearer_token_file, not both',
    ],
    [
      'a password over plain http to another machine',
      'remote_write: { url: "http://metrics.example.com/api/v1/write", bearer_token_file: secrets/t }',
      'remote_write.url: sends a token in clear text over http to metrics.example.com: use https',
    ],
    [
      'TLS options for an http URL',
      'remote_write: { url: "http://127.0.0.1:8428/api/v1/write", tls: { insecure_skip_verify: true } }',
      'remote_write.tls: applies to https URLs only',
    ],
    [
      'a client certificate without its key',
      'remote_write: { url: "https://x.example.com/w", tls: { cert_file: secrets/c.pem } }',
      'remote_write.tls.key_file: cert_file and key_file go together',
    ],
    [
      'a host name a label cannot carry',
      'remote_write: { url: "https://x.example.com/w", identity: { host: "my laptop" } }',
      'remote_write.identity.host: must be 1-63 letters',
    ],
    [
      'a misspelt key',
      'remote_write: { url: "https://x.example.com/w", identiy: { host: a } }',
      "remote_write.identiy: unknown key (did you mean 'identity'?)",
    ],
    [
      'a buffer size without a unit',
      'remote_write: { url: "https://x.example.com/w", max_buffer_size: 100 }',
      'remote_write.max_buffer_size: ',
    ],
  ])('rejects %s, naming the key', (_what, text, expected) => {
    const found = problems(text);
    expect(
      found.some((p) => p.startsWith(expected)),
      found.join('\n'),
    ).toBe(true);
  });

  it('allows http without credentials on loopback (a store on this machine)', () => {
    expect(
      parseConfig('remote_write: { url: "http://127.0.0.1:8428/api/v1/write" }').remote_write?.url,
    ).toBe('http://127.0.0.1:8428/api/v1/write');
  });
});
