import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, renderDefaultConfig } from '@hookscope/config';
import { alertmanagerArtifacts, prometheusArtifacts, ruleFiles } from '@hookscope/mixin';
import { stackArtifacts } from '../src/stack/compose.js';
import { HOOKSCOPE_BIN, tempDir } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';

/** Runs hookscope in `cwd` with no config from the environment. */
function hookscope(args: string[], cwd: string) {
  const env = { ...process.env };
  delete env['HOOKSCOPE_CONFIG'];
  return runToEnd(process.execPath, [HOOKSCOPE_BIN, ...args], { env, cwd });
}

const out = (r: { stdout: Buffer; stderr: string }) => r.stdout.toString() + r.stderr;

describe('hookscope generate', () => {
  it('writes the rules, prometheus.yml, the Alertmanager config and the schema, then finds them up to date', async () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, '.git'));
      const first = await hookscope(['generate'], tmp.dir);
      expect(first.code, out(first)).toBe(0);
      expect(out(first)).toContain('no hookscope.config.yaml found, using the defaults');
      const artifacts = [
        ...prometheusArtifacts(defaultConfig()),
        ...alertmanagerArtifacts(defaultConfig()),
        ...stackArtifacts(defaultConfig()),
      ];
      expect(readdirSync(join(tmp.dir, 'prometheus', 'rules')).sort()).toEqual(
        ruleFiles(defaultConfig())
          .map((f) => f.file)
          .sort(),
      );
      for (const f of artifacts)
        expect(readFileSync(join(tmp.dir, f.path), 'utf8')).toBe(f.content);
      expect(existsSync(join(tmp.dir, 'prometheus', 'prometheus.yml'))).toBe(true);
      expect(existsSync(join(tmp.dir, 'hookscope.config.schema.json'))).toBe(true);
      expect(existsSync(join(tmp.dir, 'alertmanager', 'alertmanager.yml'))).toBe(true);
      expect(existsSync(join(tmp.dir, 'alertmanager', 'templates', 'hookscope.tmpl'))).toBe(true);
      // The stack: dashboards, Grafana provisioning, the compose file.
      expect(readdirSync(join(tmp.dir, 'grafana', 'dashboards'))).toHaveLength(7);
      expect(existsSync(join(tmp.dir, 'docker-compose.yml'))).toBe(true);

      const again = await hookscope(['generate'], tmp.dir);
      expect(out(again)).toContain(`0 of ${artifacts.length} file(s) written`);
      const check = await hookscope(['generate', '--check'], tmp.dir);
      expect(check.code).toBe(0);
    } finally {
      tmp.cleanup();
    }
  });

  it('--check names what is out of date and exits 1 without writing', async () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, '.git'));
      await hookscope(['generate'], tmp.dir);
      const hooks = join(tmp.dir, 'prometheus', 'rules', 'hooks.yml');
      writeFileSync(hooks, readFileSync(hooks, 'utf8').replace('> 20', '> 25'));
      writeFileSync(
        join(tmp.dir, 'hookscope.config.yaml'),
        'hooks:\n  latency_seconds: { warning: 10 }\n',
      );
      const check = await hookscope(['generate', '--check'], tmp.dir);
      expect(check.code).toBe(1);
      expect(out(check)).toMatch(/would be changed\s+prometheus\/rules\/hooks\.yml/);
      expect(out(check)).toContain('out of date');
      expect(readFileSync(hooks, 'utf8')).toContain('> 25');
    } finally {
      tmp.cleanup();
    }
  });

  it('removes rule files it generated that no generator makes any more, never other files', async () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, '.git'));
      await hookscope(['generate'], tmp.dir);
      const rules = join(tmp.dir, 'prometheus', 'rules');
      const stale = join(rules, 'old.yml');
      writeFileSync(stale, readFileSync(join(rules, 'hooks.yml')));
      const mine = join(rules, 'team.yml');
      writeFileSync(mine, 'groups: []\n');
      const r = await hookscope(['generate'], tmp.dir);
      expect(out(r)).toMatch(/stale\s+prometheus\/rules\/old\.yml/);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(mine)).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });

  it('refuses a bad config with its errors and writes nothing', async () => {
    const tmp = tempDir();
    try {
      const config = join(tmp.dir, 'bad.yaml');
      writeFileSync(
        config,
        'hooks:\n  latency_seconds: { warning: 50, critical: 40 }\nslo:\n  periode: 28d\n',
      );
      const r = await hookscope(
        ['generate', '--config', config, '--out', join(tmp.dir, 'out')],
        tmp.dir,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`2 problems in ${config}:`);
      expect(r.stderr).toContain(
        `${config}:2:22: hooks.latency_seconds.warning: must be below critical (40), got 50`,
      );
      expect(r.stderr).toContain(
        `${config}:4:3: slo.periode: unknown key (did you mean 'period'?)`,
      );
      expect(r.stderr).toContain('nothing was generated');
      expect(existsSync(join(tmp.dir, 'out'))).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('hookscope config', () => {
  it('init writes the documented defaults and the schema, and will not overwrite without --force', async () => {
    const tmp = tempDir();
    try {
      const init = await hookscope(['config', 'init'], tmp.dir);
      expect(init.code, out(init)).toBe(0);
      const file = join(tmp.dir, 'hookscope.config.yaml');
      expect(readFileSync(file, 'utf8')).toBe(renderDefaultConfig());
      expect(
        JSON.parse(readFileSync(join(tmp.dir, 'hookscope.config.schema.json'), 'utf8')),
      ).toHaveProperty('properties.hooks');
      writeFileSync(file, 'hooks: {}\n');
      const again = await hookscope(['config', 'init'], tmp.dir);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('exists; use --force');
      expect(readFileSync(file, 'utf8')).toBe('hooks: {}\n');
    } finally {
      tmp.cleanup();
    }
  });

  it('check says which file it read, and fails on a bad one', async () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, '.git'));
      const none = await hookscope(['config', 'check'], tmp.dir);
      expect(none.stdout.toString()).toContain(
        'no hookscope.config.yaml found; the defaults apply',
      );
      writeFileSync(join(tmp.dir, 'hookscope.config.yaml'), 'prometheus:\n  scrape_interval: 2m\n');
      const bad = await hookscope(['config', 'check'], tmp.dir);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('prometheus.scrape_interval: must be at most 1m15s');
      writeFileSync(
        join(tmp.dir, 'hookscope.config.yaml'),
        'prometheus:\n  scrape_interval: 30s\n',
      );
      const good = await hookscope(['config', 'check'], tmp.dir);
      expect(good.code).toBe(0);
      expect(good.stdout.toString()).toContain(`${join(tmp.dir, 'hookscope.config.yaml')}: ok`);
    } finally {
      tmp.cleanup();
    }
  });

  it('rejects an unknown subcommand with usage, exit code 2', async () => {
    const r = await hookscope(['config', 'frobnicate'], process.cwd());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown subcommand 'frobnicate'");
  });
});
