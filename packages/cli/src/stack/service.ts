import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';

/**
 * One server of the local stack, run as a child process with its output in a log file, checked
 * through an HTTP endpoint, stopped with SIGTERM (then SIGKILL after a grace period).
 */
export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  /** Output (stdout and stderr) goes here, appended. */
  logFile: string;
  /** A URL that answers 2xx once the service can do its job. */
  healthUrl: string;
  env?: NodeJS.ProcessEnv;
  /** Working directory (default: the current one). */
  cwd?: string;
}

export class Service {
  readonly spec: ServiceSpec;
  private child: ChildProcess | undefined;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(spec: ServiceSpec) {
    this.spec = spec;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How the process ended, or undefined while it runs. */
  get exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.exitInfo;
  }

  /** Resolves when the process ends, whoever ended it. */
  whenExited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exit) throw new Error(`${this.spec.name} was not started`);
    return this.exit;
  }

  start(): void {
    const log = openSync(this.spec.logFile, 'a');
    try {
      // Own process group: a Ctrl-C in the terminal reaches `hookscope up` only, which then stops
      // the services in order (the collector last, so it ingests everything Prometheus scraped).
      this.child = spawn(this.spec.command, this.spec.args, {
        stdio: ['ignore', log, log],
        env: this.spec.env ?? process.env,
        cwd: this.spec.cwd,
        detached: true,
      });
    } finally {
      closeSync(log);
    }
    this.exit = new Promise((resolve) => {
      this.child!.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      this.child!.once('error', (err) => {
        this.exitInfo = { code: null, signal: null };
        appendNote(this.spec.logFile, `failed to start: ${err.message}`);
        resolve(this.exitInfo);
      });
    });
  }

  /** Polls the health URL until it answers 2xx; throws if the process exits or time runs out. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      if (this.exitInfo) {
        throw new Error(`${this.spec.name} exited (${describeExit(this.exitInfo)}) while starting`);
      }
      try {
        const res = await fetch(this.spec.healthUrl, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.ok) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${this.spec.name} did not become healthy within ${timeoutMs / 1000} s (${this.spec.healthUrl}: ${last})`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.child || this.exitInfo) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }

  /** The last lines of the log file, for error messages. */
  logTail(lines = 15): string {
    try {
      const text = readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n');
      return text.slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

export function describeExit(e: { code: number | null; signal: NodeJS.Signals | null }): string {
  return e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
}

function appendNote(file: string, note: string): void {
  try {
    appendFileSync(file, `hookscope: ${note}\n`);
  } catch {
    // the log is best effort; the error is also reported by waitHealthy
  }
}
