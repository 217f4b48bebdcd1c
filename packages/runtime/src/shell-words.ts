/**
 * Just enough POSIX shell lexing to read the words of a hook command string (Claude Code runs
 * `command` with `sh -c`): quotes, backslashes, `$VAR`/`${...}`/`$(...)` kept as written, and
 * the operators that end a simple command. It never executes or expands anything.
 */

export interface ShellScan {
  /** Words of the first simple command, quotes removed, expansions left as written. */
  words: string[];
  /** Words of every simple command, in order (`a && b | c`: a, b, c). */
  commands: string[][];
  /** True when the string is exactly one simple command: no operator, redirection, substitution or comment. */
  simple: boolean;
  /** True when a word starts with `NAME=` (an assignment prefix) before the command word. */
  assignments: boolean;
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);

/** Splits `cmd` into the words of its first simple command and says whether it is only that. */
export function scanShellCommand(cmd: string): ShellScan {
  const commands: string[][] = [];
  let words: string[] = [];
  let simple = true;
  let assignments = false;
  let word: string | undefined;
  let i = 0;
  const push = () => {
    if (word === undefined) return;
    if (commands.length === 0 && words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      assignments = true;
    }
    words.push(word);
    word = undefined;
  };
  while (i < cmd.length) {
    const c = cmd[i]!;
    if (c === ' ' || c === '\t') {
      push();
      i++;
    } else if (c === '\\') {
      if (cmd[i + 1] === '\n') {
        i += 2; // line continuation
        continue;
      }
      word = (word ?? '') + (cmd[i + 1] ?? '');
      i += 2;
    } else if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) {
        word = (word ?? '') + cmd.slice(i + 1);
        simple = false;
        break;
      }
      word = (word ?? '') + cmd.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < cmd.length && cmd[j] !== '"') {
        if (cmd[j] === '\\' && j + 1 < cmd.length && '$`"\\\n'.includes(cmd[j + 1]!)) {
          text += cmd[j + 1];
          j += 2;
        } else {
          if (cmd[j] === '`' || (cmd[j] === '$' && cmd[j + 1] === '(')) simple = false;
          text += cmd[j];
          j++;
        }
      }
      word = (word ?? '') + text;
      i = j + 1;
    } else if (c === '$' && cmd[i + 1] === '(') {
      simple = false;
      const end = matchingParen(cmd, i + 1);
      word = (word ?? '') + cmd.slice(i, end);
      i = end;
    } else if (c === '`') {
      simple = false;
      const end = cmd.indexOf('`', i + 1);
      word = (word ?? '') + cmd.slice(i, end < 0 ? cmd.length : end + 1);
      i = end < 0 ? cmd.length : end + 1;
    } else if (c === '#' && word === undefined) {
      // A comment runs to the end of the line.
      simple = false;
      const nl = cmd.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if (OPERATOR_CHARS.has(c)) {
      push();
      simple = false;
      if (c === '<' || c === '>') {
        // A redirection: skip the operator and its target, then go on with the command's words.
        while (i < cmd.length && '<>&|0123456789'.includes(cmd[i]!)) i++;
        while (cmd[i] === ' ' || cmd[i] === '\t') i++;
        while (i < cmd.length && !' \t;&|<>()\n'.includes(cmd[i]!)) i++;
        if (words.length > 0 && /^\d+$/.test(words[words.length - 1]!)) words.pop(); // `2>` fd
        continue;
      }
      if (words.length > 0) {
        commands.push(words);
        words = [];
      }
      i++;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  push();
  if (words.length > 0) commands.push(words);
  if (assignments) simple = false;
  return { words: commands[0] ?? [], commands, simple, assignments };
}

function matchingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i + 1;
  }
  return s.length;
}

/** Quotes a word for `sh` so that it reads back as exactly `word`. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Shell keywords and builtins: a command string that starts with one of these cannot be run by
 * `hookscope exec -- ...` directly (there is no such program, or the program behaves
 * differently from the builtin, like `echo`), so it is run through `sh -c` instead.
 */
export const SHELL_BUILTINS: ReadonlySet<string> = new Set(
  (
    '. : [ [[ ! { } alias bg break builtin case cd command continue declare do done echo elif ' +
    'else esac eval exec exit export false fc fg fi for function getopts hash if jobs kill let ' +
    'local printf pwd read readonly return select set shift source test then time times trap ' +
    'true type typeset ulimit umask unalias unset until wait while'
  ).split(' '),
);
