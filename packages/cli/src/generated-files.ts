import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED_MARKER, RULES_DIR, type GeneratedFile } from '@hookscope/mixin';

export type FileState = 'created' | 'changed' | 'unchanged' | 'stale';

export interface FilePlan {
  path: string;
  state: FileState;
}

/**
 * What writing `files` under `outDir` would do, and the generated rule files no generator makes
 * any more (`stale`: a renamed rule file would otherwise be loaded twice by `rules/*.yml`).
 */
export function planFiles(outDir: string, files: readonly GeneratedFile[]): FilePlan[] {
  const plan: FilePlan[] = files.map((f) => {
    const target = join(outDir, f.path);
    if (!existsSync(target)) return { path: f.path, state: 'created' };
    return {
      path: f.path,
      state: readFileSync(target, 'utf8') === f.content ? 'unchanged' : 'changed',
    };
  });
  const made = new Set(files.map((f) => f.path));
  const rulesDir = join(outDir, RULES_DIR);
  if (existsSync(rulesDir)) {
    for (const name of readdirSync(rulesDir).sort()) {
      const path = `${RULES_DIR}/${name}`;
      if (!name.endsWith('.yml') || made.has(path)) continue;
      if (readFileSync(join(rulesDir, name), 'utf8').startsWith(GENERATED_MARKER))
        plan.push({ path, state: 'stale' });
    }
  }
  return plan;
}

/** Applies a plan: writes each new or changed file atomically and removes stale generated files. */
export function applyPlan(
  outDir: string,
  files: readonly GeneratedFile[],
  plan: readonly FilePlan[],
): void {
  const content = new Map(files.map((f) => [f.path, f.content]));
  for (const { path, state } of plan) {
    const target = join(outDir, path);
    if (state === 'stale') {
      rmSync(target);
    } else if (state !== 'unchanged') {
      mkdirSync(dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, content.get(path)!);
      renameSync(tmp, target);
    }
  }
}
