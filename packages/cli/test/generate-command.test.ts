import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, renderDefaultConfig } from '@hookscope/config';
import { alertmanagerArtifacts, prometheusArtifacts, ruleFiles } from '@hookscope/mixin';
import { stackArtifacts } from '../src/stack/compose.js';
import { centralStackArtifacts } from '../src/stack/central-compose.js';
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
  it('writes the rules, prometheus.yml, the Alertmanager config and the stack into monitoring/, then finds them up to date', async () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, '.git'));
      const first = await hookscope(['generate'], tmp.dir);
      expect(first.code, out(first)).toBe(0);
      expect(out(first)).toContain('no hookscope.config.yaml found, using the defaults');
      // Nothing outside its own directory; no schema without a config to describe.
      expect(readdirSync(tmp.dir).sort()).toEqual(['.git', 'monitoring']);
      const dir = join(tmp.dir, 'monitoring');
      const artifacts = [
        ...prometheusArtifacts(defaultConfig()).filter((f) => !f.path.endsWith('.json')),
        ...alertmanagerArtifacts(defaultConfig()),
        ...stackArtifacts(defaultConfig(), '..'),
        ...centralStackArtifacts(defaultConfig()),
      ];
      expect(readdirSync(join(dir, 'prometheus', 'rules')).sort()).toEqual(
        ruleFiles(defaultConfig())
          .map((f) => f.file)
          .sort(),
      );
      for (const f of artifacts) expect(readFileSync(join(dir, f.path), 'utf8')).toBe(f.content);
      expect(existsSync(join(dir, 'prometheus', 'prometheus.yml'))).toBe(true);
      expect(existsSync(join(dir, 'alertmanager', 'alertmanager.yml'))).toBe(true);
      expect(existsSync(join(dir, 'alertmanager', 'templates', 'hookscope.tmpl'))).toBe(true);
      // The stack: dashboards, Grafana provisioning, the compose file, whose secret files are
      // where the config's paths point (relative to the config's directory).
      expect(readdirSync(join(dir, 'grafana', 'dashboards'))).toHaveLength(7);
      expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toContain(
        'file: ../secrets/grafana-admin-password',
      );

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
      const hooks = join(tmp.dir, 'monitoring', 'prometheus', 'rules', 'hooks.yml');
      writeFileSync(hooks, readFileSync(hooks, 'utf8').replace('> 20', '> 25'));
      writeFileSync(
        join(tmp.dir, 'hookscope.config.yaml'),
        'hooks:\n  latency_seconds: { warning: 10 }\n',
      );
      const check = await hookscope(['generate', '--check'], tmp.dir);
      expect(check.code).toBe(1);
      expect(out(check)).toMatch(/would be changed\s+monitoring\/prometheus\/rules\/hooks\.yml/);
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
      const rules = join(tmp.dir, 'monitoring', 'prometheus', 'rules');
      const stale = join(rules, 'old.yml');
      writeFileSync(stale, readFileSync(join(rules, 'hooks.yml')));
      const mine = join(rules, 'team.yml');
      writeFileSync(mine, 'groups: []\n');
      // The center's rules are loaded by a glob too (vmalert -rule=rules/*.yml).
      const central = join(tmp.dir, 'monitoring', 'central', 'rules');
      const centralStale = join(central, 'hosts-old.yml');
      writeFileSync(centralStale, readFileSync(join(central, 'hosts-hooks.yml')));
      const centralMine = join(central, 'site.yml');
      writeFileSync(centralMine, 'groups: []\n');
      const check = await hookscope(['generate', '--check'], tmp.dir);
      expect(check.code).not.toBe(0);
      expect(out(check)).toMatch(/would be stale\s+monitoring\/central\/rules\/hosts-old\.yml/);
      expect(existsSync(centralStale)).toBe(true);
      const r = await hookscope(['generate'], tmp.dir);
      expect(out(r)).toMatch(/stale\s+monitoring\/prometheus\/rules\/old\.yml/);
      expect(out(r)).toMatch(/stale\s+monitoring\/central\/rules\/hosts-old\.yml/);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(centralStale)).toBe(false);
      expect(existsSync(mine)).toBe(true);
      expect(existsSync(centralMine)).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });

  it('never replaces a file it did not write: names it and the option, and writes nothing', async () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, '.git'));
      // The project's own files, where a careless generator would write.
      const compose = 'services:\n  web: { image: nginx }\n';
      writeFileSync(join(tmp.dir, 'docker-compose.yml'), compose);
      writeFileSync(join(tmp.dir, 'hookscope.config.yaml'), 'generate:\n  dir: .\n');
      const r = await hookscope(['generate'], tmp.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `refusing to replace 1 file(s) that hookscope did not write (they lack its "Generated by" header):\n  ${join(tmp.dir, 'docker-compose.yml')}\n`,
      );
      expect(r.stderr).toContain('or pass --overwrite to replace them');
      expect(r.stdout.toString()).toMatch(/not ours\s+docker-compose\.yml/);
      expect(readdirSync(tmp.dir).sort()).toEqual([
        '.git',
        'docker-compose.yml',
        'hookscope.config.yaml',
      ]);
      expect(readFileSync(join(tmp.dir, 'docker-compose.yml'), 'utf8')).toBe(compose);
      const check = await hookscope(['generate', '--check'], tmp.dir);
      expect(check.code).toBe(1);
      expect(check.stderr).toContain('refusing to replace 1 file(s)');

      // Its own files it replaces; with --overwrite, the user's too.
      const forced = await hookscope(['generate', '--overwrite'], tmp.dir);
      expect(forced.code, out(forced)).toBe(0);
      expect(forced.stdout.toString()).toMatch(/replaced\s+docker-compose\.yml/);
      expect(readFileSync(join(tmp.dir, 'docker-compose.yml'), 'utf8')).toContain('Generated by');
      writeFileSync(
        join(tmp.dir, 'hookscope.config.yaml'),
        'generate:\n  dir: .\nhooks:\n  budget_seconds: 60\n',
      );
      const again = await hookscope(['generate'], tmp.dir);
      expect(again.code, out(again)).toBe(0);
      expect(again.stdout.toString()).toMatch(/changed\s+prometheus\/rules\/slo\.yml/);
    } finally {
      tmp.cleanup();
    }
  });

  it('names a directory it cannot write into, and writes nothing', async () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, '.git'));
      writeFileSync(join(tmp.dir, 'monitoring'), 'a file, not a directory\n');
      const r = await hookscope(['generate'], tmp.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `cannot write into ${join(tmp.dir, 'monitoring')} (not a directory): generate elsewhere (--out DIR, or generate.dir in hookscope.config.yaml)`,
      );
      expect(r.stderr).toContain('nothing was generated');
      expect(readdirSync(tmp.dir).sort()).toEqual(['.git', 'monitoring']);
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
      const reset = await hookscope(['config', 'init', '--force', '--generate-dir', '.'], tmp.dir);
      expect(reset.code, out(reset)).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(renderDefaultConfig({ generateDir: '.' }));
      expect(readFileSync(file, 'utf8')).toMatch(/^generate:\n.*\n {2}dir: \.\n$/m);
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
