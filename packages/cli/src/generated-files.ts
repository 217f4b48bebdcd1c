import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { CONFIG_FILE_NAME } from '@hookscope/config';
import { CENTRAL_RULES_DIR, GENERATED_MARKER, RULES_DIR } from '@hookscope/mixin';

/**
 * How `hookscope generate` writes: only files it recognises as its own are ever replaced or
 * removed; every file is written beside its target and renamed into place once all are written,
 * so a failure leaves the previous files whole.
 */

/** A file to write: where (absolute) and its bytes. */
export interface TargetFile {
  target: string;
  content: string;
}

/** `foreign`: a file is there that hookscope did not write; it is never replaced unless asked. */
export type FileState = 'created' | 'changed' | 'unchanged' | 'stale' | 'foreign';

export interface FilePlan {
  target: string;
  state: FileState;
}

/**
 * Whether a file's content is one `hookscope generate` wrote: YAML and templates carry the
 * generated header in their first lines; JSON cannot, so a dashboard is known by its hookscope
 * uid and tag, the config's schema by its title.
 */
export function writtenByHookscope(target: string, content: string): boolean {
  if (content.slice(0, 1000).includes(GENERATED_MARKER)) return true;
  if (!target.endsWith('.json')) return false;
  try {
    const doc = JSON.parse(content) as Record<string, unknown>;
    const tags = Array.isArray(doc['tags']) ? doc['tags'] : [];
    return (
      (typeof doc['uid'] === 'string' &&
        doc['uid'].startsWith('hookscope-') &&
        tags.includes('hookscope')) ||
      (doc['title'] === CONFIG_FILE_NAME && typeof doc['$schema'] === 'string')
    );
  } catch {
    return false;
  }
}

/**
 * Directories whose rule files an engine loads by a glob (`rules/*.yml`): a generated file left
 * there after a rename would be loaded twice, so generated files no generator makes any more go.
 */
const GLOBBED_RULE_DIRS = [RULES_DIR, CENTRAL_RULES_DIR];

/**
 * What writing `files` would do, and the generated rule files under `outDir` no generator makes
 * any more (`stale`), in the local and the central rule directories.
 */
export function planFiles(outDir: string, files: readonly TargetFile[]): FilePlan[] {
  const plan: FilePlan[] = files.map(({ target, content }) => {
    let stat;
    try {
      stat = lstatSync(target);
    } catch {
      return { target, state: 'created' };
    }
    if (!stat.isFile()) return { target, state: 'foreign' };
    const existing = readFileSync(target, 'utf8');
    if (existing === content) return { target, state: 'unchanged' };
    return { target, state: writtenByHookscope(target, existing) ? 'changed' : 'foreign' };
  });
  const made = new Set(files.map((f) => f.target));
  for (const dir of GLOBBED_RULE_DIRS) {
    const rulesDir = join(outDir, dir);
    if (!existsSync(rulesDir) || !lstatSync(rulesDir).isDirectory()) continue;
    for (const name of readdirSync(rulesDir).sort()) {
      const target = join(rulesDir, name);
      if (!name.endsWith('.yml') || made.has(target) || !lstatSync(target).isFile()) continue;
      if (readFileSync(target, 'utf8').startsWith(GENERATED_MARKER))
        plan.push({ target, state: 'stale' });
    }
  }
  return plan;
}

/**
 * Applies a plan (`foreign` files are replaced only when the plan says so: refuse first): writes
 * every new or changed file beside its target, created exclusively, then renames them all into
 * place and removes stale generated files. On a failure, removes what it wrote and created.
 */
export function applyPlan(files: readonly TargetFile[], plan: readonly FilePlan[]): void {
  const content = new Map(files.map((f) => [f.target, f.content]));
  const temps: { tmp: string; target: string }[] = [];
  const madeDirs: string[] = [];
  try {
    for (const { target, state } of plan) {
      if (state === 'stale' || state === 'unchanged') continue;
      const made = mkdirSync(dirname(target), { recursive: true });
      if (made) madeDirs.push(made);
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, content.get(target)!, { flag: 'wx' });
      temps.push({ tmp, target });
    }
  } catch (err) {
    for (const t of temps) rmSync(t.tmp, { force: true });
    for (const d of madeDirs.reverse()) rmSync(d, { recursive: true, force: true });
    throw err;
  }
  for (const t of temps) renameSync(t.tmp, t.target);
  for (const { target, state } of plan) if (state === 'stale') rmSync(target);
}

/** A target as the user reads it: relative to `base` when inside it. */
export function shown(base: string, target: string): string {
  const rel = relative(base, target);
  return rel && !rel.startsWith('..') ? rel : target;
}
