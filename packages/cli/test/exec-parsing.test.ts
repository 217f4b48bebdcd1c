import { describe, expect, it } from 'vitest';
import {
  deriveHookName,
  deriveHookNameFromShell,
  scanShellCommand,
  shellQuote,
} from '@hookscope/runtime';
import { parseExecArgs } from '../src/exec/options.js';
import { readClaudePayload, scanTopLevel } from '../src/exec/payload.js';
import { HOOK_NAMES } from './support/exec-implementations.js';

describe('hook names derived from commands', () => {
  it.each(HOOK_NAMES.shell)('$command -> $name', ({ command, name }) => {
    expect(deriveHookNameFromShell(command)).toBe(name);
  });

  it.each(HOOK_NAMES.argv)('$argv -> $name', ({ argv, name }) => {
    expect(deriveHookName(argv)).toBe(name);
  });
});

describe('shell command scanning', () => {
  it('tells a simple command from one that needs a shell', () => {
    expect(scanShellCommand('"$CLAUDE_PROJECT_DIR"/.claude/hooks/a.sh --x \'y z\'')).toEqual({
      words: ['$CLAUDE_PROJECT_DIR/.claude/hooks/a.sh', '--x', 'y z'],
      commands: [['$CLAUDE_PROJECT_DIR/.claude/hooks/a.sh', '--x', 'y z']],
      simple: true,
      assignments: false,
    });
    for (const cmd of [
      'a | b',
      'a && b',
      'a; b',
      'a > out.txt',
      'a 2>/dev/null',
      'echo $(date)',
      'echo `date`',
      'FOO=1 a',
      '(a)',
      'a # comment',
      "unterminated 'quote",
    ]) {
      expect(scanShellCommand(cmd).simple, cmd).toBe(false);
    }
  });

  it('lists every simple command of a list or pipeline', () => {
    expect(scanShellCommand('cd /x && a 1 2>/dev/null | b; (c)').commands).toEqual([
      ['cd', '/x'],
      ['a', '1'],
      ['b'],
      ['c'],
    ]);
  });

  it('quotes words so that sh reads them back exactly', () => {
    expect(shellQuote('plain-word_1.sh')).toBe('plain-word_1.sh');
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(scanShellCommand(`x ${shellQuote("a 'b' $c")}`).words).toEqual(['x', "a 'b' $c"]);
  });
});

describe('Claude Code payload scanning', () => {
  it('reads top-level members without parsing nested values', () => {
    const m = scanTopLevel(
      '{"a": "x\\"y", "n": -1.5e3, "b": true, "o": {"hook_event_name": "nested", "s": "}"}, "arr": [1, {"x": "]"}], "z": null}',
    );
    expect(m.get('a')?.value).toBe('x"y');
    expect(m.get('n')?.value).toBe(-1500);
    expect(m.get('b')?.value).toBe(true);
    expect(m.get('o')?.raw).toBe('{"hook_event_name": "nested", "s": "}"}');
    expect(m.get('arr')?.raw).toBe('[1, {"x": "]"}]');
    expect(m.get('z')).toEqual({ value: undefined, raw: 'null' });
    expect(m.has('hook_event_name')).toBe(false);
  });

  it('keeps what it read when the text is cut or invalid', () => {
    const cut = scanTopLevel(
      '{"hook_event_name": "Stop", "session_id": "abc", "tool_input": {"command": "ls',
    );
    expect([...cut.keys()]).toEqual(['hook_event_name', 'session_id']);
    expect(scanTopLevel('not json').size).toBe(0);
    expect(scanTopLevel('[1,2]').size).toBe(0);
    expect(scanTopLevel('{"a": 1 "b": 2}').size).toBe(1);
  });

  it('is not a payload without hook_event_name', () => {
    expect(readClaudePayload('{"session_id": "x"}', [])).toBeUndefined();
    expect(readClaudePayload('', [])).toBeUndefined();
  });

  it('records no content unless asked', () => {
    const text = JSON.stringify({
      hook_event_name: 'Stop',
      session_id: 's',
      last_assistant_message: 'the answer',
      stop_hook_active: false,
      extra_future_field: 'may be content',
    });
    expect(readClaudePayload(text, [])).toEqual({
      event: 'Stop',
      tool: undefined,
      attributes: { 'session.id': 's', 'hookscope.claude.stop_hook_active': false },
    });
    expect(readClaudePayload(text, ['last_assistant_message'])?.attributes).toMatchObject({
      'hookscope.claude.last_assistant_message': 'the answer',
    });
  });
});

describe('hookscope exec options', () => {
  it('stops at -- or at the first word that is not an option', () => {
    expect(parseExecArgs(['--event', 'E', '--name=n', '--', '--not-ours', 'x'], {})).toMatchObject({
      event: 'E',
      name: 'n',
      argv: ['--not-ours', 'x'],
      warnings: [],
    });
    expect(parseExecArgs(['--timeout', '2.5', 'cmd', '--event', 'x'], {})).toMatchObject({
      timeoutSeconds: 2.5,
      argv: ['cmd', '--event', 'x'],
      event: undefined,
    });
  });

  it('runs -c through /bin/sh', () => {
    expect(parseExecArgs(['-c', 'a | b'], {})).toMatchObject({
      argv: ['/bin/sh', '-c', 'a | b'],
      shellCommand: 'a | b',
    });
  });

  it('turns bad options into warnings, never errors', () => {
    const o = parseExecArgs(['--nope', '--timeout', '-3', '--event'], {});
    expect(o.warnings).toEqual([
      'unknown option --nope ignored',
      "--timeout must be a number of seconds (0 < S <= 604800), got '-3': no timeout",
      'option --event needs a value',
    ]);
    expect(o.argv).toEqual([]);
  });

  it('takes the content opt-in from the environment or the flag', () => {
    expect(parseExecArgs(['x'], { HOOKSCOPE_CAPTURE_CONTENT: 'true' }).capture).toEqual(['all']);
    expect(parseExecArgs(['--capture-content', 'Prompt, tool_input', 'x'], {}).capture).toEqual([
      'prompt',
      'tool_input',
    ]);
  });
});
