import { constants } from 'node:os';
import { uvBindings, type UvBindings, type UvPipe } from './uv-bindings.js';

/**
 * Starts the hook process. Node's child_process module loads net, stream and dgram (about 5 ms
 * of CPU per hook on these machines) and wraps every stdio pipe in a stream the wrapper does not
 * need, so the wrapper uses the same libuv process handle child_process is built on (see
 * uv-bindings.ts), and falls back to child_process where that is not available.
 *
 * stderr is inherited: the hook writes to the caller directly; so is stdout, unless the wrapper
 * relays it (stdout-relay.ts).
 */
export type HookStdin = 'inherit' | 'socket' | { fd: number };
/** The hook's stdout: the same kinds (`socket`: a new socket pair, read by the wrapper). */
export type HookStdout = HookStdin;

export interface HookProcess {
  pid: number;
  /** For `socket` stdin: the wrapper's end of the hook's stdin (non-blocking). */
  stdinFd: number | undefined;
  /** Closes the wrapper's end of the hook's stdin: the hook reads end of file. */
  closeStdin(): void;
  /** For `socket` stdout: the wrapper's end of the hook's stdout (a libuv pipe handle). */
  stdoutHandle: UvPipe | undefined;
  kill(signal: NodeJS.Signals): void;
}

export interface HookHandlers {
  /** The process ended: its exit code, or the signal that killed it. */
  exit(code: number | null, signal: NodeJS.Signals | null): void;
  /** The process could not be started (errno name such as ENOENT). */
  error(errno: string, message: string): void;
}

export type SpawnBackend = 'process_wrap' | 'child_process';

export function defaultBackend(): SpawnBackend {
  return uvBindings() ? 'process_wrap' : 'child_process';
}

export interface SpawnOptions {
  /** Discard the process's stdout and stderr instead of passing them on (helpers, not hooks). */
  quiet?: boolean;
  /** The hook's stdout (default inherited). A `socket` needs the process_wrap backend. */
  stdout?: HookStdout;
  backend?: SpawnBackend;
}

export async function spawnHook(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin: HookStdin,
  on: HookHandlers,
  options: SpawnOptions = {},
): Promise<HookProcess | undefined> {
  const wrap = (options.backend ?? defaultBackend()) === 'process_wrap' ? uvBindings() : null;
  return wrap
    ? viaProcessWrap(wrap, argv, env, stdin, on, options)
    : viaChildProcess(argv, env, stdin, on, options);
}

function viaProcessWrap(
  b: UvBindings,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin: HookStdin,
  on: HookHandlers,
  { quiet = false, stdout = 'inherit' }: SpawnOptions,
): HookProcess | undefined {
  const proc = new b.Process();
  const pipe = stdin === 'socket' ? new b.Pipe(b.pipeSocket) : undefined;
  const outPipe = stdout === 'socket' ? new b.Pipe(b.pipeSocket) : undefined;
  const envPairs: string[] = [];
  for (const key in env) if (env[key] !== undefined) envPairs.push(`${key}=${env[key]}`);
  let exited = false;
  proc.onexit = (exitCode, signalCode) => {
    exited = true;
    proc.close();
    on.exit(signalCode ? null : exitCode, (signalCode as NodeJS.Signals) || null);
  };
  const stdio0 =
    stdin === 'inherit'
      ? { type: 'fd', fd: 0 }
      : stdin === 'socket'
        ? { type: 'pipe', handle: pipe }
        : { type: 'fd', fd: stdin.fd };
  const err = proc.spawn({
    file: argv[0],
    args: [...argv],
    envPairs,
    stdio: [
      stdio0,
      quiet
        ? { type: 'ignore' }
        : outPipe
          ? { type: 'pipe', handle: outPipe }
          : { type: 'fd', fd: stdout === 'inherit' || stdout === 'socket' ? 1 : stdout.fd },
      quiet ? { type: 'ignore' } : { type: 'fd', fd: 2 },
    ],
    detached: false,
    windowsHide: false,
    windowsVerbatimArguments: false,
  });
  if (err) {
    pipe?.close();
    outPipe?.close();
    proc.close();
    const name = errnoName(err);
    queueMicrotask(() => on.error(name, `spawn ${argv[0]} ${name}`));
    return undefined;
  }
  return {
    pid: proc.pid,
    stdinFd: pipe?.fd,
    closeStdin: () => pipe?.close(),
    stdoutHandle: outPipe,
    // Never after the exit: the handle is closed, and the pid may be someone else's by now.
    kill: (signal) => void (exited ? 0 : proc.kill(constants.signals[signal])),
  };
}

async function viaChildProcess(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin: HookStdin,
  on: HookHandlers,
  { quiet = false, stdout = 'inherit' }: SpawnOptions,
): Promise<HookProcess | undefined> {
  // getBuiltinModule (Node >= 20.16) also works where the wrapper runs from its code cache, as
  // a vm script, which cannot import() without an experimental flag.
  const { spawn } =
    process.getBuiltinModule?.('node:child_process') ?? (await import('node:child_process'));
  const stdio0 = stdin === 'inherit' ? 'inherit' : stdin === 'socket' ? 'pipe' : stdin.fd;
  const out = quiet ? 'ignore' : 'inherit';
  // A socket stdout is read through a libuv handle: here the hook writes to the caller itself.
  const stdio1 = quiet ? 'ignore' : typeof stdout === 'object' ? stdout.fd : 'inherit';
  let child;
  try {
    child = spawn(argv[0]!, argv.slice(1), { stdio: [stdio0, stdio1, out], env });
  } catch (err) {
    // Node throws, rather than emitting 'error', for some errno values (E2BIG, ...).
    const e = err as NodeJS.ErrnoException;
    queueMicrotask(() => on.error(e.code ?? 'EUNKNOWN', e.message));
    return undefined;
  }
  let ended = false;
  child.once('error', (e: NodeJS.ErrnoException) => {
    if (!ended) on.error(e.code ?? 'EUNKNOWN', e.message);
    ended = true;
  });
  child.once('exit', (code, signal) => {
    if (!ended) on.exit(code, signal);
    ended = true;
  });
  if (child.pid === undefined) return undefined;
  const socket = child.stdin as (typeof child.stdin & { _handle?: { fd?: number } }) | null;
  return {
    pid: child.pid,
    stdinFd: socket?._handle?.fd,
    closeStdin: () => socket?.destroy(),
    stdoutHandle: undefined,
    kill: (signal) => void child.kill(signal),
  };
}

function errnoName(err: number): string {
  for (const [name, value] of Object.entries(constants.errno)) if (value === -err) return name;
  return `E${-err}`;
}
