import { envValue } from '@hookscope/runtime';
/**
 * The command line of `hookscope exec`. Parsed by hand, not with node:util, because it must
 * stop at the hook's own command and must never refuse to run it: an option it does not know is
 * ignored with a warning (recorded on the span), so the hook runs exactly as it would without
 * hookscope (fail open: a broken monitor must never break the hook).
 */
export const EXEC_HELP = `usage: hookscope exec [options] -- <command> [args...]
       hookscope exec [options] -c '<shell command>'

Runs the command as a child, passing stdin, stdout, stderr, exit code and signals through
unchanged, and records one span (duration, outcome, exit code, CPU time, peak memory) to the
spool. Claude Code hook payloads on stdin are read (not changed) for the event, tool and session.

options:
  --agent A              the coding agent whose hook this is (claude-code, gemini-cli, codex,
                         cursor, copilot): recorded, and its hook payload read from stdin
  --event E              hook event (PreToolUse, pre-commit, ...); default: the payload's hook_event_name
  --name N               hook name; default: derived from the command (the script or tool it runs)
  --timeout S            stop the command after S seconds (SIGTERM, SIGKILL 3 s later); exit 124
  --capture-content L    also record these payload fields on the span, secrets redacted:
                         tool_input, tool_response, prompt, message, custom_instructions,
                         last_assistant_message, or all (env HOOKSCOPE_CAPTURE_CONTENT)
  -c CMD                 run CMD with /bin/sh -c (for pipes, &&, redirections)

environment: HOOKSCOPE_SPOOL_DIR, HOOKSCOPE_DISABLED=1 (run the command unmeasured),
OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, TRACEPARENT/TRACESTATE (parent trace);
HOOKSCOPE_DEBUG=1 prints problems of hookscope itself on stderr.`;

export interface ExecOptions {
  /** The coding agent whose hook this is (`--agent`): recorded, and its payload is read. */
  agent: string | undefined;
  event: string | undefined;
  name: string | undefined;
  timeoutSeconds: number | undefined;
  /** Payload fields to record as content (opt-in). */
  capture: string[];
  /** The command to run: argv, or `['/bin/sh', '-c', cmd]` for `-c`. */
  argv: string[];
  /** The `-c` command string, when given. */
  shellCommand: string | undefined;
  help: boolean;
  /** Problems that did not stop the command (unknown options, bad values). */
  warnings: string[];
}

const VALUE_OPTIONS = new Set([
  '--agent',
  '--event',
  '--name',
  '--timeout',
  '--capture-content',
  '-c',
]);
const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

export function parseExecArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ExecOptions {
  const o: ExecOptions = {
    agent: undefined,
    event: undefined,
    name: undefined,
    timeoutSeconds: undefined,
    capture: parseCaptureList(envValue(env, 'HOOKSCOPE_CAPTURE_CONTENT')),
    argv: [],
    shellCommand: undefined,
    help: false,
    warnings: [],
  };
  let i = 0;
  while (i < args.length) {
    const arg = args[i]!;
    if (arg === '--') {
      o.argv = args.slice(i + 1);
      return o;
    }
    if (!arg.startsWith('-') || arg === '-') {
      o.argv = args.slice(i);
      return o;
    }
    if (arg === '--help' || arg === '-h') {
      o.help = true;
      i++;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.has(flag)) {
      o.warnings.push(`unknown option ${flag} ignored`);
      i++;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      i++;
    } else {
      value = args[i + 1];
      i += 2;
    }
    if (value === undefined) {
      o.warnings.push(`option ${flag} needs a value`);
      continue;
    }
    if (flag === '--agent') o.agent = value;
    else if (flag === '--event') o.event = value;
    else if (flag === '--name') o.name = value;
    else if (flag === '--timeout') {
      const n = Number(value);
      if (value.trim() !== '' && Number.isFinite(n) && n > 0 && n <= MAX_TIMEOUT_SECONDS)
        o.timeoutSeconds = n;
      else
        o.warnings.push(
          `--timeout must be a number of seconds (0 < S <= ${MAX_TIMEOUT_SECONDS}), got '${value}': no timeout`,
        );
    } else if (flag === '--capture-content') o.capture = parseCaptureList(value);
    else if (flag === '-c') {
      o.shellCommand = value;
      o.argv = ['/bin/sh', '-c', value];
      if (i < args.length) o.warnings.push(`arguments after -c CMD ignored`);
      return o;
    }
  }
  return o;
}

/** `tool_input,prompt`, `all`, `1`/`true` (= all). */
export function parseCaptureList(raw: string | undefined): string[] {
  if (!raw) return [];
  const items = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (items.some((s) => ['1', 'true', 'yes', 'on', 'all'].includes(s))) return ['all'];
  return items;
}
