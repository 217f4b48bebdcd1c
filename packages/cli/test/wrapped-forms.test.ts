import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/paths.js';
import { claudeCode } from '../src/agents/claude-code.js';
import { planInstall, planUninstall } from '../src/install/plan.js';
import { nameExecDerives, nameExecDerivesFromArgs } from '../src/install/wrap.js';
import { loadSettingsFile } from '../src/settings/settings-file.js';

const tmp = tempDir('hookscope-wrapped-forms-');
afterAll(() => tmp.cleanup());
let n = 0;

function settings(hooks: Record<string, unknown>[]): string {
  const dir = join(tmp.dir, `project-${++n}`, '.claude');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'settings.json');
  const text = JSON.stringify(
    {
      hooks: {
        PreToolUse: [{ matcher: 'Bash', hooks: hooks.map((h) => ({ type: 'command', ...h })) }],
      },
    },
    null,
    2,
  );
  writeFileSync(path, text + '\n');
  return path;
}

describe('what install writes into a hook command', () => {
  it('leaves out what the wrapper reads by itself: the event (in the payload) and a name it derives', () => {
    const path = settings([
      { command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard_bash.sh' },
      // Same derived name in the same event: the second one needs its own.
      { command: 'python3 "$CLAUDE_PROJECT_DIR"/hooks/guard_bash.py' },
      // An unquoted expansion may split into other words: the name is written.
      { command: '$HOOKS/audit.sh' },
      { command: 'jq -e . | ./check.sh' },
      { command: 'node', args: ['${CLAUDE_PLUGIN_ROOT}/hooks/lint.mjs', '--fix'] },
    ]);
    const plan = planInstall(loadSettingsFile(path), claudeCode, '/opt/hs/bin/hookscope');
    const after = JSON.parse(plan.newText).hooks.PreToolUse[0].hooks;
    expect(after.map((h: { command: string; args?: string[] }) => [h.command, h.args])).toEqual([
      [
        '/opt/hs/bin/hookscope exec --agent=claude-code -- "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard_bash.sh',
        undefined,
      ],
      [
        '/opt/hs/bin/hookscope exec --agent=claude-code --name guard_bash-2 -- python3 "$CLAUDE_PROJECT_DIR"/hooks/guard_bash.py',
        undefined,
      ],
      ['/opt/hs/bin/hookscope exec --agent=claude-code --name audit -- $HOOKS/audit.sh', undefined],
      ["/opt/hs/bin/hookscope exec --agent=claude-code -c 'jq -e . | ./check.sh'", undefined],
      [
        '/opt/hs/bin/hookscope',
        [
          'exec',
          '--agent=claude-code',
          '--',
          'node',
          '${CLAUDE_PLUGIN_ROOT}/hooks/lint.mjs',
          '--fix',
        ],
      ],
    ]);
    expect(plan.changed.map((c) => c.name)).toEqual([
      'guard_bash',
      'guard_bash-2',
      'audit',
      'jq',
      'lint',
    ]);
  });

  it('derives a name only where no expansion can change it', () => {
    expect(nameExecDerives('"$CLAUDE_PROJECT_DIR"/.claude/hooks/check-style.sh')).toBe(
      'check-style',
    );
    expect(nameExecDerives('uv run ruff check "${DIR}"')).toBe('ruff');
    expect(nameExecDerives('$DIR/check.sh')).toBeUndefined();
    expect(nameExecDerives('$LINTER')).toBeUndefined();
    expect(nameExecDerives('./hooks/*.sh')).toBeUndefined();
    // With -c the wrapper reads the same text install reads.
    expect(nameExecDerives('cd "$DIR" && ./guard.sh | tee log')).toBe('guard');
    expect(nameExecDerivesFromArgs('node', ['${CLAUDE_PLUGIN_ROOT}/x.mjs'])).toBe('x');
    expect(nameExecDerivesFromArgs('${TOOL}', [])).toBeUndefined();
  });
});

describe('uninstall reads back every form install ever wrote', () => {
  const ORIGINAL = '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh';
  const L = '/usr/lib/node_modules/@hookscope/cli/bin/hookscope';
  const forms: [string, Record<string, unknown>][] = [
    [
      'before agents were named',
      { command: `${L} exec --event PreToolUse --name guard -- ${ORIGINAL}` },
    ],
    [
      'with every option',
      { command: `${L} exec --agent=claude-code --event PreToolUse --name guard -- ${ORIGINAL}` },
    ],
    ['now', { command: `${L} exec --agent=claude-code -- ${ORIGINAL}` }],
    ['now, with a name', { command: `${L} exec --agent=claude-code --name g2 -- ${ORIGINAL}` }],
    [
      'a shell command, before',
      { command: `${L} exec --event PreToolUse --name jq -c 'jq -e . | ./check.sh'` },
    ],
    [
      'a shell command, now',
      { command: `hookscope exec --agent=claude-code -c 'jq -e . | ./check.sh'` },
    ],
    [
      'args, before agents were named',
      {
        command: L,
        args: ['exec', '--event', 'PreToolUse', '--name', 'lint', '--', 'node', 'lint.mjs', '-q'],
      },
    ],
    [
      'args, with every option',
      {
        command: L,
        args: [
          'exec',
          '--agent=claude-code',
          '--event',
          'PreToolUse',
          '--name',
          'lint',
          '--',
          'node',
          'lint.mjs',
        ],
      },
    ],
    ['args, now', { command: L, args: ['exec', '--agent=claude-code', '--', 'node', 'lint.mjs'] }],
  ];

  it.each(forms)('%s', (_label, hook) => {
    const path = settings([hook]);
    const file = loadSettingsFile(path);
    expect(planInstall(file, claudeCode, L).alreadyMeasured).toBe(1);
    const restored = JSON.parse(planUninstall(file, claudeCode).newText).hooks.PreToolUse[0]
      .hooks[0];
    const args = hook['args'] as string[] | undefined;
    const original = args ? args.slice(args.indexOf('--') + 1) : undefined;
    expect([restored.command, restored.args]).toEqual(
      original
        ? [original[0], original.slice(1)]
        : [
            String(hook['command'])
              .replace(/^.* (?:-- |-c ')/, '')
              .replace(/'$/, ''),
            undefined,
          ],
    );
  });

  it('leaves a hookscope exec that a user wrote, without the options install writes', () => {
    const path = settings([
      { command: `hookscope exec --event SessionStart -- ${ORIGINAL}` },
      { command: `hookscope exec -- ${ORIGINAL}` },
      { command: 'hookscope', args: ['exec', '--name', 'x', '--', 'node', 'x.mjs'] },
    ]);
    const file = loadSettingsFile(path);
    expect(planUninstall(file, claudeCode).newText).toBe(file.text);
    const install = planInstall(file, claudeCode, L);
    expect(install.alreadyMeasured).toBe(0);
    // Not wrapped a second time: each counted once, by the user's own wrapper.
    expect(install.newText).toBe(file.text);
    expect(install.unchanged.map((u) => u.reason)).toEqual(
      Array(3).fill('already runs under hookscope exec'),
    );
  });
});
