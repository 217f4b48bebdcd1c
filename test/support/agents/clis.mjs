import { agentCliPaths, installAgentCli } from '../../../scripts/install-agent-clis.mjs';
import { existsSync } from 'node:fs';

/**
 * The executable of a pinned agent CLI (scripts/agent-clis.json), installed into the cache
 * outside the repository by `scripts/bootstrap.sh`, or here if it is not there yet.
 * @param {string} name
 * @returns {{ bin: string, version: string }}
 */
export function agentCli(name) {
  const paths = agentCliPaths(name);
  const bin = existsSync(paths.marker) && existsSync(paths.bin) ? paths.bin : installAgentCli(name);
  return { bin, version: paths.version };
}
