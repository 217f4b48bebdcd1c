import { accessSync, constants } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import {
  deriveHookName,
  deriveHookNameFromShell,
  SHELL_BUILTINS,
  scanShellCommand,
  shellQuote,
} from '@hookscope/runtime';

/**
 * How `hookscope install` rewrites a hook command to run under `hookscope exec`, and how
 * `uninstall` recognises exactly what install wrote and gives back the original, unchanged:
 *
 *   simple command:  <hookscope> exec --agent=A [--event E] [--name N] -- <original, verbatim>
 *   anything else:   <hookscope> exec --agent=A [--event E] [--name N] -c '<original, quoted for sh>'
 *   args form:       command <hookscope>, args [exec, --agent=A, [--event, E,] [--name, N,] --, <command>, ...<args>]
 *
 * An agent that quotes a blocking hook's command to its model (Claude Code does) shows it all,
 * so install writes no more than the wrapper needs: `--event` only for an agent whose payload
 * does not name the event, `--name` only when it differs from the name the wrapper derives from
 * the command itself. `--agent=A` stays: the label of the hook's metrics, and how uninstall
 * tells install's commands from `hookscope exec` a user wrote (one word, so that a wrapper that
 * does not know the option skips it alone). Commands wrapped earlier carry every option, and
 * those wrapped before agents were named no `--agent`: they are read back the same.
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
  /** Written only when the agent's payload does not name the event. */
  event?: string;
  /** Written only when the wrapper would not derive the same name from the command. */
  name?: string;
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
  const options = [
    t.agent !== undefined ? `--agent=${shellQuote(t.agent)}` : '',
    t.event !== undefined ? `--event ${shellQuote(t.event)}` : '',
    t.name !== undefined ? `--name ${shellQuote(t.name)}` : '',
  ].filter(Boolean);
  const head = [shellQuote(hookLauncher(t.launcher)), 'exec', ...options].join(' ');
  return runsDirectly(command) ? `${head} -- ${command}` : `${head} -c ${shellQuote(command)}`;
}

/** A simple command, run by the caller's shell after `exec --`; anything else gets `-c`. */
function runsDirectly(command: string): boolean {
  const scan = scanShellCommand(command);
  return scan.simple && scan.words.length > 0 && !SHELL_BUILTINS.has(scan.words[0]!);
}

/** A stand-in for what a parameter expansion may hold: a path with a space in it. */
const EXPANDED = '/x y';
const PARAMETER = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]/g;

/**
 * The hook name `hookscope exec` derives from a shell command once wrapped, or undefined when
 * install cannot know it. With `-c` the wrapper reads the same text install reads. After `--`
 * it reads the words the caller's shell expanded: the name counts only if no expansion can
 * change it (a quoted `"$CLAUDE_PROJECT_DIR"/hooks/guard.sh` is `guard` whatever the directory;
 * an unquoted `$DIR/guard.sh`, split on a space, or a glob is not certain).
 */
export function nameExecDerives(command: string): string | undefined {
  const name = deriveHookNameFromShell(command);
  if (!runsDirectly(command)) return name;
  if (/[*?[]/.test(command)) return undefined;
  return deriveHookNameFromShell(command.replace(PARAMETER, EXPANDED)) === name ? name : undefined;
}

/** The same for the args form: the agent substitutes variables in each word, never splits. */
export function nameExecDerivesFromArgs(
  command: string,
  args: readonly string[],
): string | undefined {
  const words = [command, ...args];
  const name = deriveHookName(words);
  const expanded = deriveHookName(words.map((w) => w.replace(PARAMETER, EXPANDED)));
  return expanded === name ? name : undefined;
}

export function wrapArgsCommand(
  command: string,
  args: readonly string[],
  t: WrapTarget,
): { command: string; args: string[] } {
  return {
    command: hookLauncher(t.launcher),
    args: [
      'exec',
      ...(t.agent !== undefined ? [`--agent=${t.agent}`] : []),
      ...(t.event !== undefined ? ['--event', t.event] : []),
      ...(t.name !== undefined ? ['--name', t.name] : []),
      '--',
      command,
      ...args,
    ],
  };
}

const WORD = String.raw`(?:'[^']*'(?:\\''[^']*')*|[^\s'"\\]+)`;
const WRAPPED_SHELL = new RegExp(
  String.raw`^(${WORD}) exec(?: --agent=(${WORD}))?(?: --event (${WORD}))?(?: --name (${WORD}))? (?:-- ([\s\S]*)|-c ('[\s\S]*'))$`,
);

export interface Unwrapped {
  original: string;
  /** The event written with `--event`, if any. */
  event: string | undefined;
  /** The name written with `--name`, else the one the wrapper derives from the command. */
  name: string;
  agent: string | undefined;
}

/** The original of a command that `install` wrapped (shell form), or undefined. */
export function unwrapShellCommand(command: string): Unwrapped | undefined {
  const m = WRAPPED_SHELL.exec(command);
  if (!m) return undefined;
  const [, launcherWord, agentWord, eventWord, nameWord, direct, quoted] = m;
  const launcher = unquote(launcherWord!);
  if (launcher === undefined || !isHookscope(launcher)) return undefined;
  const [agent, event, name] = [agentWord, eventWord, nameWord].map((w) =>
    w === undefined ? undefined : unquote(w),
  );
  if ((agentWord && !agent) || (eventWord && !event) || (nameWord && !name)) return undefined;
  if (!installWrote(agent, event, name)) return undefined;
  const original = quoted === undefined ? direct! : unquote(quoted);
  if (original === undefined) return undefined;
  return { original, event, name: name ?? deriveHookNameFromShell(original), agent };
}

/** The original command and args of a hook that `install` wrapped (args form), or undefined. */
export function unwrapArgsCommand(
  command: string,
  args: readonly string[],
): (Unwrapped & { args: string[] }) | undefined {
  if (!isHookscope(command) || args[0] !== 'exec') return undefined;
  let i = 1;
  const option = (flag: string): string | undefined => {
    if (flag.endsWith('=')) {
      if (!args[i]?.startsWith(flag)) return undefined;
      return args[i++]!.slice(flag.length);
    }
    if (args[i] !== flag || args[i + 1] === undefined) return undefined;
    i += 2;
    return args[i - 1];
  };
  const agent = option('--agent=');
  const event = option('--event');
  const name = option('--name');
  if (args[i] !== '--' || args[i + 1] === undefined || !installWrote(agent, event, name))
    return undefined;
  const original = args[i + 1]!;
  const rest = args.slice(i + 2);
  return {
    original,
    event,
    name: name ?? deriveHookName([original, ...rest]),
    agent,
    args: rest,
  };
}

/**
 * Whether options are install's: it writes `--agent` now, and wrote both `--event` and `--name`
 * before it named agents. Anything else (`hookscope exec --event E -- cmd`) a user wrote by hand,
 * and uninstall leaves it.
 */
function installWrote(agent?: string, event?: string, name?: string): boolean {
  return agent !== undefined || (event !== undefined && name !== undefined);
}

/** Whether a command (shell form, or args form) already runs under `hookscope exec`, written by install or by hand. */
export function runsUnderHookscope(command: string, args?: readonly string[]): boolean {
  const [first, second] = args ? [command, args[0]] : scanShellCommand(command).words;
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
