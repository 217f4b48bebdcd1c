import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOKSCOPE_BIN, REPO_ROOT, tempDir } from '../../../../test/support/paths.js';
import { runToEnd } from '../../../../test/support/processes.js';

/** Realistic Claude Code settings files (project, personal, user). */
export const SETTINGS_FIXTURES = join(REPO_ROOT, 'packages', 'cli', 'test', 'fixtures', 'settings');

/**
 * Throwaway projects whose `.claude` directory holds copies of fixture settings files
 * (`{ 'settings.json': 'project-settings.json' }`); `cleanup()` removes them all.
 */
export function settingsProjects(prefix: string) {
  const tmp = tempDir(prefix);
  let n = 0;
  const project = (
    files: Record<string, string> = {
      'settings.json': 'project-settings.json',
      'settings.local.json': 'project-settings.local.json',
    },
  ): string => {
    const dir = join(tmp.dir, `project-${++n}`);
    mkdirSync(join(dir, '.claude'), { recursive: true });
    for (const [name, fixture] of Object.entries(files)) {
      copyFileSync(join(SETTINGS_FIXTURES, fixture), join(dir, '.claude', name));
    }
    return dir;
  };
  return { dir: tmp.dir, project, cleanup: tmp.cleanup };
}

/** Runs the built `hookscope` with arguments, to the end. */
export const hookscope = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  runToEnd(process.execPath, [HOOKSCOPE_BIN, ...args], opts);

export const read = (path: string) => readFileSync(path, 'utf8');
