import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Claude Code, headless (`claude -p ... --output-format json`), against a stand-in of the
 * Messages API. Offline: no auto-update, no non-essential traffic (error reporting, release
 * notes, ...); onboarding done and the project trusted in the throwaway `~/.claude.json`, so
 * it asks nothing.
 * @type {import('./run.mjs').AgentDriver}
 */
export const claudeCode = {
  cli: 'claude-code',
  prepareHome: (home, project) => {
    const state = {
      hasCompletedOnboarding: true,
      projects: { [project]: { hasTrustDialogAccepted: true } },
    };
    writeFileSync(join(home, '.claude.json'), JSON.stringify(state, null, 2));
  },
  env: ({ modelUrl }) => ({
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test-stand-in',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  }),
  args: (prompt) => ['-p', prompt, '--output-format', 'json'],
};
