import { spawn, type ChildProcess } from 'node:child_process';
import { HOOKSCOPE_BIN } from './paths.js';

export interface Running {
  child: ChildProcess;
  output: () => string;
  /** Sends a signal and waits for the exit (SIGKILL after `graceMs`). */
  stop: (signal?: NodeJS.Signals, graceMs?: number) => Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts a process whose output is captured; it is killed if the test process exits. */
export function startProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd?: string,
): Running {
  const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  exited.then(() => process.off('exit', killOnExit));
  return {
    child,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM', graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface CollectorProcess extends Running {
  port: number;
  metricsUrl: string;
  /** OTLP/HTTP base URL (`--no-otlp` leaves it undefined). */
  otlpUrl: string | undefined;
  otlpPort: number | undefined;
}

/**
 * Runs `hookscope collector --port 0 --otlp-port 0 ...` and waits for it to report the ports it
 * bound (later flags in `args` win).
 */
export async function startCollectorProcess(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 20_000,
): Promise<CollectorProcess> {
  const running = startProcess(
    process.execPath,
    [HOOKSCOPE_BIN, 'collector', '--port', '0', '--otlp-port', '0', ...args],
    env,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /^\{"ready":true,.*\}$/m.exec(running.output());
    if (m) {
      const ready = JSON.parse(m[0]) as {
        metricsUrl: string;
        port: number;
        otlpUrl?: string;
        otlpPort?: number;
      };
      return {
        ...running,
        metricsUrl: ready.metricsUrl,
        port: ready.port,
        otlpUrl: ready.otlpUrl,
        otlpPort: ready.otlpPort,
      };
    }
    if (running.child.exitCode !== null)
      throw new Error(`collector exited with ${running.child.exitCode}: ${running.output()}`);
    if (Date.now() > deadline) {
      await running.stop('SIGKILL');
      throw new Error(`collector did not start within ${timeoutMs} ms: ${running.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a command to completion and returns its exit code and output. */
export function runToEnd(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer; timeoutMs?: number; cwd?: string } = {},
): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  stderrBytes: Buffer;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const stderrBytes = Buffer.concat(err);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out),
        stderr: stderrBytes.toString(),
        stderrBytes,
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input);
  });
}
