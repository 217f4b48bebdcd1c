import { scanShellCommand } from './shell-words.js';

/**
 * The stable, low-cardinality name of a hook, derived from its command when none is given: the
 * script or tool it runs (`check-style` for `"$CLAUDE_PROJECT_DIR"/.claude/hooks/check-style.sh`,
 * `ruff` for `uv run ruff check .`, `black` for `python3 -m black`), never the command line with
 * its arguments (which may hold paths, ids or content). Used by `hookscope exec` and `install`.
 */
export function deriveHookName(argv: readonly string[]): string {
  return sanitizeHookName(nameFromArgv(argv, 0) ?? 'unknown');
}

/** The name of a hook given as a shell command string (`sh -c` semantics). */
export function deriveHookNameFromShell(command: string): string {
  return sanitizeHookName(nameFromShell(command) ?? 'unknown');
}

/** Commands that only prepare the shell (`cd dir && ./hook.sh`): the next command names the hook. */
const SETUP_COMMANDS = new Set([
  'cd',
  'pushd',
  'export',
  'set',
  'unset',
  'source',
  '.',
  ':',
  'true',
  'umask',
  'ulimit',
  'shopt',
]);

function nameFromShell(command: string): string | undefined {
  const { commands } = scanShellCommand(command);
  const main = commands.find((words) => !SETUP_COMMANDS.has(words[0] ?? '')) ?? commands[0] ?? [];
  return nameFromArgv(main, 0);
}

const MAX_NAME_LENGTH = 64;

/** Keeps names usable as label values everywhere: `[A-Za-z0-9._-]`, at most 64 characters. */
export function sanitizeHookName(name: string): string {
  const clean = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, MAX_NAME_LENGTH);
  return clean || 'unknown';
}

const SHELLS = /^(sh|bash|zsh|dash|ksh|mksh|fish)$/;
const INTERPRETERS =
  /^(python[0-9.]*|pypy[0-9.]*|node|nodejs|ruby|perl|php|tsx|ts-node|Rscript|lua|pwsh|powershell)$/;
/** Programs that run the command that follows them, with options of their own. */
const PREFIXES =
  /^(env|exec|command|builtin|nohup|nice|time|timeout|sudo|doas|stdbuf|ionice|chronic|caffeinate)$/;
/** Options of those programs (and of interpreters) that take a separate value. */
const OPTIONS_WITH_VALUE = new Set([
  '-u',
  '-C',
  '-S',
  '-n',
  '-s',
  '-k',
  '-g',
  '-i0',
  '-o',
  '-e0',
  '-c0',
  '-p',
  '--package',
  '-r',
  '--require',
  '--import',
  '--loader',
  '-W',
  '-X',
  '-I',
  '--with',
  '--from',
  '--python',
  '--project',
  '--directory',
  '--cwd',
  '--filter',
  '-F',
  '--workspace',
  '-w',
]);
/** Package runners: `<runner> [subcommand] [options] <tool>`; the tool names the hook. */
const RUNNERS: Record<string, readonly string[]> = {
  npx: [],
  bunx: [],
  pnpx: [],
  uvx: [],
  npm: ['exec', 'x', 'run', 'run-script'],
  pnpm: ['exec', 'dlx', 'run'],
  yarn: ['exec', 'dlx', 'run'],
  bun: ['run', 'x'],
  deno: ['run', 'task'],
  uv: ['run', 'tool'],
  pipx: ['run'],
  poetry: ['run'],
  pdm: ['run'],
  hatch: ['run'],
  rye: ['run'],
  pipenv: ['run'],
  bundle: ['exec'],
  go: ['run'],
};
const SCRIPT_EXTENSIONS =
  /\.(sh|bash|zsh|py|pyw|js|mjs|cjs|ts|mts|cts|rb|pl|php|ps1|lua|exe|cmd|bat)$/i;

function nameFromArgv(argv: readonly string[], start: number): string | undefined {
  let i = start;
  while (i < argv.length) {
    const word = argv[i]!;
    const base = basename(word);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      i++; // VAR=value before the command
    } else if (PREFIXES.test(base)) {
      i = skipOptions(argv, i + 1);
      if (base === 'timeout' && i < argv.length) i++; // the duration
    } else if (SHELLS.test(base)) {
      const j = skipOptions(argv, i + 1, ['-c']);
      if (argv[j] === '-c') return argv[j + 1] !== undefined ? nameFromShell(argv[j + 1]!) : base;
      return j < argv.length ? scriptName(argv[j]!) : base;
    } else if (INTERPRETERS.test(base)) {
      return interpreterTarget(argv, i + 1, base);
    } else if (base in RUNNERS) {
      return runnerTarget(argv, i + 1, base);
    } else {
      return scriptName(word);
    }
  }
  return undefined;
}

/** `python3 -m black .` -> black; `python3 -c '...'` -> python3; `node x.mjs` -> x. */
function interpreterTarget(argv: readonly string[], start: number, interpreter: string): string {
  let i = start;
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-') {
    const opt = argv[i]!;
    if (opt === '-m') return argv[i + 1] ?? interpreter;
    if (['-c', '-e', '--eval', '-p', '--print', '-'].includes(opt)) return interpreter;
    i += OPTIONS_WITH_VALUE.has(opt) ? 2 : 1;
  }
  return i < argv.length ? scriptName(argv[i]!) : interpreter;
}

/** `npx prettier --write` -> prettier; `uv run ruff check` -> ruff; `npm run lint` -> lint. */
function runnerTarget(argv: readonly string[], start: number, runner: string): string {
  const subcommands = RUNNERS[runner]!;
  let i = skipOptions(argv, start);
  if (i < argv.length && subcommands.includes(argv[i]!)) {
    if (runner === 'uv' && argv[i] === 'tool') i++; // uv tool run
    i = skipOptions(argv, i + 1);
  }
  if (i >= argv.length) return runner;
  return nameFromArgv(argv, i) ?? runner;
}

function skipOptions(
  argv: readonly string[],
  start: number,
  stopAt: readonly string[] = [],
): number {
  let i = start;
  while (i < argv.length && argv[i]!.startsWith('-') && !stopAt.includes(argv[i]!)) {
    if (argv[i] === '--') return i + 1;
    i += OPTIONS_WITH_VALUE.has(argv[i]!) ? 2 : 1;
  }
  return i;
}

/** A script path or package spec as a name: basename without extension or version. */
function scriptName(word: string): string {
  let name = basename(word.replace(/\/+$/, ''));
  if (word.startsWith('@') && word.includes('/')) name = word.slice(word.indexOf('/') + 1);
  name = name.replace(/@[^/]*$/, ''); // prettier@3.1 -> prettier
  return name.replace(SCRIPT_EXTENSIONS, '') || name;
}

function basename(word: string): string {
  const slash = Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\'));
  return slash >= 0 ? word.slice(slash + 1) : word;
}
