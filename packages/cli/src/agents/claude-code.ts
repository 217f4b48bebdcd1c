import { envValue } from '@hookscope/runtime';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { endsWithPath, type AgentAdapter, type DenyRule } from './adapter.js';

/**
 * Claude Code's ways of saying "deny" in a hook's JSON output, which Codex reads too: `decision:
 * "block"` (PostToolUse, UserPromptSubmit, Stop, SubagentStop; PreToolUse's older form),
 * `hookSpecificOutput.permissionDecision: "deny"` (PreToolUse),
 * `hookSpecificOutput.decision.behavior: "deny"` (PermissionRequest), and `continue: false`,
 * which stops the agent after the hook.
 */
export const CLAUDE_STYLE_DENIES: readonly DenyRule[] = [
  { path: ['decision'], value: 'block' },
  { path: ['hookSpecificOutput', 'permissionDecision'], value: 'deny' },
  { path: ['hookSpecificOutput', 'decision', 'behavior'], value: 'deny' },
  { path: ['continue'], value: false },
];

/**
 * Claude Code: `hooks` in `.claude/settings.json` and `.claude/settings.local.json` (project),
 * `$CLAUDE_CONFIG_DIR/settings.json` or `~/.claude/settings.json` (user), and any file with the
 * same block (a plugin's `hooks/hooks.json`). Grouped by matcher; entries may run `command`
 * directly with `args`. Strict JSON.
 */
export const claudeCode: AgentAdapter = {
  name: 'claude-code',
  title: 'Claude Code',
  shape: { grouping: 'grouped', commandFields: ['command'], argsForm: true },
  payloadNamesEvent: true,
  projectFiles: (dir) => [
    join(dir, '.claude', 'settings.json'),
    join(dir, '.claude', 'settings.local.json'),
  ],
  userFiles: (env) => [
    join(envValue(env, 'CLAUDE_CONFIG_DIR') ?? join(homedir(), '.claude'), 'settings.json'),
  ],
  formatOf: () => 'json',
  ownsPath: (path) => endsWithPath(path, '.claude/settings.json', '.claude/settings.local.json'),
  denies: CLAUDE_STYLE_DENIES,
};
