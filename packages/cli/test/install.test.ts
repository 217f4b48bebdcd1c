import { afterAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HOOKSCOPE_LAUNCHER } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';
import { readSpool, typedAttrs } from '../../../test/support/spool.js';
import {
  hookscope,
  read,
  settingsProjects,
  SETTINGS_FIXTURES,
} from './support/settings-projects.js';
import { claudeCode } from '../src/agents/claude-code.js';
import { readHooks } from '../src/settings/hook-lists.js';
import { loadSettingsFile } from '../src/settings/settings-file.js';
import { hookLauncher, unwrapArgsCommand, unwrapShellCommand } from '../src/install/wrap.js';

const FIXTURES = SETTINGS_FIXTURES;
const projects = settingsProjects('hookscope-install-');
const { project } = projects;
const tmp = { dir: projects.dir };
afterAll(() => projects.cleanup());

/** Every command hook with its event, and whether install wrapped it. */
function commandHooks(path: string) {
  return readHooks(loadSettingsFile(path), claudeCode.shape).commands.map((h) => {
    const w = h.args
      ? unwrapArgsCommand(h.command.value, h.args.values)
      : unwrapShellCommand(h.command.value);
    return {
      where: h.where,
      event: h.event,
      wrapped: w,
      command: h.command.value,
      args: h.args?.values,
    };
  });
}

/** The parsed settings with every hook command (and args) taken out: what install must not touch. */
function withoutCommands(text: string): unknown {
  const data = JSON.parse(text.replace(/^\uFEFF/, ''));
  for (const groups of Object.values(
    (data.hooks ?? {}) as Record<string, { hooks: Record<string, unknown>[] }[]>,
  )) {
    for (const group of groups)
      for (const hook of group.hooks)
        if (hook['type'] === 'command') {
          delete hook['command'];
          delete hook['args'];
        }
  }
  return data;
}

describe('hookscope install / uninstall round trip', () => {
  it.each([
    ['project (2 spaces)', 'project-settings.json', 5],
    ['local (tabs, CRLF, args form, several hooks per event)', 'project-settings.local.json', 5],
    ['user (4 spaces, unicode, no final newline, other hook types)', 'user-settings.json', 3],
  ])(
    '%s: wraps every command hook, is idempotent, and uninstall restores the file byte for byte',
    async (_label, fixture, expected) => {
      const dir = project({ 'settings.json': fixture });
      const file = join(dir, '.claude', 'settings.json');
      const original = read(file);

      const first = await hookscope(['install', '--dir', dir]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const installed = read(file);
      const hooks = commandHooks(file);
      expect(hooks.filter((h) => h.wrapped)).toHaveLength(expected);
      for (const h of hooks.filter((x) => x.wrapped)) {
        // Claude Code's payload names the event: the wrapper reads it there.
        expect(h.wrapped!.event).toBeUndefined();
        expect(h.wrapped!.agent).toBe('claude-code');
      }
      // Nothing else changed: other keys, hook fields, and every line without a wrapped command.
      expect(withoutCommands(installed)).toEqual(withoutCommands(original));
      const before = original.split('\n');
      const after = installed.split('\n');
      expect(after).toHaveLength(before.length);
      const wrappedLines = after.filter((l, i) => l !== before[i]);
      expect(wrappedLines.length).toBeGreaterThan(0);
      for (const l of wrappedLines) expect(l).toMatch(/hookscope|"exec"/);
      expect(installed.endsWith('\n')).toBe(original.endsWith('\n'));
      expect(installed.split('\r\n').length).toBe(original.split('\r\n').length);
      expect(read(`${file}.hookscope-backup`)).toBe(original);

      const again = await hookscope(['install', '--dir', dir]);
      expect(again.code).toBe(0);
      expect(again.stdout.toString()).toContain(`nothing to change, ${expected} already measured`);
      expect(read(file)).toBe(installed);

      const removed = await hookscope(['uninstall', '--dir', dir]);
      expect(removed.code).toBe(0);
      expect(read(file)).toBe(original);
      expect(read(`${file}.hookscope-backup`)).toBe(installed);
      expect((await hookscope(['uninstall', '--dir', dir])).stdout.toString()).toContain(
        'nothing to change',
      );
      expect(read(file)).toBe(original);
    },
  );

  it('treats both project files, names hooks after their scripts, distinct within an event', async () => {
    const dir = project();
    const r = await hookscope(['install'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = r.stdout.toString();
    expect(out).toContain(
      '.claude/settings.json (Claude Code): 5 hooks now measured by hookscope exec',
    );
    expect(out).toContain(
      '.claude/settings.local.json (Claude Code): 5 hooks now measured by hookscope exec',
    );
    expect(out).toContain(
      'left alone: hooks.PreToolUse[1].hooks[1] (a prompt hook, not a command)',
    );
    const names = commandHooks(join(dir, '.claude', 'settings.local.json')).map((h) => [
      h.event,
      h.wrapped!.name,
    ]);
    expect(names).toEqual([
      ['PreToolUse', 'audit'],
      ['PreToolUse', 'audit-2'],
      ['PreToolUse', 'audit-3'],
      ['PreToolUse', 'notify-start'],
      ['UserPromptSubmit', 'prompt-guard'],
    ]);
    const local = commandHooks(join(dir, '.claude', 'settings.local.json'));
    expect(local[2]).toMatchObject({
      command: realLauncher(),
      args: [
        'exec',
        '--agent=claude-code',
        '--name',
        'audit-3',
        '--',
        'node',
        '${CLAUDE_PROJECT_DIR}/.claude/hooks/audit.mjs',
        '--mcp',
      ],
    });
    // The wrapper derives this name from the command itself: no --name.
    expect(local[3]!.args).toEqual([
      'exec',
      '--agent=claude-code',
      '--',
      '/usr/local/bin/notify-start',
    ]);
  });

  it('leaves other hook types, PowerShell and hooks already under hookscope exec alone', async () => {
    const dir = project({ 'settings.json': 'user-settings.json' });
    const out = (await hookscope(['install', '--dir', dir])).stdout.toString();
    expect(out).toContain(
      'left alone: hooks.Notification[0].hooks[0] (a agent hook, not a command)',
    );
    expect(out).toContain(
      'left alone: hooks.Notification[0].hooks[1] (a http hook, not a command)',
    );
    expect(out).toContain('left alone: hooks.Notification[0].hooks[2] (runs in PowerShell)');
    expect(out).toContain(
      'left alone: hooks.SessionStart[0].hooks[1] (already runs under hookscope exec)',
    );
    const file = read(join(dir, '.claude', 'settings.json'));
    expect(JSON.parse(file).statusLine.command).toBe('~/.claude/statusline.sh');
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const dir = project({ 'settings.json': 'project-settings.json' });
    const file = join(dir, '.claude', 'settings.json');
    const mtime = statSync(file).mtimeMs;
    const r = await hookscope(['install', '--dir', dir, '--dry-run', '--command', 'hookscope']);
    expect(r.code).toBe(0);
    const out = r.stdout.toString();
    expect(out).toContain(`--- ${file}\n+++ ${file} (after hookscope install)\n@@ -9,14 +9,14 @@`);
    expect(out).toContain(
      '+          { "type": "command", "command": "hookscope exec --agent=claude-code -- \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard-bash.sh", "timeout": 10 },',
    );
    expect(out).toContain(
      '-    "Stop": [{ "hooks": [{ "type": "command", "command": "echo done >> /tmp/stops.log" }] }]',
    );
    expect(out).toContain('dry run: nothing was written');
    expect(read(file)).toBe(read(join(FIXTURES, 'project-settings.json')));
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readdirSync(join(dir, '.claude'))).toEqual(['settings.json']);
  });

  it('keeps the file mode, and writes through a symbolic link', async () => {
    const dir = project({});
    const real = `${dir}-dotfiles.json`;
    copyFileSync(join(FIXTURES, 'project-settings.json'), real);
    chmodSync(real, 0o600);
    symlinkSync(real, join(dir, '.claude', 'settings.json'));
    expect((await hookscope(['install', '--dir', dir])).code).toBe(0);
    expect(lstatSync(join(dir, '.claude', 'settings.json')).isSymbolicLink()).toBe(true);
    expect(read(real)).toContain('hookscope exec');
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(existsSync(`${real}.hookscope-backup`)).toBe(true);
  });

  it('--user edits the settings in $CLAUDE_CONFIG_DIR', async () => {
    const config = join(tmp.dir, 'claude-config');
    mkdirSync(config);
    copyFileSync(join(FIXTURES, 'user-settings.json'), join(config, 'settings.json'));
    const env = { ...process.env, CLAUDE_CONFIG_DIR: config };
    const r = await hookscope(['install', '--user'], { env });
    expect(r.code).toBe(0);
    expect(commandHooks(join(config, 'settings.json')).filter((h) => h.wrapped)).toHaveLength(3);
    expect((await hookscope(['uninstall', '--user'], { env })).code).toBe(0);
    expect(read(join(config, 'settings.json'))).toBe(read(join(FIXTURES, 'user-settings.json')));
  });
});

describe('hookscope install refuses bad input and changes nothing', () => {
  const broken: [string, string, string][] = [
    [
      'invalid JSON',
      '{\n  "hooks": {\n    "Stop": [,]\n  }\n}\n',
      'invalid JSON at line 3, column 14: unexpected character "," where a value was expected',
    ],
    [
      'a trailing comma',
      '{"hooks": {},}\n',
      'invalid JSON at line 1, column 14: unexpected character "}" where a key (a string) was expected',
    ],
    ['a list at the top', '[]\n', 'the top level must be a JSON object, found array'],
    [
      'hooks as a list',
      '{"hooks": []}\n',
      '"hooks" must be an object of hook events, found a list',
    ],
    [
      'an event that is not a list',
      '{"hooks": {"Stop": {"hooks": []}}}\n',
      'hooks.Stop must be a list of {"matcher", "hooks"} groups, found an object',
    ],
    [
      'a group without hooks',
      '{"hooks": {"Stop": [{"matcher": "x"}]}}\n',
      'hooks.Stop[0] has no "hooks" list',
    ],
    [
      'a hook without type',
      '{"hooks": {"Stop": [{"hooks": [{"command": "x"}]}]}}\n',
      'hooks.Stop[0].hooks[0] has no "type" (a string such as "command")',
    ],
    [
      'a command that is not a string',
      '{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": 42}]}]}}\n',
      'hooks.Stop[0].hooks[0].command must be a string, found the number 42',
    ],
    [
      'args that are not strings',
      '{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "x", "args": [1]}]}]}}\n',
      'hooks.Stop[0].hooks[0].args must be a list of strings, found a list',
    ],
  ];
  it.each(broken)('%s', async (_label, text, message) => {
    const dir = project({ 'settings.json': 'project-settings.json' });
    const bad = join(dir, '.claude', 'settings.local.json');
    writeFileSync(bad, text);
    const good = read(join(dir, '.claude', 'settings.json'));
    for (const cmd of ['install', 'uninstall']) {
      const r = await hookscope([cmd, '--dir', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`hookscope ${cmd}: ${bad}: ${message}\n`);
    }
    // The good file was not touched either: all or nothing.
    expect(read(join(dir, '.claude', 'settings.json'))).toBe(good);
    expect(read(bad)).toBe(text);
    expect(readdirSync(join(dir, '.claude')).sort()).toEqual([
      'settings.json',
      'settings.local.json',
    ]);
  });

  it('a file it cannot write: names it, and puts back the one it already wrote', async () => {
    const dir = project();
    const before = readdirSync(join(dir, '.claude')).map((f) => [f, read(join(dir, '.claude', f))]);
    // Something in the way of the atomic write of the second file.
    mkdirSync(join(dir, '.claude', '.settings.local.json.hookscope-tmp'));
    const r = await hookscope(['install', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^hookscope install: .*settings\.local\.json: cannot write .*settings\.local\.json \(is a directory\); nothing was changed \(.*settings\.json restored\)\n$/,
    );
    for (const [f, text] of before) expect(read(join(dir, '.claude', f!))).toBe(text);
  });

  it('no settings: says where it looked', async () => {
    const dir = join(tmp.dir, 'empty-project');
    mkdirSync(dir);
    const r = await hookscope(['install', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `hookscope install: no hook config of any agent in ${dir} (looked for .claude/settings.json, .claude/settings.local.json, .gemini/settings.json, .codex/hooks.json, .codex/config.toml, .cursor/hooks.json, .github/hooks/*.json); use --user or --file for others\n`,
    );
    expect(existsSync(join(dir, '.claude'))).toBe(false);
  });

  it('conflicting flags are a usage error', async () => {
    const r = await hookscope(['install', '--user', '--dir', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('choose one of --dir, --user and --file');
  });
});

describe('installed hooks run as before, and are measured', () => {
  it('gives the same output and exit code under sh -c as the original, and records event and name', async () => {
    const dir = project({ 'settings.json': 'project-settings.json' });
    const hooksDir = join(dir, '.claude', 'hooks');
    mkdirSync(hooksDir);
    writeFileSync(
      join(hooksDir, 'guard-bash.sh'),
      '#!/usr/bin/env bash\ncmd=$(jq -r .tool_input.command)\n[[ $cmd == *"rm -rf"* ]] && { echo "blocked: $cmd" >&2; exit 2; }\necho ok\n',
      { mode: 0o755 },
    );
    writeFileSync(
      join(hooksDir, 'check_paths.py'),
      'import json, sys\nprint(json.load(sys.stdin)["tool_name"])\n',
    );
    const settings = join(dir, '.claude', 'settings.json');
    const originals = commandHooks(settings);
    expect((await hookscope(['install', '--dir', dir, '--command', HOOKSCOPE_LAUNCHER])).code).toBe(
      0,
    );
    const wrapped = commandHooks(settings);

    const spoolDir = join(dir, 'spool');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CLAUDE_PROJECT_DIR: dir,
      HOOKSCOPE_SPOOL_DIR: spoolDir,
    };
    delete env['TRACEPARENT'];
    // What Claude Code does: sh -c "<command>" with the payload on stdin, in the project.
    const claudeRuns = async (command: string, payload: object) =>
      runToEnd('/bin/sh', ['-c', command], { env, cwd: dir, input: JSON.stringify(payload) });
    const cases = [
      {
        i: 0,
        payload: {
          hook_event_name: 'PreToolUse',
          tool_name: 'Bash',
          tool_input: { command: 'rm -rf /' },
        },
      },
      {
        i: 0,
        payload: {
          hook_event_name: 'PreToolUse',
          tool_name: 'Bash',
          tool_input: { command: 'ls' },
        },
      },
      {
        i: 1,
        payload: {
          hook_event_name: 'PreToolUse',
          tool_name: 'Bash',
          tool_input: { command: 'rm -rf x' },
        },
      },
      { i: 2, payload: { hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: {} } },
    ];
    if (!hasUv()) cases.pop(); // `uv run python` needs uv
    for (const { i, payload } of cases) {
      const a = await claudeRuns(originals[i]!.command, payload);
      const b = await claudeRuns(wrapped[i]!.command, payload);
      expect([b.code, b.stdout.toString(), b.stderr]).toEqual([
        a.code,
        a.stdout.toString(),
        a.stderr,
      ]);
    }
    const spans = readSpool(spoolDir)
      .map(({ span }) => ({
        start: BigInt(span.startTimeUnixNano),
        a: typedAttrs(span.attributes),
      }))
      .sort((x, y) => (x.start < y.start ? -1 : 1))
      .map(({ a }) => [
        a['hookscope.hook.event'],
        a['hookscope.hook.name'],
        a['hookscope.hook.tool'],
        a['hookscope.hook.outcome'],
      ]);
    expect(spans).toEqual(
      [
        ['PreToolUse', 'guard-bash', 'Bash', 'blocked'],
        ['PreToolUse', 'guard-bash', 'Bash', 'success'],
        ['PreToolUse', 'jq', 'Bash', 'blocked'],
        ['PreToolUse', 'check_paths', 'Edit', 'success'],
      ].slice(0, cases.length),
    );
  });
});

/** What install writes by default: this package's launcher, native when the build made it. */
function realLauncher(): string {
  return hookLauncher(realpathSync(HOOKSCOPE_LAUNCHER));
}

function hasUv(): boolean {
  return spawnSync('uv', ['--version']).status === 0;
}
