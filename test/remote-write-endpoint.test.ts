import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '@hookscope/config';
import { checkEndpoint } from '../packages/cli/src/stack/remote-write-agent.js';
import { HOOKSCOPE_BIN, tempDir } from './support/paths.js';
import { freePort, waitFor } from './support/ports.js';
import { startProcess } from './support/processes.js';
import { havePrometheus, startPrometheus, type PrometheusServer } from './support/prometheus.js';
import { haveVictoriaMetrics, startVm, type VmProcess } from './support/victoria.js';

/**
 * What `hookscope up` says about the central store's answers, against real servers: a Prometheus
 * receiving remote write behind basic auth (accepts, 401, 404), vmauth in front of a store that is
 * down (502), a port nobody listens on; and `up` itself starting everything while the store is
 * unreachable.
 */

// bcrypt of the test-only password 's3cret' (lowest cost: checked on every request), as
// Prometheus's web config wants it.
const ALICE_BCRYPT = '$2b$04$abcdefghijklmnopqrstuuLZYjhNQAOdpbzt4WxWlUHjv1wsyH5DG';

describe.skipIf(!havePrometheus() || !haveVictoriaMetrics())('the remote-write endpoint', () => {
  const tmp = tempDir('hookscope-rw-');
  let receiver: PrometheusServer;
  let proxy: VmProcess;

  const config = (lines: string[]) => parseConfig(['remote_write:', ...lines].join('\n'));
  const secrets = (files: Record<string, string>) => {
    mkdirSync(join(tmp.dir, 'secrets'), { recursive: true });
    for (const [f, v] of Object.entries(files)) writeFileSync(join(tmp.dir, f), v, { mode: 0o600 });
  };

  beforeAll(async () => {
    const web = join(tmp.dir, 'web.yml');
    writeFileSync(web, `basic_auth_users:\n  alice: ${ALICE_BCRYPT}\n`);
    receiver = await startPrometheus({
      args: ['--web.enable-remote-write-receiver', `--web.config.file=${web}`],
      readyHeaders: { Authorization: basic('alice', 's3cret') },
    });
    const auth = join(tmp.dir, 'auth.yml');
    const nobody = await freePort();
    writeFileSync(
      auth,
      `users:\n  - username: bob\n    password: pw\n    url_prefix: http://127.0.0.1:${nobody}\n`,
    );
    proxy = await startVm('vmauth', await freePort(), [`-auth.config=${auth}`]);
    secrets({ 'secrets/right': 's3cret\n', 'secrets/wrong': 'hunter2', 'secrets/bob': 'pw' });
  }, 60_000);

  afterAll(async () => {
    await receiver?.stop();
    await proxy?.stop();
    tmp.cleanup();
  });

  it('accepts the right credentials', async () => {
    const c = config([
      `  url: ${receiver.url}/api/v1/write`,
      '  basic_auth: { username: alice, password_file: secrets/right }',
    ]);
    expect(await checkEndpoint(c, tmp.dir)).toEqual({
      ok: true,
      message: `remote write to ${receiver.url}/api/v1/write: accepted (HTTP 204)`,
    });
  });

  it.each([
    [
      'a wrong password: 401, check the password file',
      ['  basic_auth: { username: alice, password_file: secrets/wrong }'],
      '/api/v1/write',
      /fails \(HTTP 401.*\): the credentials are refused: check remote_write\.basic_auth/,
    ],
    [
      'no credentials: 401, set some',
      [],
      '/api/v1/write',
      /fails \(HTTP 401.*\): the endpoint wants credentials: set remote_write\.basic_auth or remote_write\.bearer_token_file/,
    ],
    [
      'a wrong path: 404, the paths of each store',
      ['  basic_auth: { username: alice, password_file: secrets/right }'],
      '/api/v1/push',
      /fails \(HTTP 404.*\): no remote-write receiver at this path: VictoriaMetrics and Prometheus .* take \/api\/v1\/write, Mimir \/api\/v1\/push/,
    ],
  ])('reports %s, with the URL', async (_what, lines, path, expected) => {
    const url = `${receiver.url}${path}`;
    const check = await checkEndpoint(config([`  url: ${url}`, ...lines]), tmp.dir, 20_000);
    expect(check.ok).toBe(false);
    expect(check.message).toContain(`remote write to ${url} fails`);
    expect(check.message).toMatch(expected);
    expect(check.message).toContain('Hooks are not affected; samples wait in the disk buffer');
    expect(check.message).not.toContain('s3cret');
  });

  it('reports a store that fails behind its proxy (5xx) and one that does not answer', async () => {
    const failing = await checkEndpoint(
      config([
        `  url: ${proxy.url}/api/v1/write`,
        '  basic_auth: { username: bob, password_file: secrets/bob }',
      ]),
      tmp.dir,
    );
    expect(failing.message).toMatch(/fails \(HTTP 502.*\): the central store fails/);
    const port = await freePort();
    const gone = await checkEndpoint(
      config([`  url: http://127.0.0.1:${port}/api/v1/write`]),
      tmp.dir,
    );
    expect(gone.message).toMatch(
      new RegExp(
        `remote write to http://127.0.0.1:${port}/api/v1/write fails \\(ECONNREFUSED.*\\): unreachable`,
      ),
    );
  });

  it('hookscope up starts the whole stack with the store unreachable, says so, and shows it as a metric', async () => {
    const [collector, prometheus, alertmanager, agent, otlp, store] = await Promise.all(
      Array.from({ length: 6 }, () => freePort()),
    );
    const dir = join(tmp.dir, 'up');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'hookscope.config.yaml'),
      [
        `collector: { address: 127.0.0.1:${collector} }`,
        `prometheus: { address: 127.0.0.1:${prometheus}, scrape_interval: 1s, evaluation_interval: 1s }`,
        `alertmanager: { address: 127.0.0.1:${alertmanager}, receivers: [] }`,
        'remote_write:',
        `  url: http://127.0.0.1:${store}/api/v1/write`,
        '  identity: { host: offline-laptop }',
        `  agent_address: 127.0.0.1:${agent}`,
      ].join('\n'),
    );
    const up = startProcess(
      process.execPath,
      [HOOKSCOPE_BIN, 'up', '--state-dir', join(dir, 'state'), '--spool-dir', join(dir, 'spool')],
      { ...process.env, HOOKSCOPE_OTLP_PORT: String(otlp) },
      dir,
    );
    try {
      await waitFor(
        'up to report the store',
        () => (/remote write to .* fails/.test(up.output()) ? true : undefined),
        60_000,
      );
      const out = up.output();
      expect(out).toContain('remote-write healthy');
      expect(out).toContain(
        `sends to http://127.0.0.1:${store}/api/v1/write as host=offline-laptop`,
      );
      expect(out).toMatch(
        new RegExp(`remote write to http://127.0.0.1:${store}/api/v1/write fails \\(ECONNREFUSED`),
      );
      // The local Prometheus sees the agent's failures (what HookscopeRemoteWriteFailing reads).
      const errors = await waitFor(
        'the failures as a metric',
        async () => {
          const res = await fetch(
            `http://127.0.0.1:${prometheus}/api/v1/query?query=${encodeURIComponent('sum(vmagent_remotewrite_errors_total{job="hookscope-remote-write"})')}`,
          );
          const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
          const v = Number(body.data.result[0]?.value[1] ?? 0);
          return v > 0 ? v : undefined;
        },
        60_000,
      );
      expect(errors).toBeGreaterThan(0);
    } finally {
      expect(await up.stop('SIGTERM', 30_000)).toBe(0);
    }
  }, 120_000);
});

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
