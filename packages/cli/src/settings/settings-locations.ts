import { envValue } from '@hookscope/catalog';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Claude Code's project settings files, shared and personal, in the order they are read. */
export function projectSettingsPaths(projectDir: string): string[] {
  return [
    join(projectDir, '.claude', 'settings.json'),
    join(projectDir, '.claude', 'settings.local.json'),
  ];
}

/** The user's Claude Code settings: `$CLAUDE_CONFIG_DIR/settings.json`, else `~/.claude/settings.json`. */
export function userSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(envValue(env, 'CLAUDE_CONFIG_DIR') ?? join(homedir(), '.claude'), 'settings.json');
}
