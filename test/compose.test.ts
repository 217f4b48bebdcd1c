import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@hookscope/config';
import { JOBS } from '@hookscope/mixin';
import { DATASOURCE_UID } from '@hookscope/dashboards';
import { HOOKSCOPE_BIN, REPO_ROOT } from './support/paths.js';
import { runToEnd } from './support/processes.js';
import { committedDashboards } from './support/dashboards.js';

/**
 * The docker-compose stack, validated statically (there is no Docker engine here): Debian's
 * docker-compose accepts it, every file it mounts exists, and every port, URL and path agrees
 * across docker-compose.yml, deploy/prometheus.yml, Grafana's provisioning, the dashboards and
 * hookscope.config.yaml.
 */

interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string };
  command: string[];
  environment?: Record<string, string>;
  ports:
    | {
        mode?: string;
        protocol: string;
        published: string | number;
        target: number;
        host_ip?: string;
      }[]
    | string[];
  volumes: string[];
  secrets?: (string | { source: string; target: string })[];
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
}

interface Compose {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { file: string }>;
}

const config = loadConfig({ cwd: REPO_ROOT, env: {} }).config;

/** `docker-compose config`: the file as Compose resolves it (paths absolute, ports expanded). */
async function composeConfig(): Promise<{ code: number | null; out: string; err: string }> {
  const r = await runToEnd(
    'docker-compose',
    ['-f', join(REPO_ROOT, 'docker-compose.yml'), 'config'],
    {
      env: { ...process.env, HOOKSCOPE_SPOOL_DIR: '/var/tmp/hookscope-spool' },
    },
  );
  return { code: r.code, out: r.stdout.toString(), err: r.stderr };
}

const resolved = await composeConfig();
const compose = parse(resolved.out) as Compose;
const raw = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
const service = (name: string) => compose.services[name]!;

/** `host:published:target` as written in the generated file. */
function published(name: string): { host: string; port: number; target: number }[] {
  return (raw.services[name]!.ports as string[]).map((p) => {
    const m = /^(.+):(\d+):(\d+)$/.exec(p)!;
    return { host: m[1]!, port: Number(m[2]), target: Number(m[3]) };
  });
}

/** A service's bind mounts: host path (absolute) -> container path. */
function binds(name: string): { source: string; target: string }[] {
  return service(name)
    .volumes.map((v) => v.split(':'))
    .filter(([source]) => source!.startsWith('/'))
    .map(([source, target]) => ({ source: source!, target: target! }));
}

const flag = (cmd: string[], name: string) =>
  cmd.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const argAfter = (cmd: string[], name: string) => cmd[cmd.indexOf(`--${name}`) + 1];
const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));

describe('the generated stack files', () => {
  it('are committed and up to date: regenerating changes nothing', async () => {
    const check = await runToEnd(process.execPath, [HOOKSCOPE_BIN, 'generate', '--check'], {
      env: { ...process.env, HOOKSCOPE_CONFIG: join(REPO_ROOT, 'hookscope.config.yaml') },
    });
    const out = check.stdout.toString();
    expect(check.code, out + check.stderr).toBe(0);
    const paths = [...out.matchAll(/^\s+unchanged\s+(\S+)$/gm)].map((m) => m[1]!);
    const ours = paths.filter((p) => /^(grafana\/|docker-compose\.yml$|deploy\/)/.test(p));
    expect(ours.sort()).toEqual(
      [
        'deploy/prometheus.yml',
        'docker-compose.yml',
        'grafana/provisioning/dashboards/hookscope.yml',
        'grafana/provisioning/datasources/hookscope.yml',
        ...committedDashboards().map((d) => `grafana/dashboards/${d.file}`),
      ].sort(),
    );
    expect(committedDashboards()).toHaveLength(7);
    execFileSync('git', ['ls-files', '--error-unmatch', ...ours], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
    expect(
      execFileSync('git', ['status', '--porcelain', '--', ...ours], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      }),
    ).toBe('');
  });
});

describe('docker-compose.yml', () => {
  it("is accepted by Debian's docker-compose config", () => {
    expect(resolved.err, 'is docker-compose installed? ./scripts/bootstrap.sh installs it').toBe(
      '',
    );
    expect(resolved.code).toBe(0);
    expect(Object.keys(compose.services).sort()).toEqual([
      'alertmanager',
      'collector',
      'grafana',
      'prometheus',
    ]);
  });

  it('mounts only files that exist (secrets: git-ignored, created by the user)', () => {
    const missing: string[] = [];
    for (const name of Object.keys(compose.services)) {
      for (const b of binds(name)) {
        const path = relative(REPO_ROOT, b.source);
        if (b.source === '/var/tmp/hookscope-spool') continue; // the host's spool, from the env
        if (!existsSync(b.source)) missing.push(`${name}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
    // Alertmanager runs in the project's layout: its config's secret paths (relative to the
    // project) point at the mounted secrets.
    const am = service('alertmanager') as ComposeService & { working_dir: string };
    const secretPaths = [
      ...readFileSync(join(REPO_ROOT, 'alertmanager', 'alertmanager.yml'), 'utf8').matchAll(
        /_file: (\S+)/g,
      ),
    ].map((m) => m[1]!);
    expect(secretPaths.length).toBeGreaterThan(0);
    const targets = (am.secrets ?? []).map((x) => (typeof x === 'string' ? x : x.target));
    for (const p of secretPaths) expect(targets).toContain(join(am.working_dir, p));
    for (const [name, s] of Object.entries(compose.secrets)) {
      const path = relative(REPO_ROOT, s.file);
      expect(path, name).toMatch(/^secrets\//);
      // Ignored by git: a secret file can never be committed by accident.
      execFileSync('git', ['check-ignore', '--quiet', path], { cwd: REPO_ROOT });
    }
  });

  it('publishes every port on the address the config gives, loopback by default', () => {
    const expected: Record<string, string[]> = {
      collector: [config.collector.address, `127.0.0.1:4318`],
      prometheus: [config.prometheus.address],
      alertmanager: [config.alertmanager.address],
      grafana: ['127.0.0.1:3000'],
    };
    for (const [name, addresses] of Object.entries(expected)) {
      expect(published(name).map((p) => `${p.host}:${p.port}`)).toEqual(addresses);
      for (const p of published(name)) expect(p.host).toBe('127.0.0.1');
    }
  });

  it('has the ports each service listens on, health checks, restart policies, named volumes, pinned images', () => {
    const listen: Record<string, number> = {
      collector: Number(argAfter(service('collector').command, 'port')),
      prometheus: portOf(flag(service('prometheus').command, 'web.listen-address')!),
      alertmanager: portOf(flag(service('alertmanager').command, 'web.listen-address')!),
      grafana: 3000, // the image's default
    };
    expect(published('collector').map((p) => p.target)).toEqual([
      listen['collector'],
      Number(argAfter(service('collector').command, 'otlp-port')),
    ]);
    for (const name of ['prometheus', 'alertmanager', 'grafana']) {
      expect(published(name)[0]!.target, name).toBe(listen[name]);
    }
    for (const [name, s] of Object.entries(compose.services)) {
      expect(s.restart, name).toBe('unless-stopped');
      const check = s.healthcheck?.test.join(' ') ?? '';
      expect(check, name).toContain(`http://127.0.0.1:${listen[name]}/`);
      expect(s.image, name).toMatch(/:v?\d+\.\d+\.\d+$/);
      for (const v of s.volumes.filter((v) => !v.startsWith('/'))) {
        expect(Object.keys(compose.volumes), `${name}: ${v}`).toContain(v.split(':')[0]);
      }
    }
    expect(service('collector').build).toEqual({
      context: REPO_ROOT,
      dockerfile: 'deploy/Dockerfile',
    });
    const dockerfile = readFileSync(join(REPO_ROOT, 'deploy', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^EXPOSE 9464 4318$/m);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-/m);
  });

  it('runs Prometheus on deploy/prometheus.yml with the generated rules, scraping the services by name', () => {
    const cmd = service('prometheus').command;
    const configFile = flag(cmd, 'config.file')!;
    const mounts = binds('prometheus');
    expect(mounts.find((m) => m.target === configFile)?.source).toBe(
      join(REPO_ROOT, 'deploy', 'prometheus.yml'),
    );
    const prom = parse(readFileSync(join(REPO_ROOT, 'deploy', 'prometheus.yml'), 'utf8')) as {
      global: { scrape_interval: string };
      rule_files: string[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    // rule_files are relative to the config file; that directory is prometheus/rules.
    const ruleDir = join(configFile, '..', prom.rule_files[0]!.replace(/\/\*\.yml$/, ''));
    expect(mounts.find((m) => m.target === ruleDir)?.source).toBe(
      join(REPO_ROOT, 'prometheus', 'rules'),
    );
    const targets = Object.fromEntries(
      prom.scrape_configs.map((j) => [j.job_name, j.static_configs[0]!.targets[0]]),
    );
    const collectorPort = argAfter(service('collector').command, 'port');
    expect(targets).toEqual({
      [JOBS.collector]: `collector:${collectorPort}`,
      [JOBS.prometheus]: `localhost:${portOf(flag(cmd, 'web.listen-address')!)}`,
      [JOBS.alertmanager]: `alertmanager:${portOf(flag(service('alertmanager').command, 'web.listen-address')!)}`,
    });
    expect(prom.alerting.alertmanagers[0]!.static_configs[0]!.targets).toEqual([
      targets[JOBS.alertmanager],
    ]);
    expect(prom.global.scrape_interval).toBe(config.prometheus.scrape_interval);
    // The same retention as `hookscope up` gives the local Prometheus.
    expect(flag(cmd, 'storage.tsdb.retention.time')).toBe(`${config.prometheus.retention.days}d`);
    expect(flag(cmd, 'storage.tsdb.retention.size')).toBe(config.prometheus.retention.size);
  });

  it('provisions Grafana with the datasources the dashboards use and the dashboards it mounts', () => {
    const grafana = service('grafana');
    const mounts = binds('grafana');
    const provisioning = mounts.find((m) => m.target === '/etc/grafana/provisioning');
    expect(provisioning?.source).toBe(join(REPO_ROOT, 'grafana', 'provisioning'));
    const ds = parse(
      readFileSync(
        join(REPO_ROOT, 'grafana', 'provisioning', 'datasources', 'hookscope.yml'),
        'utf8',
      ),
    ) as {
      datasources: { uid: string; type: string; url: string; jsonData: Record<string, string> }[];
    };
    const prometheus = ds.datasources.find((d) => d.type === 'prometheus')!;
    const alertmanager = ds.datasources.find((d) => d.type === 'alertmanager')!;
    expect(prometheus.uid).toBe(DATASOURCE_UID);
    expect(prometheus.url).toBe(
      `http://prometheus:${portOf(flag(service('prometheus').command, 'web.listen-address')!)}`,
    );
    expect(alertmanager.url).toBe(
      `http://alertmanager:${portOf(flag(service('alertmanager').command, 'web.listen-address')!)}`,
    );
    expect(prometheus.jsonData['alertmanagerUid']).toBe(alertmanager.uid);
    expect(prometheus.jsonData['timeInterval']).toBe(config.prometheus.scrape_interval);
    // Every dashboard's datasource variable defaults to the provisioned uid.
    for (const { dashboard } of committedDashboards()) {
      expect(dashboard.templating!.list![0]!.current!.value, dashboard.title).toBe(DATASOURCE_UID);
    }
    const provider = parse(
      readFileSync(
        join(REPO_ROOT, 'grafana', 'provisioning', 'dashboards', 'hookscope.yml'),
        'utf8',
      ),
    ) as { providers: { options: { path: string } }[] };
    const dashboardsDir = provider.providers[0]!.options.path;
    expect(mounts.find((m) => m.target === dashboardsDir)?.source).toBe(
      join(REPO_ROOT, 'grafana', 'dashboards'),
    );
    const home = grafana.environment!['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH']!;
    expect(
      existsSync(join(REPO_ROOT, 'grafana', 'dashboards', relative(dashboardsDir, home))),
    ).toBe(true);
    expect(grafana.environment!['GF_SECURITY_ADMIN_PASSWORD__FILE']).toMatch(/^\/run\/secrets\//);
  });
});
