import { envValue } from '@hookscope/runtime';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { endsWithPath, type AgentAdapter } from './adapter.js';
import { CLAUDE_STYLE_DENIES } from './claude-code.js';

/**
 * Codex: `hooks.json` or the `[hooks]` tables of `config.toml`, next to each config layer:
 * `.codex/` in the project, `$CODEX_HOME` (default `~/.codex`) for the user. Grouped as Claude
 * Code's. `[hooks.state]` holds Codex's own trust and enablement records, not events.
 *
 * Codex runs a hook that is not managed by an administrator only when the user has trusted that
 * exact hook: it keeps a hash of each hook's definition and skips any hook whose hash changed
 * until it is reviewed again. Rewriting the command (install, and uninstall again) changes it.
 */
export const codex: AgentAdapter = {
  name: 'codex',
  title: 'Codex',
  shape: { grouping: 'grouped', commandFields: ['command'], notEvents: ['state'] },
  payloadNamesEvent: true,
  projectFiles: (dir) => [join(dir, '.codex', 'hooks.json'), join(dir, '.codex', 'config.toml')],
  userFiles: (env) => {
    const home = envValue(env, 'CODEX_HOME') ?? join(homedir(), '.codex');
    return [join(home, 'hooks.json'), join(home, 'config.toml')];
  },
  formatOf: (path) => (basename(path).endsWith('.toml') ? 'toml' : 'json'),
  ownsPath: (path) => endsWithPath(path, '.codex/hooks.json', '.codex/config.toml'),
  // Codex reads Claude Code's output fields (and ignores a block without a non-empty reason).
  denies: CLAUDE_STYLE_DENIES,
  afterChange: (kind, files, changed) =>
    `Codex skips a hook whose definition changed until you trust it again: start codex in this ` +
    `project, open /hooks and trust the ${changed} hook${changed === 1 ? '' : 's'} hookscope ${kind === 'install' ? 'wrapped' : 'restored'} ` +
    `(${files.join(', ')}); until then ${kind === 'install' ? 'they do not run at all' : 'they do not run'}.`,
};
