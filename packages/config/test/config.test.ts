import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  configJsonSchema,
  defaultConfig,
  loadConfig,
  parseConfig,
  renderDefaultConfig,
  resolveConfigPath,
} from '@hookscope/config';
import { REPO_ROOT, tempDir } from '../../../test/support/paths.js';

function errorOf(text: string): ConfigError {
  try {
    parseConfig(text);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`no error for:\n${text}`);
}

describe('defaults', () => {
  it('carry the documented targets', () => {
    const c = defaultConfig();
    expect(c.hooks.latency_seconds).toEqual({ warning: 20, critical: 40 });
    expect(c.hooks.budget_seconds).toBe(30);
    expect(c.hooks.success_ratio).toEqual({ warning: 0.9, critical: 0.8 });
    expect(c.testing.time_reduction_ratio).toEqual({ min: 0.6, max: 0.8 });
    expect(c.overhead.validation_max_ratio).toBe(0.2);
    expect(c.overhead.monitoring_max_ratio).toBe(0.05);
    expect(c.conversations.response_seconds['tactical']).toEqual({ warning: 1.5, critical: 3 });
    expect(c.regression.threshold_ratio).toBe(0.2);
    expect(c.regression.baseline).toBe('7d');
    expect(c.prometheus.retention).toEqual({ days: 30, size: '1GB' });
    expect(c.prometheus.scrape_interval).toBe('15s');
    expect(c.collector.address).toBe('127.0.0.1:9464');
    expect(c.alertmanager.receivers.map((r) => `${r.name}:${r.severities.join('+')}`)).toEqual([
      'slack-warnings:warning',
      'slack-critical:critical+escalation',
      'email-critical:critical',
      'email-escalation:escalation',
    ]);
  });

  it('are what the documented defaults file says, and an empty file means all defaults', () => {
    expect(parseConfig(renderDefaultConfig())).toEqual(defaultConfig());
    expect(parseConfig('')).toEqual(defaultConfig());
    expect(parseConfig('# only a comment\n')).toEqual(defaultConfig());
  });

  it('document every key: the JSON Schema gives each a description and a default', () => {
    const undocumented: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      const props = node['properties'] as Record<string, Record<string, unknown>> | undefined;
      for (const [key, child] of Object.entries(props ?? {})) {
        const p = path ? `${path}.${key}` : key;
        if (!child['description']) undocumented.push(p);
        walk(child, p);
      }
    };
    walk(configJsonSchema() as Record<string, unknown>, '');
    expect(undocumented).toEqual([]);
    // A renamed key must not leave the file's comments behind: every key appears in it.
    const text = renderDefaultConfig();
    for (const section of Object.keys(defaultConfig())) expect(text).toContain(`\n${section}:\n`);
  });
});

describe('a partial config', () => {
  it('overrides what it names and keeps every other default', () => {
    const c = parseConfig(
      'hooks:\n  latency_seconds: { warning: 10, critical: 20 }\nalerts:\n  window: 10m\n',
    );
    expect(c.hooks.latency_seconds).toEqual({ warning: 10, critical: 20 });
    expect(c.alerts.window).toBe('10m');
    expect(c.hooks.success_ratio).toEqual(defaultConfig().hooks.success_ratio);
    expect(c.slo).toEqual(defaultConfig().slo);
  });

  it('can set one threshold of a pair, checked against the default of the other', () => {
    expect(
      parseConfig('hooks:\n  latency_seconds: { warning: 30 }\n').hooks.latency_seconds,
    ).toEqual({
      warning: 30,
      critical: 40,
    });
    expect(errorOf('hooks:\n  latency_seconds: { warning: 45 }\n').issues[0]!.path).toBe(
      'hooks.latency_seconds.warning',
    );
  });

  it('replaces the receivers list as a whole', () => {
    const c = parseConfig(
      'alertmanager:\n  receivers:\n    - { type: webhook, name: ops, url: "http://127.0.0.1:8080/hook" }\n',
    );
    expect(c.alertmanager.receivers).toEqual([
      {
        type: 'webhook',
        name: 'ops',
        url: 'http://127.0.0.1:8080/hook',
        severities: ['warning', 'critical'],
        send_resolved: true,
      },
    ]);
  });
});

/** The `Errors` section of docs/configuration.md: pairs of a yaml block and the text block after it. */
function documentedErrors(): { title: string; yaml: string; message: string }[] {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8');
  const section = doc.slice(doc.indexOf('\n## Errors\n'));
  const out: { title: string; yaml: string; message: string }[] = [];
  const re = /### (.+)\n\n```yaml\n([\s\S]*?)```\n\n```text\n([\s\S]*?)\n```/g;
  for (const m of section.matchAll(re)) out.push({ title: m[1]!, yaml: m[2]!, message: m[3]! });
  return out;
}

describe('bad config files', () => {
  const cases = documentedErrors();

  it('are documented with examples', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((c) => [c.title, c] as const))(
    '%s: gives the documented error',
    (_title, c) => {
      expect(errorOf(c.yaml).message).toBe(c.message);
    },
  );

  it('name the key path and the line of each problem', () => {
    const err = errorOf(
      'slo:\n  period: 28d\n  success_objective: 2\nhooks:\n  success_for: soon\n',
    );
    expect(err.issues).toEqual([
      expect.objectContaining({ path: 'slo.success_objective', line: 3, column: 3 }),
      expect.objectContaining({ path: 'hooks.success_for', line: 5, column: 3 }),
    ]);
  });

  it('hold critical alerts to alerts.critical_notified_within, unless it is raised', () => {
    const slow = 'hooks:\n  success_for: { warning: 4m, critical: 5m }\n';
    expect(errorOf(slow).issues).toEqual([
      expect.objectContaining({ path: 'hooks.success_for.critical', line: 2, column: 31 }),
    ]);
    const raised = parseConfig(`${slow}alerts:\n  critical_notified_within: 6m\n`, 'x.yaml');
    expect(raised.hooks.success_for).toEqual({ warning: '4m', critical: '5m' });
    // A warning may wait as long as it likes.
    expect(
      parseConfig('conversations:\n  for: { warning: 1h, critical: 3m }\n', 'x.yaml').conversations
        .for.warning,
    ).toBe('1h');
  });

  it('reject duplicate keys instead of silently keeping one', () => {
    expect(errorOf('hooks:\n  budget_seconds: 30\n  budget_seconds: 40\n').message).toMatch(
      /^hookscope\.config\.yaml:3:3: invalid YAML: Map keys must be unique/,
    );
  });
});

describe('loadConfig', () => {
  it('finds the nearest hookscope.config.yaml up to the project root, else uses the defaults', () => {
    const tmp = tempDir();
    try {
      const project = join(tmp.dir, 'project');
      const deep = join(project, 'src', 'hooks');
      mkdirSync(join(project, '.git'), { recursive: true });
      mkdirSync(deep, { recursive: true });
      // A config above the project root is not the project's.
      writeFileSync(join(tmp.dir, 'hookscope.config.yaml'), 'hooks:\n  budget_seconds: 60\n');
      expect(loadConfig({ cwd: deep, env: {} })).toEqual({
        config: defaultConfig(),
        path: undefined,
        dir: deep,
      });

      writeFileSync(join(project, 'hookscope.config.yaml'), 'hooks:\n  budget_seconds: 20\n');
      const found = loadConfig({ cwd: deep, env: {} });
      expect(found.path).toBe(join(project, 'hookscope.config.yaml'));
      expect(found.config.hooks.budget_seconds).toBe(20);
      expect(resolveConfigPath(found, 'secrets/slack')).toBe(join(project, 'secrets', 'slack'));
    } finally {
      tmp.cleanup();
    }
  });

  it('prefers an explicit path, then $HOOKSCOPE_CONFIG', () => {
    const tmp = tempDir();
    try {
      const a = join(tmp.dir, 'a.yaml');
      const b = join(tmp.dir, 'b.yaml');
      writeFileSync(a, 'hooks:\n  budget_seconds: 10\n');
      writeFileSync(b, 'hooks:\n  budget_seconds: 60\n');
      expect(
        loadConfig({ path: a, env: { HOOKSCOPE_CONFIG: b } }).config.hooks.budget_seconds,
      ).toBe(10);
      expect(loadConfig({ env: { HOOKSCOPE_CONFIG: b } }).config.hooks.budget_seconds).toBe(60);
    } finally {
      tmp.cleanup();
    }
  });

  it('reports a file that cannot be read, and names the file in every message', () => {
    const tmp = tempDir();
    try {
      const missing = join(tmp.dir, 'nope.yaml');
      expect(() => loadConfig({ path: missing })).toThrow(
        `${missing}: cannot read the config file: no such file`,
      );
      const bad = join(tmp.dir, 'bad.yaml');
      writeFileSync(bad, 'hooks:\n  budget_seconds: 25\n');
      expect(() => loadConfig({ path: bad })).toThrow(
        new RegExp(`^${bad.replace(/[.]/g, '\\.')}:2:3: hooks\\.budget_seconds`),
      );
    } finally {
      tmp.cleanup();
    }
  });
});
