import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, tempDir } from './support/paths.js';
import { freePort, waitFor } from './support/ports.js';
import { runToEnd, startProcess, type Running } from './support/processes.js';
import { portFree } from '../packages/cli/src/stack/ports.js';

/**
 * hookscope as a user gets it: every package packed with `npm pack`, the tarballs installed into
 * a fresh project outside this repository that has its own docker-compose.yml and Claude Code
 * settings; from there `install`, a wrapped hook (native launcher and the JS fallback),
 * `collector`, `up` (ready, then stopped), `demo` and `report`. The project keeps every file it
 * had, except the settings `install` was asked to change.
 */

const WORKSPACES = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  workspaces: string[];
};

const HOOK = 'cat >/dev/null; echo allowed';
const SETTINGS = JSON.stringify(
  { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: HOOK }] }] } },
  null,
  2,
);
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n';
const PAYLOAD = JSON.stringify({
  session_id: 's1',
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'ls' },
});

let tmp: { dir: string; cleanup: () => void };
let project: string;
/** hookscope's own files go here, outside the project. */
let env: NodeJS.ProcessEnv;
let before: Map<string, string>;
const running: Running[] = [];

/** Every file of the project but node_modules, with a hash of its content. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (p === join(dir, 'node_modules')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return files;
}

const hookscope = (args: string[], opts: { input?: string; extraEnv?: NodeJS.ProcessEnv } = {}) =>
  runToEnd(join(project, 'node_modules', '.bin', 'hookscope'), args, {
    cwd: project,
    env: { ...env, ...opts.extraEnv },
    input: opts.input,
    timeoutMs: 60_000,
  });

const text = (r: { stdout: Buffer; stderr: string }) => r.stdout.toString() + r.stderr;

beforeAll(async () => {
  tmp = tempDir('hookscope-pack-');
  project = join(tmp.dir, 'my-app');
  mkdirSync(join(project, '.claude'), { recursive: true });
  mkdirSync(join(project, '.git'));
  writeFileSync(join(project, 'package.json'), '{ "name": "my-app", "private": true }\n');
  writeFileSync(join(project, 'docker-compose.yml'), COMPOSE);
  writeFileSync(join(project, '.claude', 'settings.json'), SETTINGS);

  const tarballs = join(tmp.dir, 'tarballs');
  mkdirSync(tarballs);
  const pack = await runToEnd(
    'npm',
    [
      'pack',
      '--silent',
      '--pack-destination',
      tarballs,
      ...WORKSPACES.workspaces.flatMap((w) => ['-w', w]),
    ],
    { cwd: REPO_ROOT, timeoutMs: 240_000 },
  );
  expect(pack.code, text(pack)).toBe(0);
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  expect(files).toHaveLength(WORKSPACES.workspaces.length);
  const install = await runToEnd(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...files],
    { cwd: project, timeoutMs: 240_000 },
  );
  expect(install.code, text(install)).toBe(0);

  env = { ...process.env, XDG_STATE_HOME: join(tmp.dir, 'state'), HOOKSCOPE_OTLP_PORT: '0' };
  for (const k of [
    'HOOKSCOPE_CONFIG',
    'HOOKSCOPE_SPOOL_DIR',
    'HOOKSCOPE_STACK_DIR',
    'HOOKSCOPE_STATE_DIR',
  ])
    delete env[k];
  // What npm wrote (package.json, the lockfile) was asked for; from here on nothing else is.
  before = snapshot(project);
}, 600_000);

afterAll(async () => {
  for (const r of running) await r.stop('SIGKILL');
  tmp?.cleanup();
});

describe('the packed packages, installed in a project of its own', () => {
  it('carry what they run with, and nothing points back into this repository', () => {
    const cli = join(project, 'node_modules', '@hookscope', 'cli');
    expect(existsSync(join(cli, 'bin', 'hookscope'))).toBe(true);
    // The code-cached fast paths and, when the build made one, the native launcher.
    const dist = readdirSync(join(cli, 'dist'));
    expect(dist).toEqual(expect.arrayContaining(['exec.cjs', 'exec-main.cjs', 'emit.cjs']));
    expect(dist.some((f) => /^exec-main\.[0-9a-f]+\.cache$/.test(f))).toBe(true);
    if (existsSync(join(REPO_ROOT, 'packages', 'cli', 'dist', 'native', 'hookscope')))
      expect(readdirSync(join(cli, 'dist', 'native'))).toEqual(['hookscope']);
    const telemetry = readdirSync(join(project, 'node_modules', '@hookscope', 'telemetry', 'dist'));
    expect(telemetry.some((f) => /^library\.[0-9a-f]+\.cache$/.test(f))).toBe(true);
    for (const pkg of readdirSync(join(project, 'node_modules', '@hookscope'))) {
      // Installed from the tarballs, not linked to the workspace.
      expect(statSync(join(project, 'node_modules', '@hookscope', pkg)).isDirectory()).toBe(true);
      // V8's code caches keep the name the bundle had when the build trained them: data inside
      // the cache, not a path anything opens.
      const found = runGrep(REPO_ROOT, [join(project, 'node_modules', '@hookscope', pkg)]).filter(
        (f) => !f.endsWith('.cache'),
      );
      expect(found, `${pkg} mentions ${REPO_ROOT}`).toEqual([]);
    }
  });

  it('the shared runtime is reachable by its name only, the telemetry library by its root', async () => {
    const probe = `
      const runtime = await import('@hookscope/runtime');
      const telemetry = await import('@hookscope/telemetry');
      let refused = '';
      try { await import('@hookscope/runtime/dist/index.js'); } catch (e) { refused = e.code; }
      console.log(JSON.stringify({
        blank: runtime.envValue({ V: ' ' }, 'V') ?? null,
        redacted: telemetry.redactSecrets('password=hunter2hunter2'),
        init: typeof telemetry.initTelemetry,
        refused,
      }));`;
    const r = await runToEnd(process.execPath, ['--input-type=module', '-e', probe], {
      cwd: project,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.toString()) as Record<string, string | null>;
    expect(out).toEqual({
      blank: null,
      redacted: expect.not.stringContaining('hunter2'),
      init: 'function',
      refused: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  });

  it('install wraps the hooks; a wrapped hook runs as before and is recorded, natively and by the JS fallback', async () => {
    const r = await hookscope(['install']);
    expect(r.code, text(r)).toBe(0);
    const settings = readFileSync(join(project, '.claude', 'settings.json'), 'utf8');
    expect(settings).not.toContain(REPO_ROOT);
    const command = (
      JSON.parse(settings) as {
        hooks: { PreToolUse: { hooks: { command: string }[] }[] };
      }
    ).hooks.PreToolUse[0]!.hooks[0]!.command;
    const cli = join(project, 'node_modules', '@hookscope', 'cli');
    const launcher = /^(\S+) exec /.exec(command)?.[1];
    expect([join(cli, 'bin', 'hookscope'), join(cli, 'dist', 'native', 'hookscope')]).toContain(
      launcher,
    );
    // As installed (the native launcher when the build made one), then the JS fallback.
    const fallback = command.replace(launcher!, join(cli, 'bin', 'hookscope'));
    for (const [native, run] of [
      ['1', command],
      ['0', fallback],
    ] as const) {
      const spool = join(tmp.dir, `spool-${native}`);
      const hook = await runToEnd('/bin/sh', ['-c', run], {
        cwd: project,
        env: { ...env, HOOKSCOPE_SPOOL_DIR: spool, HOOKSCOPE_NATIVE: native },
        input: PAYLOAD,
      });
      expect(hook.code, hook.stderr).toBe(0);
      expect(hook.stdout.toString()).toBe('allowed\n');
      expect(hook.stderr).toBe('');
      const lines = readdirSync(spool).flatMap((f) =>
        readFileSync(join(spool, f), 'utf8').split('\n').filter(Boolean),
      );
      expect(lines.length, `HOOKSCOPE_NATIVE=${native}`).toBeGreaterThan(0);
      expect(lines.join('\n')).toContain('PreToolUse');
    }
  });

  it('collector turns the spool into /metrics', async () => {
    const collector = startProcess(
      join(project, 'node_modules', '.bin', 'hookscope'),
      [
        'collector',
        ...['--port', '0', '--spool-dir', join(tmp.dir, 'spool-1')],
        ...['--state-dir', join(tmp.dir, 'collector-state'), '--no-otlp'],
      ],
      env,
      project,
    );
    running.push(collector);
    const url = await waitFor('the collector to report ready', () => {
      if (collector.child.exitCode !== null) throw new Error(`exited: ${collector.output()}`);
      return /"metricsUrl":"([^"]+)"/.exec(collector.output())?.[1];
    });
    const metrics = await waitFor(
      'the hook on /metrics',
      async () => {
        const body = await (await fetch(url)).text();
        return /hookscope_hook_duration_seconds_count\{[^}]*hook_event="PreToolUse"/.test(body)
          ? body
          : undefined;
      },
      30_000,
    );
    expect(metrics).toContain('hookscope_hook_duration_seconds_count');
    expect(await collector.stop('SIGTERM', 15_000)).toBe(0);
  });

  it('up starts the stack with no other step; demo feeds it; report reads it; Ctrl-C stops it', async () => {
    // The defaults when their ports are free (as on a fresh machine); otherwise a config given
    // from outside the project, on free ports.
    const defaults = ['127.0.0.1:9464', '127.0.0.1:4318', '127.0.0.1:9090', '127.0.0.1:9093'];
    const free = await Promise.all(
      defaults.map((a) => portFree('127.0.0.1', Number(a.split(':')[1]))),
    );
    const upEnv: NodeJS.ProcessEnv = { ...env, HOOKSCOPE_SPOOL_DIR: join(tmp.dir, 'spool-up') };
    if (free.every(Boolean)) {
      delete upEnv['HOOKSCOPE_OTLP_PORT'];
    } else {
      const [c, p, a, o] = await Promise.all([1, 2, 3, 4].map(() => freePort()));
      const config = join(tmp.dir, 'elsewhere', 'hookscope.config.yaml');
      mkdirSync(join(tmp.dir, 'elsewhere'));
      writeFileSync(
        config,
        `collector: { address: 127.0.0.1:${c} }\nprometheus: { address: 127.0.0.1:${p} }\nalertmanager: { address: 127.0.0.1:${a} }\n`,
      );
      Object.assign(upEnv, { HOOKSCOPE_CONFIG: config, HOOKSCOPE_OTLP_PORT: String(o) });
    }
    const up = startProcess(
      join(project, 'node_modules', '.bin', 'hookscope'),
      ['up'],
      upEnv,
      project,
    );
    running.push(up);
    const ready = await waitFor(
      'hookscope up to report ready',
      () => {
        if (up.child.exitCode !== null) throw new Error(`up exited: ${up.output()}`);
        const m = /^(\{"ready":true.*\})$/m.exec(up.output());
        return m
          ? (JSON.parse(m[1]!) as { prometheus: string; otlp: string; stateDir: string })
          : undefined;
      },
      90_000,
    );
    expect(ready.stateDir).toBe(join(tmp.dir, 'state', 'hookscope', 'stack'));
    expect(up.output()).toContain(`configs: ${join(ready.stateDir, 'config')}`);
    const rules = (await (await fetch(`${ready.prometheus}/api/v1/rules`)).json()) as {
      data: { groups: unknown[] };
    };
    expect(rules.data.groups.length).toBeGreaterThan(0);

    // The demo runs until Prometheus has seen hooks counted up between two of its scrapes
    // (every scrape_interval: 15 s by default), which is what a report needs.
    const demo = startProcess(
      join(project, 'node_modules', '.bin', 'hookscope'),
      ['demo', '--speed', '20', '--seed', '1', '--otlp-endpoint', ready.otlp],
      { ...env, HOOKSCOPE_SPOOL_DIR: join(tmp.dir, 'spool-up') },
      project,
    );
    running.push(demo);
    await waitFor(
      'Prometheus to count the demo hooks',
      async () => {
        if (demo.child.exitCode !== null) throw new Error(`demo exited: ${demo.output()}`);
        const query = 'sum(increase(hookscope_hook_duration_seconds_count[5m])) > 0';
        const q = await fetch(
          `${ready.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`,
        );
        const body = (await q.json()) as { data: { result: unknown[] } };
        return body.data.result.length ? true : undefined;
      },
      90_000,
      1000,
    );
    expect(await demo.stop('SIGINT', 20_000), demo.output()).toBe(0);
    const reportFile = join(tmp.dir, 'report.json');
    const report = await hookscope([
      'report',
      ...['--prometheus', ready.prometheus, '--window', '1h', '--out', reportFile],
    ]);
    expect(report.code, text(report)).toBe(0);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toHaveProperty('scorecard');

    expect(await up.stop('SIGINT', 40_000), up.output()).toBe(0);
    expect(up.output()).toMatch(/collector\s+stopped \(exit code 0\)/);
  }, 180_000);

  it('left every file of the project as it was, except the settings install was asked to change (and their backup)', () => {
    const after = snapshot(project);
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter((f) => before.get(f) !== after.get(f))
      .sort();
    expect(changed).toEqual([
      join('.claude', 'settings.json'),
      join('.claude', 'settings.json.hookscope-backup'),
    ]);
    expect(readFileSync(join(project, 'docker-compose.yml'), 'utf8')).toBe(COMPOSE);
  });
});

/** Files under `dirs` that contain `needle` (grep -rlF). */
function runGrep(needle: string, dirs: string[]): string[] {
  // execFileSync throws on status 1 (no match): that is the expected answer.
  try {
    return execFileSync('grep', ['-rlF', needle, ...dirs], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch (err) {
    if ((err as { status?: number }).status === 1) return [];
    throw err;
  }
}
