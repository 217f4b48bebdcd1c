import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@hookscope/config';
import { centralRuleFiles, isAlert, ruleFiles } from '@hookscope/mixin';
import { REPO_ROOT } from './support/paths.js';
import { runToEnd } from './support/processes.js';
import { haveVictoriaMetrics } from './support/victoria.js';

const CENTRAL = join(REPO_ROOT, 'central');
const ruleFilesOnDisk = readdirSync(join(CENTRAL, 'rules')).map((f) => join(CENTRAL, 'rules', f));
const config = loadConfig({ cwd: REPO_ROOT, env: {} }).config;

describe('the central rules', () => {
  it('are every local rule per machine, and the hook and SLO recordings across machines', () => {
    const local = ruleFiles(config).filter((f) => f.file !== 'remote-write.yml');
    const central = centralRuleFiles(config);
    const names = (files: typeof local, pick: 'record' | 'alert') =>
      files.flatMap((f) =>
        f.groups.flatMap((g) =>
          g.rules.flatMap((r) =>
            (pick === 'alert') === isAlert(r) ? [isAlert(r) ? r.alert : r.record] : [],
          ),
        ),
      );
    const perHost = central.filter((f) => f.file.startsWith('hosts-'));
    expect(names(perHost, 'record')).toEqual(names(local, 'record').map((r) => `host_${r}`));
    // Every alert but the one about a missing collector: at the center a machine may just be off.
    expect(names(perHost, 'alert')).toEqual(
      names(local, 'alert').filter((a) => a !== 'HookscopeCollectorAbsent'),
    );
    for (const f of perHost)
      for (const g of f.groups)
        for (const r of g.rules)
          for (const by of r.expr.matchAll(/\b(?:by|on) \(([^)]*)\)/g))
            expect(by[1]!.startsWith('team, env, host'), `${f.file}: ${r.expr}`).toBe(true);
  });

  it('load in promtool and pass their unit tests', async () => {
    const check = await runToEnd('promtool', ['check', 'rules', ...ruleFilesOnDisk], {
      timeoutMs: 60_000,
    });
    expect(check.code, check.stderr + check.stdout.toString()).toBe(0);
    const tests = readdirSync(join(CENTRAL, 'tests')).map((f) => join(CENTRAL, 'tests', f));
    const r = await runToEnd('promtool', ['test', 'rules', ...tests], {
      timeoutMs: 60_000,
      cwd: REPO_ROOT,
    });
    expect(r.code, r.stdout.toString() + r.stderr).toBe(0);
    const config = await runToEnd('promtool', ['check', 'config', join(CENTRAL, 'prometheus.yml')]);
    expect(config.code, config.stderr + config.stdout.toString()).toBe(0);
  });

  it.skipIf(!haveVictoriaMetrics())('load in vmalert, expressions and templates', async () => {
    const r = await runToEnd(
      'vmalert',
      ['-dryRun', `-rule=${join(CENTRAL, 'rules', '*.yml')}`, '-loggerLevel=ERROR'],
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr + r.stdout.toString()).toBe(0);
  });
});
