#!/usr/bin/env node
// Installs the coding agents' CLIs the real-agent tests run, at the exact versions pinned in
// scripts/agent-clis.json, into a cache outside the repository (they are hundreds of MB and
// not the project's dependencies): $HOOKSCOPE_AGENT_CLI_DIR, else $XDG_CACHE_HOME/hookscope/
// agent-clis, else ~/.cache/hookscope/agent-clis. One directory per name and version; a
// version already there is kept. Usage: install-agent-clis.mjs [--print-dir] [name...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PINS = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'agent-clis.json'), 'utf8'),
);

export function agentCliRoot() {
  if (process.env.HOOKSCOPE_AGENT_CLI_DIR) return process.env.HOOKSCOPE_AGENT_CLI_DIR;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'hookscope', 'agent-clis');
}

/** Where one pinned CLI lives, and its executable. */
export function agentCliPaths(name) {
  const pin = PINS[name];
  if (!pin) throw new Error(`no pinned agent CLI named ${name} in scripts/agent-clis.json`);
  const dir = join(agentCliRoot(), `${name}-${pin.version}`);
  return {
    ...pin,
    dir,
    bin: join(dir, 'node_modules', '.bin', pin.bin),
    marker: join(dir, '.installed'),
  };
}

/** Installs one CLI unless its pinned version is already there; returns its executable. */
export function installAgentCli(name, log = (m) => process.stderr.write(m + '\n')) {
  const p = agentCliPaths(name);
  if (existsSync(p.marker) && existsSync(p.bin)) return p.bin;
  const staging = `${p.dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), '{"private":true}\n');
  log(`agent CLIs: installing ${p.package}@${p.version} into ${p.dir}`);
  // The package's own install script puts the native binary for this platform in place.
  const r = spawnSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--loglevel=error',
      `${p.package}@${p.version}`,
    ],
    { cwd: staging, stdio: ['ignore', 'inherit', 'inherit'], timeout: 10 * 60_000 },
  );
  if (r.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `npm install ${p.package}@${p.version} failed (${r.error?.message ?? `exit ${r.status}`})`,
    );
  }
  rmSync(p.dir, { recursive: true, force: true });
  renameSync(staging, p.dir);
  writeFileSync(p.marker, `${p.package}@${p.version}\n`);
  return p.bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--print-dir') {
    process.stdout.write(agentCliRoot() + '\n');
  } else {
    for (const name of args.length ? args : Object.keys(PINS)) installAgentCli(name);
  }
}
