import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Codex, headless (`codex exec`), against a stand-in of the Responses API: a model provider of
 * its own in the throwaway `~/.codex/config.toml` (base URL, Responses wire API, the key from an
 * environment variable), so it neither logs in nor reaches OpenAI. The file is written once per
 * stand-in: what a test adds to it afterwards (hook trust, telemetry) stays for the run.
 * @type {import('./run.mjs').AgentDriver}
 */
export const codex = {
  cli: 'codex',
  prepareHome: (home) => {
    mkdirSync(join(home, '.codex'), { recursive: true });
  },
  env: ({ home, modelUrl }) => {
    const config = join(home, '.codex', 'config.toml');
    const baseUrl = `base_url = "${modelUrl}/v1"`;
    if (!existsSync(config) || !readFileSync(config, 'utf8').includes(baseUrl)) {
      writeFileSync(
        config,
        [
          'model = "gpt-stand-in"',
          'model_provider = "stand_in"',
          '[model_providers.stand_in]',
          'name = "stand-in"',
          baseUrl,
          'wire_api = "responses"',
          'env_key = "STAND_IN_API_KEY"',
          '',
        ].join('\n'),
      );
    }
    return { STAND_IN_API_KEY: 'stand-in', CODEX_HOME: join(home, '.codex') };
  },
  // The scripted commands run in a throwaway project, with no sandbox to set up.
  args: (prompt) => [
    'exec',
    '--skip-git-repo-check',
    '--dangerously-bypass-approvals-and-sandbox',
    prompt,
  ],
};
