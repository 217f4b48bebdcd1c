import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXEC_WARNINGS,
  ATTR_HOOK_CPU_SYSTEM,
  ATTR_HOOK_CPU_USER,
  ATTR_HOOK_OVERHEAD,
  ATTR_HOOK_EVENT,
  ATTR_HOOK_MAX_RSS,
  ATTR_HOOK_NAME,
  ATTR_HOOK_OUTCOME,
  ATTR_HOOK_SIGNAL,
  ATTR_HOOK_TIMEOUT,
  ATTR_HOOK_TOOL,
  ATTR_HOOK_AGENT,
  ATTR_HOOKSCOPE_KIND,
  ATTR_PROCESS_EXIT_CODE,
  ENV_EXEC_SPAN_ID,
  ENV_HOOK_EVENT,
  ENV_HOOK_NAME,
  KIND_HOOK,
  UNKNOWN_LABEL_VALUE,
  type HookOutcome,
} from '@hookscope/catalog';
import {
  childTraceContext,
  createSpanRecorder,
  deriveHookName,
  deriveHookNameFromShell,
  envFlag,
  type SpanRecorder,
} from '@hookscope/runtime';
import { denyRulesFor, exit2Blocks } from './decision.js';

import { callerEnv } from './launcher-env.js';
import { EXEC_HELP, parseExecArgs, type ExecOptions } from './options.js';
import { readClaudePayload } from './payload.js';
import { childrenCpuSeconds, PeakRssSampler, processTree, type CpuTimes } from './proc-usage.js';
import { spawnHook, type HookProcess, type HookStdin } from './spawn-hook.js';
import { prepareStdin } from './stdin-relay.js';
import { prepareStdout, type StdoutRelay } from './stdout-relay.js';

/** Signals sent to the wrapper that it passes on to the hook (it keeps running until the hook ends). */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
/** How long a hook killed by a forwardable signal waits for the caller's own copy of it. */
const CALLER_SIGNAL_GRACE_MS = 20;
/** After `--timeout`, the hook gets SIGTERM, then SIGKILL this much later. */
const KILL_AFTER_MS = 3000;
/** How long the wrapper waits, after the hook ended, for a payload read already under way. */
const PAYLOAD_GRACE_MS = 25;
/**
 * The same when no `--event` was given: the event comes from the payload alone and a run without
 * it counts as event "unknown", so wait longer for an agent that has not written yet (a busy machine).
 */
const PAYLOAD_EVENT_GRACE_MS = 250;
/** Exit code after `--timeout`, as timeout(1) reports it. */
export const TIMEOUT_EXIT_CODE = 124;
const SCOPE = 'hookscope-exec';

interface Ending {
  code: number;
  outcome: HookOutcome;
  signal?: string;
  errorType?: string;
}

/**
 * `hookscope exec`: runs the hook, records its span, and returns the exit code to exit with.
 * Everything that records is guarded: a failure there never changes what the hook does.
 */
export async function runExec(args: readonly string[]): Promise<number> {
  const env = callerEnv(process.env);
  const opts = parseExecArgs(args, env);
  if (opts.help) {
    process.stdout.write(EXEC_HELP + '\n');
    return 0;
  }
  if (opts.argv.length === 0) {
    process.stderr.write(`hookscope exec: no command given\n\n${EXEC_HELP}\n`);
    return 2;
  }
  const recorder = guard(() => createSpanRecorder({ env, serviceName: SCOPE, scopeName: SCOPE }));
  return recorder ? runMeasured(opts, env, recorder) : runUnmeasured(opts, env);
}

async function runUnmeasured(opts: ExecOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const signals = forwardSignals();
  let resolve!: (code: number) => void;
  const done = new Promise<number>((r) => (resolve = r));
  const hook = await launch(opts.argv, env, 'inherit', undefined, (end) => {
    signals.stop();
    resolve(end.code);
  });
  if (hook) signals.attach(hook);
  return done;
}

async function runMeasured(
  opts: ExecOptions,
  env: NodeJS.ProcessEnv,
  recorder: SpanRecorder,
): Promise<number> {
  const warnings = [...opts.warnings];
  const name =
    opts.name ??
    guard(() =>
      opts.shellCommand !== undefined
        ? deriveHookNameFromShell(opts.shellCommand)
        : deriveHookName(opts.argv),
    );
  const span = guard(() =>
    recorder.startSpan(`${opts.event ?? 'hook'} ${name ?? UNKNOWN_LABEL_VALUE}`, {
      [ATTR_HOOKSCOPE_KIND]: KIND_HOOK,
      [ATTR_HOOK_NAME]: name ?? UNKNOWN_LABEL_VALUE,
    }),
  );
  const childEnv = { ...env };
  if (span) {
    guard(() => {
      const ctx = childTraceContext(span);
      setTraceEnv(childEnv, 'TRACEPARENT', ctx.traceparent);
      setTraceEnv(childEnv, 'TRACESTATE', ctx.tracestate);
      // This span counts the run: hook spans of the library inside become hook_body spans.
      childEnv[ENV_EXEC_SPAN_ID] = span.spanContext().spanId;
    });
  }
  // Work the hook records itself (validations, `hookscope emit`) is attributed to this hook.
  // (An event inherited from an outer wrapper is not this run's: its own comes from the payload.)
  if (opts.event !== undefined) childEnv[ENV_HOOK_EVENT] = opts.event;
  else delete childEnv[ENV_HOOK_EVENT];
  if (name !== undefined) childEnv[ENV_HOOK_NAME] = name;
  else delete childEnv[ENV_HOOK_NAME];
  // Listening for signals starts before the hook does (see forwardSignals).
  const signals = forwardSignals();
  const [stdin, stdout] = await Promise.all([
    prepareStdin(env, opts.agent).catch(() => undefined),
    guardAsync(() => prepareStdout(env, denyRulesFor(opts.agent, env))),
  ]);
  const cpuBefore = childrenCpuSeconds();
  // hookscope's own cost (monitoring overhead): Node start-up and set-up until the hook starts,
  // and everything after it exits (reading the rest of the payload, recording), but the spool
  // write itself, which comes after.
  const setupSeconds = process.uptime();

  let resolve!: (code: number) => void;
  const done = new Promise<number>((r) => (resolve = r));
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;
  let sampler: PeakRssSampler | undefined;
  const hook = await launch(
    opts.argv,
    childEnv,
    stdin?.stdin ?? 'inherit',
    stdout,
    (end, exited) => {
      const exitedAt = process.uptime();
      // The rest of the hook's output goes to the caller before anything else happens.
      const denied = guard(() => stdout?.finish()) ?? false;
      if (denied && end.outcome === 'success') end = { ...end, outcome: 'blocked' };
      // A caller that signals the whole process group stops the hook and the wrapper at once, and
      // the hook's exit may be dispatched before the wrapper's own signal: give that signal a few
      // milliseconds to arrive before deciding (only for a hook killed by such a signal).
      const maybeCaller =
        !signals.received() && (FORWARDED_SIGNALS as readonly string[]).includes(end.signal ?? '');
      if (maybeCaller) setTimeout(() => ended(end, exited, exitedAt), CALLER_SIGNAL_GRACE_MS);
      else ended(end, exited, exitedAt);
    },
  );
  function ended(end: Ending, exited: boolean, exitedAt: number): void {
    signals.stop();
    const maxRss = sampler?.stop();
    const cpu = exited ? childrenCpuSeconds() : undefined;
    const ending: Ending =
      timedOut && exited
        ? { ...end, code: TIMEOUT_EXIT_CODE, outcome: 'timeout', errorType: 'timeout' }
        : callerStopped(end, signals.received());
    const payloadRead = stdin
      ? stdin
          .stop(opts.event === undefined ? PAYLOAD_EVENT_GRACE_MS : PAYLOAD_GRACE_MS)
          .catch(() => {})
      : Promise.resolve();
    void payloadRead.then(() => finish(ending, cpu, maxRss, exitedAt));
  }
  if (hook) {
    const pid = hook.pid;
    signals.attach(hook);
    sampler = guard(() => new PeakRssSampler(pid));
    guard(() => stdin?.start(hook));
    guard(() => stdout?.start(hook));
    if (opts.timeoutSeconds !== undefined) {
      timeoutTimer = setTimeout(() => {
        timedOut = true;
        const tree = processTree(pid);
        killAll(tree, 'SIGTERM');
        killTimer = setTimeout(() => killAll(tree, 'SIGKILL'), KILL_AFTER_MS);
        killTimer.unref();
      }, opts.timeoutSeconds * 1000);
    }
  }
  return done;

  function finish(
    end: Ending,
    cpu: CpuTimes | undefined,
    maxRss: number | undefined,
    exitedAt: number,
  ) {
    clearTimeout(timeoutTimer);
    clearTimeout(killTimer);
    signals.stop();
    if (span) {
      guard(() => {
        const payload = readClaudePayload(stdin?.prefix() ?? '', opts.capture, opts.agent);
        const event = opts.event ?? payload?.event ?? UNKNOWN_LABEL_VALUE;
        // An exit 2 that the agent does not take as a block (Copilot's, on most events).
        if (end.outcome === 'blocked' && end.code === 2 && !exit2Blocks(opts.agent, event))
          end = { ...end, outcome: 'error', errorType: '2' };
        if (payload) span.setAttributes(payload.attributes);
        span.updateName(`${event} ${name ?? UNKNOWN_LABEL_VALUE}`);
        span.setAttribute(ATTR_HOOK_EVENT, event);
        if (payload?.tool) span.setAttribute(ATTR_HOOK_TOOL, payload.tool);
        if (opts.agent !== undefined) span.setAttribute(ATTR_HOOK_AGENT, opts.agent);
        span.setAttribute(ATTR_HOOK_OUTCOME, end.outcome);
        span.setAttribute(ATTR_PROCESS_EXIT_CODE, end.code);
        if (end.signal) span.setAttribute(ATTR_HOOK_SIGNAL, end.signal);
        if (end.errorType) span.setAttribute(ATTR_ERROR_TYPE, end.errorType);
        if (end.outcome !== 'success' && end.outcome !== 'blocked') span.setStatus({ code: 2 });
        if (opts.timeoutSeconds !== undefined)
          span.setAttribute(ATTR_HOOK_TIMEOUT, opts.timeoutSeconds);
        if (cpu && cpuBefore) {
          span.setAttribute(ATTR_HOOK_CPU_USER, round(cpu.user - cpuBefore.user));
          span.setAttribute(ATTR_HOOK_CPU_SYSTEM, round(cpu.system - cpuBefore.system));
        }
        if (maxRss !== undefined) span.setAttribute(ATTR_HOOK_MAX_RSS, maxRss);
        if (warnings.length) span.setAttribute(ATTR_EXEC_WARNINGS, warnings);
        span.setAttribute(ATTR_HOOK_OVERHEAD, round(setupSeconds + process.uptime() - exitedAt));
        span.end();
        const stats = recorder.stats();
        if (stats.spansWritten === 0)
          warnings.push(`span not written: ${stats.lastError ?? 'unknown error'}`);
      });
    }
    if (warnings.length && envFlag(env['HOOKSCOPE_DEBUG'])) {
      process.stderr.write(warnings.map((w) => `hookscope exec: ${w}\n`).join(''));
    }
    resolve(end.code);
  }
}

/**
 * Starts the hook with stdout and stderr inherited (the wrapper never touches them) and calls
 * `onEnd` once: when it exits (`exited` true), or when it could not be started.
 */
function launch(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin: HookStdin,
  stdout: StdoutRelay | undefined,
  onEnd: (end: Ending, exited: boolean) => void,
): Promise<HookProcess | undefined> {
  return spawnHook(
    argv,
    env,
    stdin,
    {
      exit: (code, signal) => onEnd(ending(code, signal), true),
      error: (errno, message) => onEnd(spawnFailure(argv[0]!, errno, message), false),
    },
    { stdout: stdout?.stdout },
  );
}

function ending(code: number | null, signal: NodeJS.Signals | null): Ending {
  if (signal) {
    // A shell reports a child killed by signal N as exit status 128 + N.
    return {
      code: 128 + (constants.signals[signal] ?? 0),
      outcome: 'signal',
      signal,
      errorType: signal,
    };
  }
  const c = code ?? 1;
  if (c === 0) return { code: 0, outcome: 'success' };
  if (c === 2) return { code: 2, outcome: 'blocked' };
  return { code: c, outcome: 'error', errorType: String(c) };
}

/** The command could not be started: answer as a shell would (127 not found, 126 not executable). */
function spawnFailure(command: string, errno: string, errMessage: string): Ending {
  let code = 126;
  let message: string;
  if (errno === 'ENOENT') {
    if (!command.includes('/')) {
      code = 127;
      message = 'command not found';
    } else if (existsSync(command)) {
      message = 'bad interpreter: No such file or directory';
    } else {
      code = 127;
      message = 'No such file or directory';
    }
  } else if (errno === 'EACCES' || errno === 'EISDIR') {
    message = errno === 'EACCES' ? 'Permission denied' : 'Is a directory';
  } else {
    message = errMessage;
  }
  process.stderr.write(`hookscope exec: ${command}: ${message}\n`);
  return { code, outcome: 'error', errorType: errno };
}

/**
 * Passes signals sent to the wrapper on to the hook. Listening starts before the hook is spawned
 * (a signal arriving in between would otherwise kill the wrapper and orphan the hook); signals
 * received before `attach` are delivered then.
 */
function forwardSignals(): {
  attach(hook: HookProcess): void;
  stop(): void;
  /** The first signal the wrapper received, if any. */
  received(): NodeJS.Signals | undefined;
} {
  let target: HookProcess | undefined;
  let first: NodeJS.Signals | undefined;
  const pending: NodeJS.Signals[] = [];
  const send = (signal: NodeJS.Signals) => {
    try {
      target!.kill(signal);
    } catch {
      // Already gone.
    }
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => {
      first ??= signal;
      if (target) send(signal);
      else pending.push(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    attach(hook) {
      target = hook;
      for (const signal of pending.splice(0)) send(signal);
    },
    stop() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
    received: () => first,
  };
}

/**
 * A hook whose wrapper was signalled by its caller (an agent enforcing its own hook timeout sends
 * SIGTERM; a Ctrl-C sends SIGINT) did not fail by itself: the caller stopped waiting for it. Its
 * outcome is `timeout`, `error.type` the caller's signal; the exit code stays the hook's.
 * `signal` stays for a hook that died of a signal nobody sent through the wrapper.
 */
function callerStopped(end: Ending, callerSignal: NodeJS.Signals | undefined): Ending {
  return callerSignal ? { ...end, outcome: 'timeout', errorType: callerSignal } : end;
}

function killAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Exited meanwhile.
    }
  }
}

function setTraceEnv(
  env: NodeJS.ProcessEnv,
  name: 'TRACEPARENT' | 'TRACESTATE',
  value: string | undefined,
): void {
  // Some runtimes read the lower-case spelling: keep both in step when the caller used it.
  for (const key of [name, name.toLowerCase()]) {
    if (key !== name && env[key] === undefined) continue;
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
}

function round(seconds: number): number {
  return Math.max(0, Math.round(seconds * 1000) / 1000);
}

/** guard for set-up that is awaited. */
async function guardAsync<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch {
    return undefined;
  }
}

/** Runs instrumentation code; any error is swallowed (fail open). */
function guard<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
