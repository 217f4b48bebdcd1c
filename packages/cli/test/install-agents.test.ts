import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, tempDir } from '../../../test/support/paths.js';
import { AGENTS, agentNamed, type AgentAdapter } from '../src/agents/index.js';
import { planInstall, planUninstall } from '../src/install/plan.js';
import { unwrapShellCommand } from '../src/install/wrap.js';
import { readHooks } from '../src/settings/hook-lists.js';
import type { JsonNode } from '../src/settings/json-text.js';
import { loadSettingsFile, type SettingsFile } from '../src/settings/settings-file.js';
import { parseTomlText } from '../src/settings/toml-text.js';
import { hookscope, read, SETTINGS_FIXTURES } from './support/settings-projects.js';

const AGENT_FIXTURES = join(REPO_ROOT, 'packages', 'cli', 'test', 'fixtures', 'agents');
const tmp = tempDir('hookscope-install-agents-');
afterAll(() => tmp.cleanup());
let n = 0;

/** A project with fixture files copied to the given places (`{ '.gemini/settings.json': 'gemini-cli/x.json' }`). */
function project(files: Record<string, string>): string {
  const dir = join(tmp.dir, `project-${++n}`);
  for (const [place, fixture] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, place)), { recursive: true });
    const from = fixture.startsWith('claude:')
      ? join(SETTINGS_FIXTURES, fixture.slice('claude:'.length))
      : join(AGENT_FIXTURES, fixture);
    copyFileSync(from, join(dir, place));
  }
  return dir;
}

const load = (path: string, agent: AgentAdapter) => loadSettingsFile(path, agent.formatOf(path));

/** The value tree with every command field of every command hook taken out: what must not change. */
function withoutCommands(file: SettingsFile, agent: AgentAdapter): unknown {
  const hooks = readHooks(file, agent.shape).commands;
  const commands = new Set<JsonNode>(hooks.map((h) => h.command.node));
  // The names install gives hooks the agent knows by their command (Gemini CLI's): the command.
  for (const h of hooks) {
    const original = unwrapShellCommand(h.command.value)?.original;
    if (h.nameNode?.type === 'string' && h.nameNode.value === original) commands.add(h.nameNode);
  }
  const plain = (node: JsonNode): unknown => {
    switch (node.type) {
      case 'object':
        return Object.fromEntries(
          node.members.filter((m) => !commands.has(m.value)).map((m) => [m.key, plain(m.value)]),
        );
      case 'array':
        return node.items.map(plain);
      case 'null':
        return null;
      default:
        return node.value;
    }
  };
  return plain(file.root);
}

/** Every fixture, with its agent, the place it goes in a project, and its number of command hooks. */
const FIXTURES: [string, string, string, number][] = [
  ['gemini-cli', 'gemini-cli/settings-commented.json', '.gemini/settings.json', 6],
  ['gemini-cli', 'gemini-cli/settings-tabs-crlf.json', '.gemini/settings.json', 2],
  ['codex', 'codex/hooks.json', '.codex/hooks.json', 5],
  ['codex', 'codex/config.toml', '.codex/config.toml', 3],
  ['codex', 'codex/config-inline.toml', '.codex/config.toml', 2],
  ['cursor', 'cursor/hooks.json', '.cursor/hooks.json', 7],
  ['cursor', 'cursor/hooks-schema.json', '.cursor/hooks.json', 1],
  ['copilot', 'copilot/safety-guard.json', '.github/hooks/safety-guard.json', 4],
  ['copilot', 'copilot/vscode-compatible.json', '.github/hooks/vscode.json', 2],
];

describe('install and uninstall, per agent and config shape', () => {
  it.each(FIXTURES)(
    '%s %s: every command hook wrapped with its agent and event, all else kept, uninstall byte for byte',
    (name, fixture, place, expected) => {
      const agent = agentNamed(name)!;
      const dir = project({ [place]: fixture });
      const path = join(dir, place);
      const original = load(path, agent);

      const installed = planInstall(original, agent, '/opt/hookscope/bin/hookscope');
      expect(installed.changed).toHaveLength(expected);
      writeFileSync(path, installed.newText);
      const after = load(path, agent); // still what the agent accepts
      const hooks = readHooks(after, agent.shape).commands;
      expect(hooks).toHaveLength(expected);
      for (const hook of hooks) {
        const w = unwrapShellCommand(hook.command.value)!;
        expect(w, hook.where).toBeDefined();
        expect(w.agent).toBe(agent.name);
        // --event only where the payload does not name it (Copilot's).
        const event = agent.payloadNamesEvent ? undefined : hook.event;
        expect(w.event).toBe(event);
        expect(hook.command.value).toMatch(
          new RegExp(
            `^/opt/hookscope/bin/hookscope exec --agent=${name}${event ? ` --event ${event}` : ''} `,
          ),
        );
      }
      expect(withoutCommands(after, agent)).toEqual(withoutCommands(original, agent));
      // Line structure unchanged: only the lines holding commands differ.
      expect(installed.newText.split('\n').length).toBe(original.text.split('\n').length);

      const again = planInstall(after, agent, '/opt/hookscope/bin/hookscope');
      expect(again.newText).toBe(installed.newText);
      expect(again.alreadyMeasured).toBe(expected);

      const removed = planUninstall(after, agent);
      expect(removed.changed).toHaveLength(expected);
      expect(removed.newText).toBe(original.text);
    },
  );

  it('a TOML literal command that needs its own shell stays literal, and comes back as it was', () => {
    const agent = agentNamed('codex')!;
    const dir = project({ '.codex/config.toml': 'codex/config.toml' });
    const path = join(dir, '.codex', 'config.toml');
    const text = planInstall(load(path, agent), agent, 'hookscope').newText;
    expect(text).toContain(
      `command = '''hookscope exec --agent=codex -c 'git diff --cached --name-only | xargs -r ./scripts/check.sh''''`,
    );
    expect(text).toContain(
      `command = 'hookscope exec --agent=codex -- /usr/bin/python3 .codex/hooks/guard.py'   # literal string`,
    );
  });

  it("reads TOML as Python's tomllib does", () => {
    for (const fixture of ['codex/config.toml', 'codex/config-inline.toml']) {
      const text = readFileSync(join(AGENT_FIXTURES, fixture), 'utf8');
      const py = spawnSync(
        'python3',
        ['-c', 'import json,sys,tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'],
        { input: text, encoding: 'utf8' },
      );
      expect(py.status, py.stderr).toBe(0);
      const plain = (node: JsonNode): unknown =>
        node.type === 'object'
          ? Object.fromEntries(node.members.map((m) => [m.key, plain(m.value)]))
          : node.type === 'array'
            ? node.items.map(plain)
            : node.type === 'null'
              ? null
              : node.value;
      expect(plain(parseTomlText(text)), fixture).toEqual(JSON.parse(py.stdout));
    }
  });

  it('Gemini CLI keeps calling each hook what it did: an unnamed one gets its command as its name, until uninstall', () => {
    const agent = agentNamed('gemini-cli')!;
    for (const fixture of [
      'gemini-cli/settings-tabs-crlf.json',
      'gemini-cli/settings-commented.json',
    ]) {
      const dir = project({ '.gemini/settings.json': fixture });
      const path = join(dir, '.gemini', 'settings.json');
      const original = load(path, agent);
      const before = readHooks(original, agent.shape).commands;
      const installed = planInstall(original, agent, 'hookscope');
      writeFileSync(path, installed.newText);
      const after = readHooks(load(path, agent), agent.shape).commands;
      // Gemini CLI's name for a hook: its `name`, else its command.
      expect(after.map((h) => h.name ?? h.command.value)).toEqual(
        before.map((h) => h.name ?? h.command.value),
      );
      expect(after.filter((h) => h.name === undefined)).toEqual([]);
      expect(planUninstall(load(path, agent), agent).newText).toBe(original.text);
    }
  });

  it('Gemini CLI names: the entry\'s own "name" when it has one', () => {
    const agent = agentNamed('gemini-cli')!;
    const dir = project({ '.gemini/settings.json': 'gemini-cli/settings-tabs-crlf.json' });
    const plan = planInstall(
      load(join(dir, '.gemini', 'settings.json'), agent),
      agent,
      'hookscope',
    );
    expect(plan.changed.map((c) => [c.event, c.name])).toEqual([
      ['BeforeAgent', 'Kontext-einf-gen'],
      ['PreCompress', 'save-state'],
    ]);
  });
});

describe('hookscope install across agents', () => {
  const everything = {
    '.claude/settings.json': 'claude:project-settings.json',
    '.gemini/settings.json': 'gemini-cli/settings-commented.json',
    '.codex/hooks.json': 'codex/hooks.json',
    '.codex/config.toml': 'codex/config.toml',
    '.cursor/hooks.json': 'cursor/hooks.json',
    '.github/hooks/safety-guard.json': 'copilot/safety-guard.json',
  };

  it('measures every hook of a project that uses all five agents; uninstall restores every file', async () => {
    const dir = project(everything);
    const originals = Object.keys(everything).map((p) => [p, read(join(dir, p))] as const);
    const r = await hookscope(['install', '--command', 'hookscope'], { cwd: dir });
    expect(r.stderr.toString()).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout.toString();
    for (const line of [
      '.claude/settings.json (Claude Code): 5 hooks now measured by hookscope exec',
      '.gemini/settings.json (Gemini CLI): 6 hooks now measured by hookscope exec',
      '.codex/hooks.json (Codex): 5 hooks now measured by hookscope exec',
      '.codex/config.toml (Codex): 3 hooks now measured by hookscope exec',
      '.cursor/hooks.json (Cursor): 7 hooks now measured by hookscope exec',
      '.github/hooks/safety-guard.json (GitHub Copilot): 4 hooks now measured by hookscope exec',
      'open /hooks and trust the 8 hooks hookscope wrapped (.codex/hooks.json, .codex/config.toml)',
    ]) {
      expect(out).toContain(line);
    }
    for (const [place] of originals) {
      const agent = AGENTS.find((a) => a.ownsPath(join(dir, place)))!;
      for (const hook of readHooks(load(join(dir, place), agent), agent.shape).commands) {
        expect(hook.command.value, `${place} ${hook.where}`).toMatch(
          new RegExp(
            `^hookscope exec --agent=${agent.name}${agent.payloadNamesEvent ? '' : ` --event ${hook.event}`} `,
          ),
        );
      }
    }
    const again = await hookscope(['install', '--command', 'hookscope'], { cwd: dir });
    expect(again.stdout.toString()).not.toContain('now measured');

    const removed = await hookscope(['uninstall'], { cwd: dir });
    expect(removed.code).toBe(0);
    expect(removed.stdout.toString()).toContain('trust the 8 hooks hookscope restored');
    for (const [place, text] of originals) expect(read(join(dir, place)), place).toBe(text);
  });

  it('--agent limits install to those agents; a named agent without config is an error', async () => {
    const dir = project(everything);
    const before = read(join(dir, '.claude', 'settings.json'));
    const r = await hookscope(['install', '--agent', 'cursor,copilot', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = r.stdout.toString();
    expect(out).toContain('.cursor/hooks.json (Cursor): 7 hooks');
    expect(out).toContain('.github/hooks/safety-guard.json (GitHub Copilot): 4 hooks');
    expect(out).not.toContain('Claude Code');
    expect(out).not.toContain('Codex');
    expect(read(join(dir, '.claude', 'settings.json'))).toBe(before);

    const none = project({ '.cursor/hooks.json': 'cursor/hooks.json' });
    const bad = await hookscope(['install', '--agent', 'gemini-cli'], { cwd: none });
    expect(bad.code).toBe(1);
    expect(bad.stderr.toString()).toBe(
      'hookscope install: no project hook config found for Gemini CLI: .gemini/settings.json\n',
    );
    const unknown = await hookscope(['install', '--agent', 'windsurf'], { cwd: none });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.toString()).toContain("--agent: unknown agent 'windsurf'");
  });

  it("--user edits each agent's own files under its home", async () => {
    const home = join(tmp.dir, 'home');
    const files = {
      [join(home, '.gemini', 'settings.json')]: 'gemini-cli/settings-commented.json',
      [join(home, 'codex-home', 'hooks.json')]: 'codex/hooks.json',
      [join(home, '.cursor', 'hooks.json')]: 'cursor/hooks-schema.json',
      [join(home, '.copilot', 'hooks', 'mine.json')]: 'copilot/vscode-compatible.json',
    };
    for (const [path, fixture] of Object.entries(files)) {
      mkdirSync(dirname(path), { recursive: true });
      copyFileSync(join(AGENT_FIXTURES, fixture), path);
    }
    const env = { ...process.env, HOME: home, CODEX_HOME: join(home, 'codex-home') };
    delete env['GEMINI_CLI_HOME'];
    delete env['COPILOT_HOME'];
    delete env['CLAUDE_CONFIG_DIR'];
    const r = await hookscope(['install', '--user', '--command', 'hookscope'], {
      env,
      cwd: tmp.dir,
    });
    expect(r.stderr.toString()).toBe('');
    for (const [path, fixture] of Object.entries(files)) {
      expect(read(path), path).not.toBe(read(join(AGENT_FIXTURES, fixture)));
    }
    await hookscope(['uninstall', '--user'], { env, cwd: tmp.dir });
    for (const [path, fixture] of Object.entries(files)) {
      expect(read(path), path).toBe(read(join(AGENT_FIXTURES, fixture)));
    }
  });
});

describe('configs an agent would not accept: an error naming file and place, nothing changed', () => {
  const broken: [string, string, string, string][] = [
    [
      'Gemini CLI: an unterminated comment',
      '.gemini/settings.json',
      '{\n  /* hooks\n  "hooks": {}\n}\n',
      '.gemini/settings.json: invalid JSON at line 2, column 3: unterminated comment',
    ],
    [
      'Codex: TOML that does not parse',
      '.codex/config.toml',
      'model = "o3"\n[[hooks.Stop]\n',
      ".codex/config.toml: invalid TOML at line 2, column 13: expected ']]' to close the table header",
    ],
    [
      'Codex: a table defined twice',
      '.codex/config.toml',
      '[hooks]\nStop = []\n[hooks]\n',
      '.codex/config.toml: invalid TOML at line 3, column 1: table [hooks] is defined twice',
    ],
    [
      'Codex: a hook without a type',
      '.codex/config.toml',
      '[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ncommand = "make"\n',
      '.codex/config.toml:2: hooks.Stop[0].hooks[0] has no "type" (a string such as "command")',
    ],
    [
      'Cursor: an event that is not a list',
      '.cursor/hooks.json',
      '{"version": 1, "hooks": {"stop": {"command": "./x.sh"}}}',
      '.cursor/hooks.json: hooks.stop must be a list of hooks, found an object',
    ],
    [
      'Copilot: bash that is not a string',
      '.github/hooks/a.json',
      '{"version": 1, "hooks": {"preToolUse": [{"type": "command", "bash": ["x"]}]}}',
      '.github/hooks/a.json: hooks.preToolUse[0].bash must be a string, found a list',
    ],
    [
      'Copilot: a command hook without a command',
      '.github/hooks/a.json',
      '{"version": 1, "hooks": {"preToolUse": [{"type": "command", "powershell": "x.ps1"}]}}',
      '.github/hooks/a.json: hooks.preToolUse[0] is a command hook without "bash" or "command"',
    ],
  ];

  it.each(broken)('%s', async (_label, place, text, message) => {
    const dir = project({ '.cursor/hooks.json': 'cursor/hooks.json' });
    mkdirSync(dirname(join(dir, place)), { recursive: true });
    writeFileSync(join(dir, place), text);
    const good = read(join(dir, '.cursor', 'hooks.json'));
    const r = await hookscope(['install'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.toString()).toBe(`hookscope install: ${message}\n`);
    if (place !== '.cursor/hooks.json') expect(read(join(dir, '.cursor', 'hooks.json'))).toBe(good);
    expect(read(join(dir, place))).toBe(text);
    expect(readdirSync(dirname(join(dir, place))).filter((f) => f.includes('hookscope'))).toEqual(
      [],
    );
  });
});
