import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, renderDefaultConfig } from '@hookscope/config';
import {
  alertmanagerArtifacts,
  ESCALATION_LABEL,
  isAlert,
  metricNamesIn,
  prometheusArtifacts,
  ruleFiles,
  type RecordingRule,
} from '@hookscope/mixin';
import { HOOKSCOPE_BIN, REPO_ROOT, tempDir } from './support/paths.js';
import { runToEnd } from './support/processes.js';

const TESTS_DIR = join(REPO_ROOT, 'prometheus', 'tests');
const RULES_DIR = join(REPO_ROOT, 'prometheus', 'rules');
const repoConfig = loadConfig({ cwd: REPO_ROOT, env: {} });
const rules = ruleFiles(repoConfig.config).flatMap((f) => f.groups.flatMap((g) => g.rules));

const promtool = (args: string[], cwd = REPO_ROOT) =>
  runToEnd('promtool', args, { timeoutMs: 60_000, cwd });

interface PromtoolTests {
  rule_files: string[];
  tests: {
    alert_rule_test?: { alertname: string; exp_alerts: { exp_labels: Record<string, string> }[] }[];
    promql_expr_test?: { expr: string; exp_samples: { labels: string }[] }[];
  }[];
}

const testFiles = readdirSync(TESTS_DIR)
  .filter((f) => f.endsWith('.test.yml'))
  .map((f) => ({ file: f, doc: parse(readFileSync(join(TESTS_DIR, f), 'utf8')) as PromtoolTests }));

describe('generated artifacts', () => {
  it('are up to date: regenerating from hookscope.config.yaml changes nothing in git', async () => {
    expect(repoConfig.path).toBe(join(REPO_ROOT, 'hookscope.config.yaml'));
    const check = await runToEnd(process.execPath, [HOOKSCOPE_BIN, 'generate', '--check'], {
      env: { ...process.env, HOOKSCOPE_CONFIG: repoConfig.path },
    });
    expect(check.stdout.toString() + check.stderr).toMatch(/all \d+ files up to date/);
    expect(check.code).toBe(0);
    const paths = [
      ...prometheusArtifacts(repoConfig.config),
      ...alertmanagerArtifacts(repoConfig.config),
    ].map((f) => f.path);
    // Committed, and the working tree matches the commit.
    execFileSync('git', ['ls-files', '--error-unmatch', ...paths, 'hookscope.config.yaml'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
    expect(
      execFileSync('git', ['status', '--porcelain', '--', ...paths], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      }),
    ).toBe('');
  });

  it('include the shipped config, which is the documented defaults', () => {
    expect(readFileSync(join(REPO_ROOT, 'hookscope.config.yaml'), 'utf8')).toBe(
      renderDefaultConfig(),
    );
  });
});

describe('promtool', () => {
  it('accepts prometheus.yml and every rule file', async () => {
    const config = await promtool([
      'check',
      'config',
      join(REPO_ROOT, 'prometheus', 'prometheus.yml'),
    ]);
    expect(config.stderr + config.stdout.toString()).toContain(
      'is valid prometheus config file syntax',
    );
    expect(config.code).toBe(0);
    const files = readdirSync(RULES_DIR).map((f) => join(RULES_DIR, f));
    const check = await promtool(['check', 'rules', ...files]);
    expect(check.code, check.stderr + check.stdout.toString()).toBe(0);
    expect(check.stdout.toString().match(/SUCCESS: (\d+) rules found/g)).toHaveLength(files.length);
  });

  it('passes every unit test in prometheus/tests', async () => {
    const r = await promtool(['test', 'rules', ...testFiles.map((t) => join(TESTS_DIR, t.file))]);
    expect(r.code, r.stdout.toString() + r.stderr).toBe(0);
    expect(r.stdout.toString().match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });

  it('accepts what a custom config generates', async () => {
    const tmp = tempDir();
    try {
      const config = join(tmp.dir, 'hookscope.config.yaml');
      writeFileSync(
        config,
        [
          'prometheus: { scrape_interval: 5s, evaluation_interval: 5s, retention: { days: 60 } }',
          'alerts: { window: 30m, min_executions: 10 }',
          'hooks: { latency_seconds: { warning: 1, critical: 5 }, budget_seconds: 2.5 }',
          'slo: { period: 30d, latency_objective: 0.999 }',
          'regression: { baseline: 14d, window: 2h, threshold_ratio: 0.5 }',
        ].join('\n'),
      );
      const gen = await runToEnd(process.execPath, [HOOKSCOPE_BIN, 'generate', '--config', config]);
      expect(gen.code, gen.stderr).toBe(0);
      const rulesDir = join(tmp.dir, 'prometheus', 'rules');
      const check = await promtool([
        'check',
        'config',
        join(tmp.dir, 'prometheus', 'prometheus.yml'),
      ]);
      expect(check.code, check.stderr + check.stdout.toString()).toBe(0);
      expect(check.stdout.toString()).toContain(
        `SUCCESS: ${readdirSync(rulesDir).length} rule files found`,
      );
    } finally {
      tmp.cleanup();
    }
  });
});

describe('the promtool unit tests cover', () => {
  const alertTests = testFiles.flatMap((t) => t.doc.tests.flatMap((g) => g.alert_rule_test ?? []));
  const exprTests = testFiles.flatMap((t) => t.doc.tests.flatMap((g) => g.promql_expr_test ?? []));

  it('every rule file', () => {
    const loaded = new Set(
      testFiles.flatMap((t) => t.doc.rule_files.map((f) => f.replace('../rules/', ''))),
    );
    expect([...loaded].sort()).toEqual(readdirSync(RULES_DIR).sort());
  });

  it('every alert at every severity and its escalation, firing and not firing', () => {
    const missing: string[] = [];
    for (const rule of rules.filter(isAlert)) {
      const cases = alertTests.filter((t) => t.alertname === rule.alert);
      const escalation = rule.labels[ESCALATION_LABEL];
      const tier = `${rule.labels.severity}${escalation ? ' escalated' : ''}`;
      const fires = (c: (typeof cases)[number]) =>
        c.exp_alerts.some(
          (a) =>
            a.exp_labels['severity'] === rule.labels.severity &&
            a.exp_labels[ESCALATION_LABEL] === escalation,
        );
      if (!cases.some(fires)) missing.push(`${rule.alert} firing at ${tier}`);
      if (!cases.some((c) => !fires(c))) missing.push(`${rule.alert} not firing at ${tier}`);
    }
    expect(missing).toEqual([]);
  });

  it('every recording rule with a promql_expr_test of its exact output', () => {
    const missing = rules
      .filter((r): r is RecordingRule => !isAlert(r))
      .filter((r) => {
        const tests = exprTests.filter((t) => metricNamesIn(t.expr).includes(r.record));
        const labels = Object.entries(r.labels ?? {}).map(([k, v]) => `${k}="${v}"`);
        return !tests.some((t) =>
          t.exp_samples.some(
            (s) => s.labels.startsWith(`${r.record}{`) && labels.every((l) => s.labels.includes(l)),
          ),
        );
      })
      .map((r) => `${r.record}${JSON.stringify(r.labels ?? {})}`);
    expect(missing).toEqual([]);
  });
});

describe('docs/runbook.md', () => {
  it('has one section per alert, and none for alerts that do not exist', () => {
    const runbook = readFileSync(join(REPO_ROOT, 'docs', 'runbook.md'), 'utf8');
    const sections = [...runbook.matchAll(/^## (\w+)$/gm)].map((m) => m[1]);
    const alerts = [...new Set(rules.filter(isAlert).map((r) => r.alert))];
    expect(sections.sort()).toEqual(alerts.sort());
  });
});
