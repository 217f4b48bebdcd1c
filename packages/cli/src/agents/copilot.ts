import { envValue } from '@hookscope/runtime';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { jsonFilesIn, type AgentAdapter } from './adapter.js';

/**
 * GitHub Copilot (CLI and cloud agent): every `.github/hooks/*.json` of the repository, and
 * `*.json` in `$COPILOT_HOME/hooks` (default `~/.copilot/hooks`) for the user:
 * `{"version": 1, "hooks": {"<event>": [{"type": "command", "bash", "powershell", "cwd", "env",
 * "timeoutSec"}]}}`. The `bash` command is wrapped; `powershell` (Windows) is left as it is.
 */
export const copilot: AgentAdapter = {
  name: 'copilot',
  title: 'GitHub Copilot',
  shape: { grouping: 'flat', commandFields: ['bash', 'command'], defaultType: 'command' },
  payloadNamesEvent: false,
  projectFiles: (dir) => jsonFilesIn(join(dir, '.github', 'hooks')),
  userFiles: (env) =>
    jsonFilesIn(join(envValue(env, 'COPILOT_HOME') ?? join(homedir(), '.copilot'), 'hooks')),
  formatOf: () => 'json',
  ownsPath: (path) =>
    /(^|[\\/])\.github[\\/]hooks$/.test(dirname(path)) ||
    /(^|[\\/])\.copilot[\\/]hooks$/.test(dirname(path)),
  // preToolUse `permissionDecision: "deny"`, permissionRequest `behavior: "deny"`, agentStop and
  // subagentStop `decision: "block"` (another turn instead of stopping).
  // Exit 2 is a warning to Copilot (stderr shown, the run goes on), but on permissionRequest.
  exit2BlocksOnly: ['permissionRequest', 'PermissionRequest'],
  denies: [
    { path: ['permissionDecision'], value: 'deny' },
    { path: ['behavior'], value: 'deny' },
    { path: ['decision'], value: 'block' },
  ],
};
