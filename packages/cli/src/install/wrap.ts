import { accessSync, constants } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { SHELL_BUILTINS, scanShellCommand, shellQuote } from '../exec/shell-words.js';

/**
 * How `hookscope install` rewrites a hook command to run under `hookscope exec`, and how
 * `uninstall` recognises exactly what install wrote and gives back the original, unchanged:
 *
 *   simple command:  <hookscope> exec --agent=A --event E --name N -- <original, verbatim>
 *   anything else:   <hookscope> exec --agent=A --event E --name N -c '<original, quoted for sh>'
 *   args form:       command <hookscope>, args [exec, --agent=A, --event, E, --name, N, --, <command>, ...<args>]
 *
 * (`--agent=A` is one word, so that a wrapper that does not know the option skips it alone.
 * Commands wrapped before agents were named have no `--agent`; they are read back the same.)
 *
 * A simple command (one program with its arguments, no pipes, lists, redirections or
 * substitutions, not a shell builtin) is run by the caller's `sh -c` exactly as before, with
 * `hookscope exec -- ` in front; anything else gets its own `sh -c` inside the wrapper, so its
 * meaning cannot change.
 */
export interface WrapTarget {
  /** The hookscope command to write (a path or `hookscope`). */
  launcher: string;
  /** The agent whose hook this is (claude-code, gemini-cli, ...). */
  agent?: string;
  event: string;
  name: string;
}

/**
 * What hook commands run: the native launcher in place of the `bin/hookscope` shell script it is
 * given, so that no shell is started per hook for the script: the package's own build
 * (dist/native/hookscope), else the per-platform package npm installed beside it
 * (@hookscope/cli-<os>-<cpu>). The launcher as given otherwise (a bare `hookscope` on PATH, no
 * native build). Both answer to `<launcher> exec ...` alike.
 */
export function hookLauncher(launcher: string): string {
  if (!isAbsolute(launcher) || !launcher.endsWith('/bin/hookscope')) return launcher;
  const pkg = dirname(dirname(launcher));
  const candidates = [
    join(pkg, 'dist', 'native', 'hookscope'),
    join(dirname(pkg), `cli-${process.platform}-${process.arch}`, 'bin', 'hookscope'),
  ];
  for (const native of candidates) {
    try {
      accessSync(native, constants.X_OK);
      return native;
    } catch {
      // Not built here: the next, or the launcher as given.
    }
  }
  return launcher;
}

export function wrapShellCommand(command: string, t: WrapTarget): string {
  const agent = t.agent ? ` --agent=${shellQuote(t.agent)}` : '';
  const head = `${shellQuote(hookLauncher(t.launcher))} exec${agent} --event ${shellQuote(t.event)} --name ${shellQuote(t.name)}`;
  const scan = scanShellCommand(command);
  const direct = scan.simple && scan.words.length > 0 && !SHELL_BUILTINS.has(scan.words[0]!);
  return direct ? `${head} -- ${command}` : `${head} -c ${shellQuote(command)}`;
}

export function wrapArgsCommand(
  command: string,
  args: readonly string[],
  t: WrapTarget,
): { command: string; args: string[] } {
  const agent = t.agent ? [`--agent=${t.agent}`] : [];
  return {
    command: hookLauncher(t.launcher),
    args: ['exec', ...agent, '--event', t.event, '--name', t.name, '--', command, ...args],
  };
}

/** Number of leading `args` entries install adds (exec ... -- <command>), without `--agent`. */
export const ADDED_ARGS = 7;

const WORD = String.raw`(?:'[^']*'(?:\\''[^']*')*|[^\s'"\\]+)`;
const WRAPPED_SHELL = new RegExp(
  String.raw`^(${WORD}) exec(?: --agent=(${WORD}))? --event (${WORD}) --name (${WORD}) (?:-- ([\s\S]*)|-c ('[\s\S]*'))$`,
);

export interface Unwrapped {
  original: string;
  event: string;
  name: string;
  agent: string | undefined;
}

/** The original of a command that `install` wrapped (shell form), or undefined. */
export function unwrapShellCommand(command: string): Unwrapped | undefined {
  const m = WRAPPED_SHELL.exec(command);
  if (!m) return undefined;
  const [, launcher, agentWord, event, name, direct, quoted] = m;
  const words = [launcher!, event!, name!].map(unquote);
  if (words.some((w) => w === undefined) || !isHookscope(words[0]!)) return undefined;
  const agent = agentWord === undefined ? undefined : unquote(agentWord);
  if (agentWord !== undefined && agent === undefined) return undefined;
  let original = direct;
  if (quoted !== undefined) {
    original = unquote(quoted);
    if (original === undefined) return undefined;
  }
  return { original: original!, event: words[1]!, name: words[2]!, agent };
}

/** The original command and args of a hook that `install` wrapped (args form), or undefined. */
export function unwrapArgsCommand(
  command: string,
  args: readonly string[],
): (Unwrapped & { args: string[] }) | undefined {
  if (!isHookscope(command) || args[0] !== 'exec') return undefined;
  const agent = args[1]?.startsWith('--agent=') ? args[1].slice('--agent='.length) : undefined;
  const added = ADDED_ARGS + (agent === undefined ? 0 : 1);
  if (args.length < added) return undefined;
  const [e, event, n, name, dashes, original] = args.slice(added - 6);
  if (e !== '--event' || n !== '--name' || dashes !== '--') return undefined;
  return { original: original!, event: event!, name: name!, agent, args: args.slice(added) };
}

/** Whether a command already runs under `hookscope exec`, written by install or by hand. */
export function runsUnderHookscope(command: string): boolean {
  const [first, second] = scanShellCommand(command).words;
  return first !== undefined && isHookscope(first) && second === 'exec';
}

function isHookscope(word: string): boolean {
  const base = word.slice(word.lastIndexOf('/') + 1);
  return /^hookscope(\.js|\.cjs)?$/.test(base);
}

/** A word as shellQuote writes it, read back; undefined if shellQuote would not write it so. */
function unquote(word: string): string | undefined {
  const value = word.startsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word;
  return shellQuote(value) === word ? value : undefined;
}
