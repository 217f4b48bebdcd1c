import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOKSCOPE_LAUNCHER, REPO_ROOT } from '../../../../test/support/paths.js';
import * as nativeBuild from '../../native/build.mjs';

/**
 * The implementations of `hookscope exec` that the exec tests run against: one contract, two
 * implementations (the native launcher, the Node wrapper), plus the native launcher built with
 * AddressSanitizer and UndefinedBehaviorSanitizer, run once through the same tests.
 */
export interface ExecImplementation {
  name: string;
  /** What to run as `<launcher> exec ...`. */
  launcher: string;
  /** Added to the caller's environment of every run. */
  env: NodeJS.ProcessEnv;
  /** Builds what the implementation needs; undefined when it is there already. */
  prepare?: () => void;
  native: boolean;
}

interface NativeBuild {
  NATIVE_DIR: string;
  NATIVE_LAUNCHER: string;
  LAUNCHER_SOURCES: string[];
  findCompiler(): string | undefined;
  compile(o: {
    cc: string;
    sources: string[];
    out: string;
    flags?: string[];
    optimize?: string[];
  }): { ok: boolean; output: string };
}
export const build = nativeBuild as NativeBuild;
export const NATIVE_LAUNCHER: string = build.NATIVE_LAUNCHER;
// Beside the per-platform packages, not in packages/cli/dist: that directory is what the package
// ships, and a test build must never be packed with it. Two levels below packages/cli, as
// dist/native/hookscope is, so that it finds bin/hookscope to hand --capture-content over to.
const SANITIZED_LAUNCHER = join(REPO_ROOT, 'packages/cli/native/dist/hookscope-sanitized');

/** A C compiler is on this machine (CI installs one): then `npm run build` makes the launcher. */
export const HAS_COMPILER = build.findCompiler() !== undefined;

export const IMPLEMENTATIONS: ExecImplementation[] = [
  // bin/hookscope starts the native launcher when the build made it.
  { name: 'native', launcher: HOOKSCOPE_LAUNCHER, env: {}, native: true },
  {
    name: 'native, ASan+UBSan',
    launcher: SANITIZED_LAUNCHER,
    env: {},
    native: true,
    prepare: buildSanitized,
  },
  { name: 'node', launcher: HOOKSCOPE_LAUNCHER, env: { HOOKSCOPE_NATIVE: '0' }, native: false },
];

/** Whether an implementation can run here (the native ones need the build's C compiler). */
export function available(impl: ExecImplementation): boolean {
  return !impl.native || (HAS_COMPILER && existsSync(NATIVE_LAUNCHER));
}

let sanitizedBuilt = false;
function buildSanitized(): void {
  if (sanitizedBuilt) return;
  const r = build.compile({
    cc: build.findCompiler()!,
    sources: [...build.LAUNCHER_SOURCES, 'test/sanitizer-options.c'],
    out: SANITIZED_LAUNCHER,
    optimize: ['-O1', '-g', '-fno-omit-frame-pointer'],
    flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
  });
  if (!r.ok) throw new Error(`building the sanitized launcher failed:\n${r.output}`);
  sanitizedBuilt = true;
}

/** Hook names derived from commands: one table for both implementations. */
export const HOOK_NAMES = JSON.parse(
  readFileSync(join(REPO_ROOT, 'packages/cli/test/fixtures/hook-names.json'), 'utf8'),
) as {
  shell: { command: string; name: string }[];
  argv: { argv: string[]; name: string }[];
};
