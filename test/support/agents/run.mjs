// Running a coding agent's real CLI headless and offline (JavaScript, so that benchmarks can
// use it too). Adding an agent is a driver (how to start it) and a fixture project.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * @typedef {object} AgentDriver How to run one coding agent headless, offline, against a model
 *   stand-in.
 * @property {string} cli Its name in scripts/agent-clis.json.
 * @property {(home: string, project: string) => void} prepareHome Writes what a throwaway HOME
 *   needs for the agent to start in `project` without asking.
 * @property {(o: { home: string, modelUrl: string }) => Record<string, string>} env The agent's
 *   own environment for a run against the stand-in at `modelUrl`.
 * @property {(prompt: string) => string[]} args Arguments for one headless prompt.
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }} AgentRun
 */

/**
 * A fresh copy of a fixture project at `dir` (removed first), so that two runs see the same
 * files at the same path: what the agent tells the model about its workspace is then equal.
 */
export function freshProject(fixture, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

/**
 * A throwaway HOME (with a TMPDIR inside) in which the agent starts in `project` without asking.
 * @param {AgentDriver} driver
 */
export function freshHome(driver, home, project) {
  rmSync(home, { recursive: true, force: true });
  mkdirSync(join(home, 'tmp'), { recursive: true });
  driver.prepareHome(home, project);
  return home;
}

/**
 * Runs the agent once in `project` with the HOME made by `freshHome` (TMPDIR in it), an
 * environment of its own (nothing of the caller's but PATH, so no key, proxy or telemetry
 * setting of the machine leaks in) plus `env`, bounded by `timeoutMs` (then SIGKILL).
 * @param {AgentDriver} driver
 * @param {string} bin
 * @param {{ project: string, home: string, prompt: string, modelUrl: string,
 *   env?: Record<string, string>, timeoutMs?: number }} o
 * @returns {Promise<AgentRun>}
 */
export function runAgent(driver, bin, o) {
  const env = {
    PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: o.home,
    TMPDIR: join(o.home, 'tmp'),
    LANG: 'C.UTF-8',
    ...driver.env({ home: o.home, modelUrl: o.modelUrl }),
    ...o.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(bin, driver.args(o.prompt), {
      env,
      cwd: o.project,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * One session in a fresh HOME against a fresh model stand-in, closed afterwards: the run, and
 * what `read` takes from the stand-in (the requests it recorded, say).
 * @template {{ url: string, close: () => Promise<void> }} M
 * @template T
 * @param {AgentDriver} driver
 * @param {string} bin
 * @param {() => Promise<M>} startModel
 * @param {(model: M) => T} read
 * @param {{ project: string, home: string, prompt: string, env?: Record<string, string>,
 *   timeoutMs?: number }} o
 * @returns {Promise<{ run: AgentRun, read: T }>}
 */
export async function sessionAgainst(driver, bin, startModel, read, o) {
  const model = await startModel();
  try {
    freshHome(driver, o.home, o.project);
    const run = await runAgent(driver, bin, { ...o, modelUrl: model.url });
    return { run, read: read(model) };
  } finally {
    await model.close();
  }
}
