import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readConfigFile, type HookscopeConfig } from '@hookscope/config';
import { HOOKSCOPE_BIN, tempDir } from './paths.js';
import { runToEnd } from './processes.js';

/** A project directory with a config, what `hookscope generate` made from it, and secret files. */
export interface GeneratedProject {
  dir: string;
  configPath: string;
  config: HookscopeConfig;
  cleanup: () => void;
}

/**
 * Writes hookscope.config.yaml and the secret files (paths relative to the project) into a fresh
 * directory and runs the real `hookscope generate` there.
 */
export async function generateProject(
  configYaml: string,
  secrets: Record<string, string> = {},
): Promise<GeneratedProject> {
  const tmp = tempDir('hookscope-project-');
  const configPath = join(tmp.dir, 'hookscope.config.yaml');
  writeFileSync(configPath, configYaml);
  for (const [path, value] of Object.entries(secrets)) {
    const file = join(tmp.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, value, { mode: 0o600 });
  }
  const gen = await runToEnd(process.execPath, [
    HOOKSCOPE_BIN,
    'generate',
    ...['--config', configPath, '--out', tmp.dir],
  ]);
  if (gen.code !== 0) {
    tmp.cleanup();
    throw new Error(`hookscope generate failed: ${gen.stderr}${gen.stdout.toString()}`);
  }
  return { dir: tmp.dir, configPath, config: readConfigFile(configPath), cleanup: tmp.cleanup };
}
