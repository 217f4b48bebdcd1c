import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runToEnd } from '../processes.js';

/** How to run one coding agent headless, offline, against a model stand-in. */
export interface AgentDriver {
  /** Its name in scripts/agent-clis.json. */
  cli: string;
  /** Writes what a throwaway HOME needs for the agent to start in `project` without asking. */
  prepareHome: (home: string, project: string) => void;
  /** The agent's own environment for a run against the stand-in at `modelUrl`. */
  env: (o: { home: string; modelUrl: string }) => Record<string, string>;
  /** Arguments for one headless prompt. */
  args: (prompt: string) => string[];
}

export interface AgentRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A fresh copy of a fixture project at `dir` (removed first), so that two runs see the same
 * files at the same path: what the agent tells the model about its workspace is then equal.
 */
export function freshProject(fixture: string, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

/** A throwaway HOME (with a TMPDIR inside) in which the agent starts in `project` without asking. */
export function freshHome(driver: AgentDriver, home: string, project: string): string {
  rmSync(home, { recursive: true, force: true });
  mkdirSync(join(home, 'tmp'), { recursive: true });
  driver.prepareHome(home, project);
  return home;
}

/**
 * Runs the agent once in `project` with the HOME made by `freshHome` (TMPDIR in it), an
 * environment of its own (nothing of the caller's but PATH, so no key, proxy or telemetry
 * setting of the machine leaks in) plus `env`, bounded by `timeoutMs`.
 */
export async function runAgent(
  driver: AgentDriver,
  bin: string,
  o: {
    project: string;
    home: string;
    prompt: string;
    modelUrl: string;
    env?: Record<string, string>;
    timeoutMs?: number;
  },
): Promise<AgentRun> {
  const env = {
    PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: o.home,
    TMPDIR: join(o.home, 'tmp'),
    LANG: 'C.UTF-8',
    ...driver.env({ home: o.home, modelUrl: o.modelUrl }),
    ...o.env,
  };
  const r = await runToEnd(bin, driver.args(o.prompt), {
    env,
    cwd: o.project,
    timeoutMs: o.timeoutMs ?? 60_000,
  });
  return { code: r.code, signal: r.signal, stdout: r.stdout.toString(), stderr: r.stderr };
}
