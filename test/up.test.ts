import { afterEach, describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { defaultConfig } from '@hookscope/config';
import { ruleFiles as ruleFileList } from '@hookscope/mixin';
import { HOOKSCOPE_BIN, tempDir } from './support/paths.js';
import { waitFor } from './support/ports.js';
import { startProcess, type Running } from './support/processes.js';
import { writeStackConfig } from './support/stack-config.js';

/**
 * `hookscope up` runs the real collector, Prometheus and Alertmanager as local processes with
 * configs it generates from the project's config into its state directory, on free loopback
 * ports, and stops them all on Ctrl-C.
 */

interface Ready {
  metrics: string;
  otlp: string;
  prometheus: string;
  alertmanager: string;
  stateDir: string;
  pids: Record<'collector' | 'prometheus' | 'alertmanager', number>;
}

interface Project {
  dir: string;
  config: string;
  env: NodeJS.ProcessEnv;
  cleanup: () => void;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A project with nothing but a config on free ports (no `hookscope generate` run). */
async function project(): Promise<Project> {
  const tmp = tempDir('hookscope-up-');
  cleanups.push(tmp.cleanup);
  const { config, env } = await writeStackConfig(tmp.dir);
  return { dir: tmp.dir, config, env, cleanup: tmp.cleanup };
}

function up(p: Project, env: NodeJS.ProcessEnv = p.env): Running {
  const running = startProcess(
    process.execPath,
    [
      HOOKSCOPE_BIN,
      'up',
      ...['--config', p.config, '--state-dir', join(p.dir, 'state')],
      ...['--spool-dir', join(p.dir, 'spool')],
    ],
    env,
  );
  cleanups.push(async () => {
    await running.stop('SIGINT', 20_000);
  });
  return running;
}

async function ready(running: Running): Promise<Ready> {
  return waitFor(
    'hookscope up to report ready',
    () => {
      if (running.child.exitCode !== null) {
        throw new Error(`hookscope up exited ${running.child.exitCode}: ${running.output()}`);
      }
      const m = /^(\{"ready":true.*\})$/m.exec(running.output());
      return m ? (JSON.parse(m[1]!) as Ready) : undefined;
    },
    60_000,
  );
}

const ruleFileNames = (c: ReturnType<typeof defaultConfig>) =>
  ruleFileList(c)
    .map((f) => f.file)
    .sort();

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.ok, url).toBe(true);
  return (await res.json()) as T;
}

describe('hookscope up', () => {
  it('starts the collector, Prometheus and Alertmanager, wired together; Ctrl-C stops them all', async () => {
    const p = await project();
    const running = up(p);
    const r = await ready(running);
    const out = running.output();
    for (const url of [r.metrics, r.prometheus, r.alertmanager, r.otlp]) expect(out).toContain(url);

    // Each answers, with the project's config.
    expect((await fetch(r.metrics)).status).toBe(200);
    expect((await fetch(`${r.prometheus}/-/ready`)).status).toBe(200);
    expect((await fetch(`${r.alertmanager}/-/ready`)).status).toBe(200);
    const rules = await getJson<{ data: { groups: { file: string }[] } }>(
      `${r.prometheus}/api/v1/rules`,
    );
    // The rules and configs were generated into the state directory, not the project.
    const generated = join(p.dir, 'state', 'config');
    expect(running.output()).toContain(`configs: ${generated}`);
    const ruleFiles = new Set(rules.data.groups.map((g) => g.file));
    expect([...ruleFiles].sort()).toEqual(
      ruleFileNames(defaultConfig()).map((f) => join(generated, 'prometheus', 'rules', f)),
    );
    expect(readdirSync(p.dir).sort()).toEqual(['hookscope.config.yaml', 'spool', 'state']);
    // Prometheus scrapes the collector, itself and Alertmanager, and sends alerts to it.
    await waitFor(
      'every scrape target up',
      async () => {
        const t = await getJson<{
          data: { activeTargets: { labels: { job: string }; health: string }[] };
        }>(`${r.prometheus}/api/v1/targets`);
        const up = t.data.activeTargets.filter((a) => a.health === 'up').map((a) => a.labels.job);
        return up.length === 3 ? up.sort() : undefined;
      },
      30_000,
    ).then((jobs) => expect(jobs).toEqual(['alertmanager', 'hookscope', 'prometheus']));
    const am = await getJson<{ data: { activeAlertmanagers: { url: string }[] } }>(
      `${r.prometheus}/api/v1/alertmanagers`,
    );
    expect(am.data.activeAlertmanagers.map((a) => a.url)).toEqual([
      `${r.alertmanager}/api/v2/alerts`,
    ]);
    // The OTLP receiver takes an (empty) export.
    const otlp = await fetch(`${r.otlp}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceMetrics":[]}',
    });
    expect(otlp.status).toBe(200);

    // All data under the one state directory.
    const state = join(p.dir, 'state');
    expect(r.stateDir).toBe(state);
    expect(readdirSync(state).sort()).toEqual(
      ['alertmanager', 'collector', 'config', 'logs', 'prometheus', 'up.pid'].sort(),
    );
    expect(existsSync(join(state, 'prometheus', 'wal'))).toBe(true);
    expect(readdirSync(join(state, 'logs')).sort()).toEqual([
      'alertmanager.log',
      'collector.log',
      'prometheus.log',
    ]);

    // Ctrl-C: every service stops, cleanly, and up exits 0.
    const code = await running.stop('SIGINT', 30_000);
    expect(code, running.output()).toBe(0);
    for (const name of ['alertmanager', 'prometheus', 'collector'] as const) {
      expect(running.output()).toMatch(new RegExp(`${name}\\s+stopped \\(exit code 0\\)`));
      expect(alive(r.pids[name]), name).toBe(false);
    }
    expect(existsSync(join(state, 'up.pid'))).toBe(false);
    await expect(fetch(r.prometheus)).rejects.toThrow();
  });

  it('stops everything and exits 1 when a service dies', async () => {
    const p = await project();
    const running = up(p);
    const r = await ready(running);
    process.kill(r.pids.prometheus, 'SIGKILL');
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain(
      'prometheus exited (killed by SIGKILL); stopping the others',
    );
    expect(alive(r.pids.collector)).toBe(false);
    expect(alive(r.pids.alertmanager)).toBe(false);
  });

  it('names what is missing and how to install it, and starts nothing', async () => {
    const p = await project();
    // A PATH with node only: no prometheus, no alertmanager.
    const bin = join(p.dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const env = { ...p.env, PATH: bin };
    const running = up(p, env);
    expect(await running.exited).toBe(1);
    const out = running.output();
    expect(out).toContain('Prometheus is not installed');
    expect(out).toContain('sudo apt-get install prometheus');
    expect(out).toContain('Alertmanager is not installed');
    expect(out).toContain('sudo apt-get install prometheus-alertmanager');
    expect(out).toContain('nothing was started');
    expect(existsSync(join(p.dir, 'state'))).toBe(false);
  });

  it('refuses a port already in use, naming it and the config key', async () => {
    const p = await project();
    const port = Number(
      /prometheus: \{ address: 127\.0\.0\.1:(\d+)/.exec(readFileSync(p.config, 'utf8'))![1],
    );
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const running = up(p);
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain(`127.0.0.1:${port} (Prometheus) is already in use`);
    expect(running.output()).toContain('change prometheus.address in hookscope.config.yaml');
  });

  it('names a state directory it cannot write, and writes nothing', async () => {
    const p = await project();
    const file = join(p.dir, 'a-file');
    writeFileSync(file, '');
    const running = startProcess(
      process.execPath,
      [HOOKSCOPE_BIN, 'up', '--config', p.config, '--state-dir', join(file, 'state')],
      p.env,
    );
    cleanups.push(async () => void (await running.stop('SIGINT', 20_000)));
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain(
      `cannot write the state directory ${join(file, 'state')} (${file} is not a directory): give another with --state-dir DIR`,
    );
    expect(running.output()).toContain('nothing was started');
    expect(readdirSync(p.dir).sort()).toEqual(['a-file', 'hookscope.config.yaml']);
  });

  it('refuses an invalid config, naming the key, and writes nothing', async () => {
    const p = await project();
    writeFileSync(p.config, 'hooks:\n  latency_seconds: { warning: 50, critical: 40 }\n');
    const running = up(p);
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain(
      `${p.config}:2:22: hooks.latency_seconds.warning: must be below critical (40), got 50`,
    );
    expect(running.output()).toContain('nothing was started');
    expect(readdirSync(p.dir)).toEqual(['hookscope.config.yaml']);
  });
});
