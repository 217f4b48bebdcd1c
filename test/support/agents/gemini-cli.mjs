import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Gemini CLI, headless (`gemini -p`), against a stand-in of the Gemini API
 * (`GOOGLE_GEMINI_BASE_URL`), with an API key as its auth method in the throwaway
 * `~/.gemini/settings.json` and the workspace trusted through its environment variable.
 * @type {import('./run.mjs').AgentDriver}
 */
export const geminiCli = {
  cli: 'gemini-cli',
  prepareHome: (home) => {
    mkdirSync(join(home, '.gemini'), { recursive: true });
    const settings = { security: { auth: { selectedType: 'gemini-api-key' } } };
    writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify(settings, null, 2));
  },
  env: ({ modelUrl }) => ({
    GEMINI_API_KEY: 'stand-in',
    GOOGLE_GEMINI_BASE_URL: modelUrl,
    GEMINI_CLI_TRUST_WORKSPACE: 'true',
  }),
  // The scripted shell commands run without asking (headless, there is no one to ask).
  args: (prompt) => ['--approval-mode', 'yolo', '-p', prompt],
};
