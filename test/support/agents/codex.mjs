import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Codex, headless (`codex exec`), against a stand-in of the Responses API: a model provider of
 * its own in the throwaway `~/.codex/config.toml` (base URL, Responses wire API, the key from an
 * environment variable), so it neither logs in nor reaches OpenAI.
 * @type {import('./run.mjs').AgentDriver}
 */
export const codex = {
  cli: 'codex',
  prepareHome: (home) => {
    mkdirSync(join(home, '.codex'), { recursive: true });
  },
  env: ({ home, modelUrl }) => {
    writeFileSync(
      join(home, '.codex', 'config.toml'),
      [
        'model = "gpt-stand-in"',
        'model_provider = "stand_in"',
        '[model_providers.stand_in]',
        'name = "stand-in"',
        `base_url = "${modelUrl}/v1"`,
        'wire_api = "responses"',
        'env_key = "STAND_IN_API_KEY"',
        '',
      ].join('\n'),
    );
    return { STAND_IN_API_KEY: 'stand-in', CODEX_HOME: join(home, '.codex') };
  },
  args: (prompt) => ['exec', '--skip-git-repo-check', prompt],
};
