import { envValue } from '@hookscope/runtime';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { endsWithPath, type AgentAdapter } from './adapter.js';

/**
 * Gemini CLI: `hooks` in `.gemini/settings.json` (project) and `~/.gemini/settings.json` (user;
 * `$GEMINI_CLI_HOME/.gemini` when set). Grouped as Claude Code's, entries may carry a `name`
 * (used as the hook name) and a `timeout` in milliseconds. Gemini CLI strips comments before
 * parsing, so the file is JSON with comments; they are kept.
 */
export const geminiCli: AgentAdapter = {
  name: 'gemini-cli',
  title: 'Gemini CLI',
  shape: { grouping: 'grouped', commandFields: ['command'] },
  payloadNamesEvent: true,
  projectFiles: (dir) => [join(dir, '.gemini', 'settings.json')],
  userFiles: (env) => [
    join(envValue(env, 'GEMINI_CLI_HOME') ?? homedir(), '.gemini', 'settings.json'),
  ],
  formatOf: () => 'jsonc',
  // An unnamed hook's name is its command, in Gemini CLI's hook_call telemetry (first word, or
  // all of it with prompt logging on), its hooks list and `hooksConfig.disabled`.
  namesHooksByCommand: true,
  ownsPath: (path) => endsWithPath(path, '.gemini/settings.json'),
  // `decision` "deny" or "block" blocks the action; `continue: false` stops the agent loop.
  denies: [
    { path: ['decision'], value: 'deny' },
    { path: ['decision'], value: 'block' },
    { path: ['continue'], value: false },
  ],
};
