// `hookscope install --claude-telemetry` writes the env block that turns on Claude Code's
// OpenTelemetry export towards the collector, and `uninstall` takes exactly that away again.
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../../test/support/paths.js';
import { runToEnd, startCollectorProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/ports.js';
import {
  hookscope,
  read,
  settingsProjects,
  SETTINGS_FIXTURES,
} from './support/settings-projects.js';

const FIXTURES = SETTINGS_FIXTURES;
const projects = settingsProjects('hookscope-telemetry-install-');
const { project } = projects;
const tmp = { dir: projects.dir };
afterAll(() => projects.cleanup());
const envOf = (path: string): Record<string, string> | undefined => JSON.parse(read(path)).env;
let configs = 0;
/** A user settings directory of its own (CLAUDE_CONFIG_DIR), and the settings file in it. */
const userConfig = () => {
  const dir = join(tmp.dir, `claude-config-${++configs}`);
  return { env: { ...process.env, CLAUDE_CONFIG_DIR: dir }, settings: join(dir, 'settings.json') };
};

const TELEMETRY = {
  CLAUDE_CODE_ENABLE_TELEMETRY: '1',
  OTEL_METRICS_EXPORTER: 'otlp',
  OTEL_LOGS_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
  OTEL_METRIC_EXPORT_INTERVAL: '10000',
  OTEL_LOGS_EXPORT_INTERVAL: '5000',
  OTEL_TRACES_EXPORTER: 'otlp',
  CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: '1',
  CLAUDE_CODE_PROPAGATE_TRACEPARENT: '1',
};

describe('hookscope install --claude-telemetry', () => {
  it('creates the user settings with the env block, and uninstall --user takes it away', async () => {
    const dir = project({ 'settings.json': 'project-settings.json' });
    const { env: userEnv, settings: local } = userConfig();
    const r = await hookscope(['install', '--claude-telemetry'], { cwd: dir, env: userEnv });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toContain(
      'settings.json (Claude Code): no hook to change (new file)',
    );
    // Claude Code reads no telemetry settings from a project's files: none are written there.
    expect(existsSync(join(dir, '.claude', 'settings.local.json'))).toBe(false);
    expect(r.stdout.toString()).toContain(
      "env for Claude Code's telemetry set: CLAUDE_CODE_ENABLE_TELEMETRY",
    );
    const { HOOKSCOPE_CLAUDE_TELEMETRY: marker, ...env } = envOf(local)!;
    expect(env).toEqual(TELEMETRY);
    expect(marker!.split(',').sort()).toEqual(Object.keys(TELEMETRY).sort());
    // The shared settings keep their own env untouched (their hooks are wrapped as usual).
    expect(envOf(join(dir, '.claude', 'settings.json'))).toEqual({ FOO: 'bar' });
    expect(existsSync(local + '.hookscope-backup')).toBe(false);

    const again = await hookscope(['install', '--claude-telemetry'], { cwd: dir, env: userEnv });
    expect(again.code).toBe(0);
    expect(again.stdout.toString()).toContain('env already set: CLAUDE_CODE_ENABLE_TELEMETRY');

    // Uninstalling the project restores its hooks; the user's telemetry stays until --user.
    expect((await hookscope(['uninstall'], { cwd: dir, env: userEnv })).code).toBe(0);
    expect(read(join(dir, '.claude', 'settings.json'))).toBe(
      read(join(FIXTURES, 'project-settings.json')),
    );
    expect(envOf(local)).toMatchObject(TELEMETRY);
    expect((await hookscope(['uninstall', '--user'], { env: userEnv })).code).toBe(0);
    expect(JSON.parse(read(local))).toEqual({});
  });

  it("keeps the file's style, leaves the user's own values alone, and restores it byte for byte", async () => {
    const dir = project({ 'settings.local.json': 'project-settings.local.json' });
    const local = join(dir, '.claude', 'settings.local.json');
    // The user already points Claude Code elsewhere: that value stays and is reported. (The
    // fixture has tabs and CRLF line ends; what install adds has them too.)
    const eol = read(local).includes('\r\n') ? '\r\n' : '\n';
    const original = read(local).replace(
      '\t"hooks": {',
      `\t"env": {${eol}\t\t"OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel.example:4318"${eol}\t},${eol}\t"hooks": {`,
    );
    writeFileSync(local, original);
    const file = ['--file', local];
    const r = await hookscope(
      ['install', ...file, '--claude-telemetry', '--otlp-protocol', 'http/json'],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toContain(
      'left alone: env.OTEL_EXPORTER_OTLP_ENDPOINT is "http://otel.example:4318" (hookscope would set "http://127.0.0.1:4318")',
    );
    expect(read(local)).toContain(
      `\t\t"OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel.example:4318",${eol}\t\t"CLAUDE_CODE_ENABLE_TELEMETRY": "1",${eol}`,
    );
    expect(envOf(local)!['OTEL_EXPORTER_OTLP_PROTOCOL']).toBe('http/json');
    expect(envOf(local)!['HOOKSCOPE_CLAUDE_TELEMETRY']).not.toContain(
      'OTEL_EXPORTER_OTLP_ENDPOINT',
    );

    // Installing again with another protocol changes the value install wrote.
    await hookscope(
      ['install', ...file, '--claude-telemetry', '--otlp-protocol', 'http/protobuf'],
      {
        cwd: dir,
      },
    );
    expect(envOf(local)!['OTEL_EXPORTER_OTLP_PROTOCOL']).toBe('http/protobuf');

    expect((await hookscope(['uninstall', ...file], { cwd: dir })).code).toBe(0);
    expect(read(local)).toBe(original);
  });

  it('adds an env block to settings that have none, in their style, and removes only its own keys', async () => {
    const dir = project({ 'settings.local.json': 'project-settings.local.json' });
    const local = join(dir, '.claude', 'settings.local.json');
    const original = read(local);
    const eol = original.includes('\r\n') ? '\r\n' : '\n';
    const file = ['--file', local];
    expect((await hookscope(['install', ...file, '--claude-telemetry'], { cwd: dir })).code).toBe(
      0,
    );
    expect(read(local)).toContain(
      `${eol}\t},${eol}\t"env": {${eol}\t\t"CLAUDE_CODE_ENABLE_TELEMETRY": "1",${eol}`,
    );
    expect(read(local).endsWith(`\t}${eol}}${eol}`) || read(local).endsWith(`\t}${eol}}`)).toBe(
      true,
    );
    // The user adds a variable of their own after install: uninstall keeps it.
    // (After hookscope's entries: they are then a leading run to remove.)
    writeFileSync(
      local,
      read(local).replace(
        /("HOOKSCOPE_CLAUDE_TELEMETRY": "[^"]*")/,
        `$1,${eol}\t\t"MY_VAR": "kept"`,
      ),
    );
    const withMine = JSON.parse(read(local));
    expect((await hookscope(['uninstall', ...file], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(read(local)).env).toEqual({ MY_VAR: 'kept' });
    expect(Object.keys(withMine.env)).toContain('MY_VAR');
    // Without the user's variable, uninstall gives back the original file exactly.
    copyFileSync(join(FIXTURES, 'project-settings.local.json'), local);
    await hookscope(['install', ...file, '--claude-telemetry'], { cwd: dir });
    await hookscope(['uninstall', ...file], { cwd: dir });
    expect(read(local)).toBe(original);
  });

  it('writes the user settings with --user, creating them if need be', async () => {
    const config = join(tmp.dir, 'claude-config');
    const env = { ...process.env, CLAUDE_CONFIG_DIR: config };
    const r = await hookscope(
      ['install', '--user', '--claude-telemetry', '--otlp-endpoint', 'http://127.0.0.1:14318/'],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(envOf(join(config, 'settings.json'))!['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe(
      'http://127.0.0.1:14318',
    );
    expect((await hookscope(['uninstall', '--user'], { env })).code).toBe(0);
    expect(envOf(join(config, 'settings.json'))).toBeUndefined();
  });

  it('--dry-run shows the env block and writes nothing', async () => {
    const dir = project({ 'settings.json': 'project-settings.json' });
    const user = userConfig();
    const r = await hookscope(['install', '--claude-telemetry', '--dry-run'], {
      cwd: dir,
      env: user.env,
    });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('+    "OTEL_LOGS_EXPORTER": "otlp",');
    expect(existsSync(user.settings)).toBe(false);
    expect(existsSync(join(dir, '.claude', 'settings.local.json'))).toBe(false);
  });

  it('refuses bad flags and an env that is not an object, changing nothing', async () => {
    const dir = project({ 'settings.json': 'project-settings.json' });
    const cases: [string[], number, RegExp][] = [
      [
        ['--claude-telemetry', '--otlp-endpoint', 'http://127.0.0.1:4318/v1/logs'],
        2,
        /--otlp-endpoint: .* has a path: give the base URL/,
      ],
      [
        ['--claude-telemetry', '--otlp-endpoint', 'localhost'],
        2,
        /--otlp-endpoint: 'localhost' is not a URL/,
      ],
      [
        ['--claude-telemetry', '--otlp-protocol', 'grpc'],
        2,
        /--otlp-protocol must be http\/protobuf or http\/json, got 'grpc'/,
      ],
      [['--otlp-endpoint', 'http://127.0.0.1:4318'], 2, /go with --claude-telemetry/],
    ];
    const user = userConfig();
    for (const [args, code, message] of cases) {
      const r = await hookscope(['install', ...args], { cwd: dir, env: user.env });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    const local = user.settings;
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, '{ "env": ["not", "an", "object"] }\n');
    const before = read(join(dir, '.claude', 'settings.json'));
    const r = await hookscope(['install', '--claude-telemetry'], { cwd: dir, env: user.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'settings.json: env must be an object of environment variables, found array',
    );
    expect(read(join(dir, '.claude', 'settings.json'))).toBe(before);
    expect(read(local)).toBe('{ "env": ["not", "an", "object"] }\n');
  });

  it('is what an OpenTelemetry exporter needs to reach the collector', async () => {
    const collector = await startCollectorProcess([
      ...['--spool-dir', join(tmp.dir, 'c-spool'), '--state-dir', join(tmp.dir, 'c-state')],
      '--no-host-metrics',
    ]);
    try {
      const dir = project({ 'settings.json': 'project-settings.json' });
      const user = userConfig();
      const installed = await hookscope(
        ['install', '--claude-telemetry', '--otlp-endpoint', collector.otlpUrl!],
        { cwd: dir, env: user.env },
      );
      expect(installed.code, installed.stderr).toBe(0);
      // A process with exactly that environment, exporting an event as Claude Code does.
      const env = { ...process.env, ...envOf(user.settings) };
      const script = `
        import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
        import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
        const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter() })] });
        provider.getLogger('com.anthropic.claude_code.events').emit({
          body: 'claude_code.tool_result',
          attributes: { 'event.name': 'tool_result', tool_name: 'InstalledEnv', success: 'true', duration_ms: 7 },
        });
        await provider.shutdown();
      `;
      const r = await runToEnd(process.execPath, ['--input-type=module', '-e', script], {
        env,
        cwd: REPO_ROOT,
      });
      expect(r.code, r.stderr).toBe(0);
      const series =
        'hookscope_claude_code_tool_duration_seconds_count{tool="InstalledEnv",outcome="success"}';
      await waitFor(
        series,
        async () =>
          (await (await fetch(collector.metricsUrl)).text()).includes(`${series} 1`)
            ? true
            : undefined,
        20_000,
      );
    } finally {
      await collector.stop();
    }
  });
});
