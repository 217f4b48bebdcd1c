import { nodeBuiltin, ownWork, replaceFile } from '@hookscope/runtime';

const { mkdirSync, readFileSync, rmSync } = nodeBuiltin('node:fs');
const { join } = nodeBuiltin('node:path');

/**
 * The latest test selection of each suite, kept on disk until a full run verifies it: a failure
 * in the full run among the tests that selection left out is a missed failure. One small JSON
 * file per suite in the state directory; selection and full run may be different processes
 * (`hookscope emit`). Written only when the caller gives the selected test ids. Selections are
 * per suite and working directory (git hooks and test runners run at the repository root), so
 * two repositories with a suite named `unit` do not verify each other's selections.
 */
export interface RememberedSelection {
  suite: string;
  cwd: string;
  strategy: string;
  revision: string | undefined;
  selected: string[];
  atMs: number;
}

/** Selections with more ids than this are not remembered (bounded disk and memory). */
export const MAX_REMEMBERED_TEST_IDS = 200_000;

/** FNV-1a: a short, stable file-name prefix for the working directory. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function fileFor(dir: string, suite: string, cwd: string): string {
  return join(dir, `${fnv1a(cwd)}-${encodeURIComponent(suite).slice(0, 200)}.json`);
}

export function rememberSelection(dir: string, sel: RememberedSelection): void {
  if (sel.selected.length > MAX_REMEMBERED_TEST_IDS) return;
  ownWork(() => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = fileFor(dir, sel.suite, sel.cwd);
    replaceFile(file, JSON.stringify(sel));
  });
}

/**
 * Takes (reads and removes) the selection a full run of `suite` verifies: the latest one, if
 * it is of the same revision (when both say). Undefined when there is none or it is unreadable.
 */
export function takeSelection(
  dir: string,
  suite: string,
  revision: string | undefined,
  cwd: string,
): RememberedSelection | undefined {
  return ownWork(() => takeSelectionFile(dir, suite, revision, cwd));
}

function takeSelectionFile(
  dir: string,
  suite: string,
  revision: string | undefined,
  cwd: string,
): RememberedSelection | undefined {
  const file = fileFor(dir, suite, cwd);
  let sel: RememberedSelection;
  try {
    sel = JSON.parse(readFileSync(file, 'utf8')) as RememberedSelection;
  } catch {
    return undefined;
  }
  if (sel.suite !== suite || sel.cwd !== cwd || !Array.isArray(sel.selected)) return undefined;
  if (revision !== undefined && sel.revision !== undefined && sel.revision !== revision) {
    return undefined;
  }
  rmSync(file, { force: true });
  return sel;
}
