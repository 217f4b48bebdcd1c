// What the teams benchmarks share: processes started and stopped, loopback ports, a process's
// memory, a directory's size, a counter summed from a /metrics page, and the central store.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOOKSCOPE_BIN = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'packages',
  'cli',
  'dist',
  'main.js',
);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise((resolve) => {
    const srv = netServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

/**
 * Starts a process, keeping the end of its output; `nice` runs it at low priority (nice execs
 * the command, so the child's pid is the real process's).
 */
export function start(cmd, args, { env = process.env, nice = false } = {}) {
  const child = nice
    ? spawn('nice', ['-n', '10', cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-4000)));
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function healthy(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`${url} never answered`);
}

/** Sum of the samples of `name` in a /metrics page. */
export async function metric(url, name) {
  const text = await (await fetch(url)).text();
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(name) && /[\s{]/.test(line[name.length]))
      sum += Number(line.split(' ').pop());
  return sum;
}

export const rssBytes = (pid) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

export function duBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return n;
}

/** A VictoriaMetrics single-node on `dir` (the same directory survives a restart). */
export async function startStore(port, dir, { env, nice } = {}) {
  const vm = start(
    'victoria-metrics',
    [
      `-storageDataPath=${dir}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-dedup.minScrapeInterval=1ms',
      '-loggerLevel=WARN',
    ],
    { env, nice },
  );
  await healthy(`http://127.0.0.1:${port}/health`);
  return vm;
}
