import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built `hookscope` command (tests run after `npm run build`). */
export const HOOKSCOPE_BIN = join(REPO_ROOT, 'packages', 'cli', 'dist', 'main.js');
/** The `hookscope` launcher users run (a shell script; `exec` takes its fast path). */
export const HOOKSCOPE_LAUNCHER = join(REPO_ROOT, 'packages', 'cli', 'bin', 'hookscope');

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix = 'hookscope-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
