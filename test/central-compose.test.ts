import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@hookscope/config';
import { DATASOURCE_UID } from '@hookscope/dashboards';
import { vmalertFlags } from '@hookscope/mixin';
import { REPO_ROOT, tempDir } from './support/paths.js';
import { freePort, waitFor } from './support/ports.js';
import { runToEnd, startProcess, type Running } from './support/processes.js';
import { haveVictoriaMetrics, startVm, type VmProcess } from './support/victoria.js';

/**
 * central/docker-compose.yml, validated without a Docker engine: Debian's docker-compose accepts
 * it, every file it mounts exists, every port, URL and path agrees across the services, the
 * rules and Grafana's provisioning, and the services' own command lines start the real binaries
 * (VictoriaMetrics, vmalert, two Alertmanager peers that form a cluster), each service name and
 * container path replaced by a loopback port and the host path mounted there.
 */

interface Service {
  image: string;
  command: string[];
  environment?: Record<string, string>;
  ports: string[];
  volumes: string[];
  secrets?: (string | { source: string; target: string })[];
  working_dir?: string;
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { file: string }>;
}

const CENTRAL = join(REPO_ROOT, 'central');
const FILE = join(CENTRAL, 'docker-compose.yml');
const config = loadConfig({ cwd: REPO_ROOT, env: {} }).config;
const raw = parse(readFileSync(FILE, 'utf8')) as Compose;
const resolvedRun = await runToEnd('docker-compose', ['-f', FILE, 'config'], {
  env: { ...process.env, HOOKSCOPE_CENTRAL_ADDRESS: '' },
});
const resolved = parse(resolvedRun.stdout.toString()) as Compose;
const service = (name: string) => raw.services[name]!;

/** A service's bind mounts, host path (absolute) -> container path, as Compose resolves them. */
function binds(name: string): { source: string; target: string }[] {
  return resolved.services[name]!.volumes.map((v) => v.split(':')).flatMap(([source, target]) =>
    source!.startsWith('/') ? [{ source: source!, target: target! }] : [],
  );
}
/** The value of `-name=` or `--name=` in a command. */
const flag = (cmd: string[], name: string) =>
  cmd.find((a) => a.replace(/^--?/, '').startsWith(`${name}=`))?.replace(/^--?[^=]+=/, '');
const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));
/** `host:published:target` as written in the generated file (the address may be a variable). */
const published = (name: string) =>
  service(name).ports.map((p) => {
    const m = /^(.+):(\d+):(\d+)$/.exec(p)!;
    return { host: m[1]!, port: Number(m[2]), target: Number(m[3]) };
  });

const LISTEN: Record<string, number> = {
  victoriametrics: portOf(flag(service('victoriametrics').command, 'httpListenAddr')!),
  vmalert: portOf(flag(service('vmalert').command, 'httpListenAddr')!),
  'alertmanager-a': portOf(flag(service('alertmanager-a').command, 'web.listen-address')!),
  'alertmanager-b': portOf(flag(service('alertmanager-b').command, 'web.listen-address')!),
  grafana: 3000, // the image's default
};

describe('central/docker-compose.yml', () => {
  it("is accepted by Debian's docker-compose config", () => {
    expect(
      resolvedRun.stderr,
      'is docker-compose installed? ./scripts/bootstrap.sh installs it',
    ).toBe('');
    expect(resolvedRun.code).toBe(0);
    expect(Object.keys(resolved.services).sort()).toEqual([
      'alertmanager-a',
      'alertmanager-b',
      'grafana',
      'victoriametrics',
      'vmalert',
    ]);
  });

  it('mounts only files that exist; its secrets are git-ignored files under secrets/', () => {
    const missing = Object.keys(resolved.services).flatMap((name) =>
      binds(name)
        .filter((b) => !existsSync(b.source))
        .map((b) => `${name}: ${b.source}`),
    );
    expect(missing).toEqual([]);
    for (const [name, s] of Object.entries(resolved.secrets)) {
      const path = relative(REPO_ROOT, s.file);
      expect(path, name).toMatch(/^secrets\//);
      execFileSync('git', ['check-ignore', '--quiet', path], { cwd: REPO_ROOT });
    }
    // The Alertmanagers run in the project's layout: the config's secret paths, relative to the
    // working directory, are where the secrets are mounted.
    const secretPaths = [
      ...readFileSync(join(REPO_ROOT, 'alertmanager', 'alertmanager.yml'), 'utf8').matchAll(
        /_file: (\S+)/g,
      ),
    ].map((m) => m[1]!);
    expect(secretPaths.length).toBeGreaterThan(0);
    for (const name of ['alertmanager-a', 'alertmanager-b']) {
      const am = service(name);
      const targets = (am.secrets ?? []).map((x) => (typeof x === 'string' ? x : x.target));
      for (const p of secretPaths) expect(targets, name).toContain(join(am.working_dir!, p));
    }
  });

  it('publishes VictoriaMetrics on HOOKSCOPE_CENTRAL_ADDRESS (loopback by default), everything else on loopback', () => {
    expect(published('victoriametrics')).toEqual([
      { host: '${HOOKSCOPE_CENTRAL_ADDRESS:-127.0.0.1}', port: 8428, target: 8428 },
    ]);
    const ports = resolved.services['victoriametrics']!.ports as unknown as { host_ip?: string }[];
    expect(ports[0]!.host_ip ?? '127.0.0.1').toBe('127.0.0.1');
    for (const name of ['vmalert', 'alertmanager-a', 'alertmanager-b', 'grafana']) {
      for (const p of published(name)) {
        expect(p.host, name).toBe('127.0.0.1');
        expect(p.target, name).toBe(LISTEN[name]);
      }
    }
    // Two peers on one host: different published ports.
    expect(published('alertmanager-a')[0]!.port).not.toBe(published('alertmanager-b')[0]!.port);
  });

  it('has health checks on the ports the services listen on, restart policies, named volumes, pinned images', () => {
    for (const [name, s] of Object.entries(raw.services)) {
      expect(s.restart, name).toBe('unless-stopped');
      expect(s.healthcheck?.test.join(' '), name).toContain(`http://127.0.0.1:${LISTEN[name]}/`);
      expect(s.image, name).toMatch(/:v?\d+\.\d+\.\d+$/);
      for (const v of s.volumes.filter((v) => !v.startsWith('.') && !v.startsWith('/')))
        expect(Object.keys(raw.volumes), `${name}: ${v}`).toContain(v.split(':')[0]);
    }
  });

  it('runs vmalert with the flags the docs give, on the central rules, notifying both peers', () => {
    const cmd = service('vmalert').command;
    const rules = flag(cmd, 'rule')!;
    const dir = rules.replace(/\/\*\.yml$/, '');
    expect(binds('vmalert').find((b) => b.target === dir)?.source).toBe(join(CENTRAL, 'rules'));
    const store = `http://victoriametrics:${LISTEN['victoriametrics']}`;
    const peers = ['alertmanager-a', 'alertmanager-b'].map((n) => `http://${n}:${LISTEN[n]}`);
    expect(cmd).toEqual([
      ...vmalertFlags(config, { store, alertmanagers: peers, rules }),
      `-httpListenAddr=:${LISTEN['vmalert']}`,
    ]);
    expect(Object.keys(service('vmalert').depends_on ?? {})).toEqual(['victoriametrics']);
  });

  it('makes the two Alertmanagers peers of each other, on the project’s alertmanager.yml', () => {
    for (const [self, other] of [
      ['alertmanager-a', 'alertmanager-b'],
      ['alertmanager-b', 'alertmanager-a'],
    ] as const) {
      const cmd = service(self).command;
      const clusterPort = portOf(flag(service(other).command, 'cluster.listen-address')!);
      expect(flag(cmd, 'cluster.peer'), self).toBe(`${other}:${clusterPort}`);
      const configFile = flag(cmd, 'config.file')!;
      expect(
        binds(self).find((b) => join(b.target, 'alertmanager.yml') === configFile)?.source,
      ).toBe(join(REPO_ROOT, 'alertmanager'));
    }
  });

  it('provisions Grafana with the central store under the dashboards’ datasource uid, and the dashboards', () => {
    const mounts = binds('grafana');
    expect(mounts.find((m) => m.target === '/etc/grafana/provisioning')?.source).toBe(
      join(CENTRAL, 'grafana', 'provisioning'),
    );
    const ds = parse(
      readFileSync(
        join(CENTRAL, 'grafana', 'provisioning', 'datasources', 'hookscope.yml'),
        'utf8',
      ),
    ) as {
      datasources: { uid: string; type: string; url: string; jsonData: Record<string, string> }[];
    };
    const prometheus = ds.datasources.find((d) => d.type === 'prometheus')!;
    const alertmanager = ds.datasources.find((d) => d.type === 'alertmanager')!;
    expect(prometheus.uid).toBe(DATASOURCE_UID);
    expect(prometheus.url).toBe(`http://victoriametrics:${LISTEN['victoriametrics']}`);
    expect(alertmanager.url).toBe(`http://alertmanager-a:${LISTEN['alertmanager-a']}`);
    expect(prometheus.jsonData['alertmanagerUid']).toBe(alertmanager.uid);
    expect(prometheus.jsonData['timeInterval']).toBe(config.prometheus.scrape_interval);
    const provider = parse(
      readFileSync(join(CENTRAL, 'grafana', 'provisioning', 'dashboards', 'hookscope.yml'), 'utf8'),
    ) as { providers: { options: { path: string } }[] };
    const dashboardsDir = provider.providers[0]!.options.path;
    expect(mounts.find((m) => m.target === dashboardsDir)?.source).toBe(
      join(REPO_ROOT, 'grafana', 'dashboards'),
    );
    const home = service('grafana').environment!['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH']!;
    expect(
      existsSync(join(REPO_ROOT, 'grafana', 'dashboards', relative(dashboardsDir, home))),
    ).toBe(true);
    expect(service('grafana').environment!['GF_SECURITY_ADMIN_PASSWORD__FILE']).toMatch(
      /^\/run\/secrets\//,
    );
  });
});

describe.skipIf(!haveVictoriaMetrics())(
  'central/docker-compose.yml, its commands run for real',
  () => {
    const tmp = tempDir('hookscope-central-compose-');
    const stops: (() => Promise<unknown>)[] = [];
    /** Service name -> loopback address, container path -> host path, for one command. */
    let localize: (name: string, cmd: string[]) => string[];
    const ports: Record<string, number> = {};
    const clusterPorts: Record<string, number> = {};

    beforeAll(async () => {
      for (const name of Object.keys(LISTEN)) ports[name] = await freePort();
      for (const name of ['alertmanager-a', 'alertmanager-b'])
        clusterPorts[name] = await freePort();
      localize = (name, cmd) =>
        cmd.map((arg) => {
          let a = arg;
          // A listen address of the container (`:8428`, `0.0.0.0:9093`) becomes this one's port.
          a = a.replace(/=(0\.0\.0\.0)?:(\d+)$/, (_m, _h, port: string) =>
            Number(port) === LISTEN[name]
              ? `=127.0.0.1:${ports[name]}`
              : `=127.0.0.1:${clusterPorts[name]}`,
          );
          for (const other of Object.keys(LISTEN)) {
            a = a.replaceAll(`${other}:${LISTEN[other]}`, `127.0.0.1:${ports[other]}`);
            if (clusterPorts[other]) {
              const cp = portOf(flag(service(other).command, 'cluster.listen-address')!);
              a = a.replaceAll(`${other}:${cp}`, `127.0.0.1:${clusterPorts[other]}`);
            }
          }
          for (const b of binds(name)) a = a.replace(`=${b.target}`, `=${b.source}`);
          // Named volumes (the store's data, the Alertmanagers' state) go to a temporary directory.
          for (const target of ['/storage', '/alertmanager'])
            a = a.replace(`=${target}`, `=${join(tmp.dir, name)}`);
          return a;
        });
    });

    afterAll(async () => {
      for (const stop of stops.reverse()) await stop();
      tmp.cleanup();
    });

    it('VictoriaMetrics and vmalert start with the compose file’s own flags and load every central rule', async () => {
      // The images are of the version these binaries are (Debian's package).
      const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'victoria-metrics'], {
        encoding: 'utf8',
      });
      for (const name of ['victoriametrics', 'vmalert'])
        expect(version, name).toMatch(new RegExp(`^${service(name).image.split(':v')[1]!}\\b`));
      const vm = await startVm(
        'victoria-metrics',
        ports['victoriametrics']!,
        localize('victoriametrics', service('victoriametrics').command).filter(
          (f) => !f.startsWith('-httpListenAddr='),
        ),
      );
      stops.push(() => vm.stop());
      const vmalert: VmProcess = await startVm(
        'vmalert',
        ports['vmalert']!,
        localize('vmalert', service('vmalert').command).filter(
          (f) => !f.startsWith('-httpListenAddr='),
        ),
      );
      stops.push(() => vmalert.stop());
      const body = (await (await fetch(`${vmalert.url}/api/v1/rules`)).json()) as {
        data: { groups: { file: string; name: string }[] };
      };
      const files = new Set(body.data.groups.map((g) => g.file.split('/').pop()));
      const expected = execFileSync('git', ['ls-files', 'central/rules'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .map((p) => p.split('/').pop());
      expect([...files].sort()).toEqual(expected.sort());
    });

    it('the two Alertmanagers start with their compose commands and form one cluster', async () => {
      const ams: Running[] = [];
      for (const name of ['alertmanager-a', 'alertmanager-b']) {
        const cmd = localize(name, service(name).command);
        const am = startProcess(
          'prometheus-alertmanager',
          [...cmd, '--log.level=warn'],
          process.env,
          REPO_ROOT,
        );
        ams.push(am);
        stops.push(() => am.stop());
      }
      const peers = async (name: string) => {
        const res = await fetch(`http://127.0.0.1:${ports[name]}/api/v2/status`);
        const status = (await res.json()) as { cluster: { status: string; peers: unknown[] } };
        return status.cluster;
      };
      for (const name of ['alertmanager-a', 'alertmanager-b']) {
        const cluster = await waitFor(
          `${name} in a cluster of two`,
          async () => {
            const c = await peers(name).catch(() => undefined);
            return c?.status === 'ready' && c.peers.length === 2 ? c : undefined;
          },
          60_000,
          500,
        ).catch((err: Error) => {
          throw new Error(`${err.message}\n${ams.map((a) => a.output()).join('\n')}`);
        });
        expect(cluster.peers).toHaveLength(2);
      }
    }, 90_000);
  },
);
