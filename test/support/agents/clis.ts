import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.js';

interface Installer {
  agentCliPaths: (name: string) => { bin: string; marker: string; version: string };
  installAgentCli: (name: string) => string;
}

/**
 * The executable of a pinned agent CLI (scripts/agent-clis.json), installed into the cache
 * outside the repository by `scripts/bootstrap.sh`, or here if it is not there yet.
 */
export async function agentCli(name: string): Promise<{ bin: string; version: string }> {
  const installer = (await import(
    join(REPO_ROOT, 'scripts', 'install-agent-clis.mjs')
  )) as Installer;
  const paths = installer.agentCliPaths(name);
  const bin =
    existsSync(paths.marker) && existsSync(paths.bin) ? paths.bin : installer.installAgentCli(name);
  return { bin, version: paths.version };
}
