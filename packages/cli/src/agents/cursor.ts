import { homedir } from 'node:os';
import { join } from 'node:path';
import { endsWithPath, type AgentAdapter } from './adapter.js';

/**
 * Cursor: `.cursor/hooks.json` (project) and `~/.cursor/hooks.json` (user),
 * `{"version": 1, "hooks": {"<event>": [{"command", "matcher", "timeout"}]}}`: one flat list per
 * event, entries are commands unless `"type": "prompt"`. Strict JSON.
 */
export const cursor: AgentAdapter = {
  name: 'cursor',
  title: 'Cursor',
  shape: { grouping: 'flat', commandFields: ['command'], defaultType: 'command' },
  payloadNamesEvent: true,
  projectFiles: (dir) => [join(dir, '.cursor', 'hooks.json')],
  userFiles: () => [join(homedir(), '.cursor', 'hooks.json')],
  formatOf: () => 'json',
  ownsPath: (path) => endsWithPath(path, '.cursor/hooks.json'),
  // `permission: "deny"` (beforeShellExecution, beforeMCPExecution, beforeReadFile, preToolUse);
  // `continue: false` (beforeSubmitPrompt).
  denies: [
    { path: ['permission'], value: 'deny' },
    { path: ['continue'], value: false },
  ],
};
