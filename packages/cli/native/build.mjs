// Compiles the native `hookscope exec` launcher with the machine's C compiler ($CC, else cc,
// gcc or clang), all warnings as errors, into packages/cli/dist/native/hookscope (shipped with
// the package: `files` has dist). Without a compiler it says so and stops cleanly:
// bin/hookscope then runs every hook through the Node wrapper, which implements the same
// contract. `npm run build` runs this; tests import it to build instrumented variants.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NATIVE_DIR = dirname(fileURLToPath(import.meta.url));
export const NATIVE_LAUNCHER = resolve(NATIVE_DIR, '..', 'dist', 'native', 'hookscope');
/** The launcher's sources but its main program, which tests and fuzzers link with their own. */
export const LIBRARY_SOURCES = [
  'buf.c',
  'json.c',
  'json_read.c',
  'payload.c',
  'decision.c',
  'hook_name.c',
  'spool.c',
  'otlp.c',
];
export const LAUNCHER_SOURCES = ['launcher.c', ...LIBRARY_SOURCES];
export const WARNINGS = [
  '-Wall',
  '-Wextra',
  '-Wpedantic',
  '-Wshadow',
  '-Wstrict-prototypes',
  '-Wformat=2',
  '-Wno-format-nonliteral',
  '-Werror',
];

const VERSION = JSON.parse(readFileSync(join(NATIVE_DIR, '..', 'package.json'), 'utf8')).version;

/** The first C compiler that answers, or undefined. */
export function findCompiler(env = process.env) {
  const candidates = env.CC ? [env.CC] : ['cc', 'gcc', 'clang'];
  return candidates.find((cc) => spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0);
}

/**
 * Compiles `sources` (relative to this directory, or absolute) into `out`. Returns the
 * compiler's result; the output appears only when it succeeded.
 */
export function compile({ cc, sources, out, flags = [], optimize = ['-O2'] }) {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const args = [
    '-std=c11',
    '-D_GNU_SOURCE',
    `-DHOOKSCOPE_VERSION="${VERSION}"`,
    ...optimize,
    ...WARNINGS,
    ...flags,
    '-I',
    NATIVE_DIR,
    ...sources.map((s) => resolve(NATIVE_DIR, s)),
    '-o',
    tmp,
    '-lm',
  ];
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  if (r.status === 0) renameSync(tmp, out);
  else rmSync(tmp, { force: true });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, args };
}

function newestSource() {
  const files = [...LAUNCHER_SOURCES, ...LIBRARY_SOURCES.map((s) => s.replace(/\.c$/, '.h'))];
  files.push('buf.h', 'deny_rules.h', 'build.mjs', '../package.json');
  return Math.max(...files.map((f) => statSync(join(NATIVE_DIR, f)).mtimeMs));
}

function upToDate() {
  try {
    return statSync(NATIVE_LAUNCHER).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `--out PATH` builds elsewhere (tests); the default is the launcher bin/hookscope looks for.
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? resolve(process.argv[at + 1]) : NATIVE_LAUNCHER;
  const cc = findCompiler();
  if (!cc) {
    rmSync(out, { force: true });
    console.log(
      'native launcher: no C compiler (cc, gcc or clang; or set CC): hookscope exec runs through the Node wrapper',
    );
  } else if (out !== NATIVE_LAUNCHER || !upToDate()) {
    const r = compile({ cc, sources: LAUNCHER_SOURCES, out });
    if (!r.ok) {
      process.stderr.write(`native launcher: ${cc} failed:\n${r.output}`);
      process.exit(1);
    }
  }
}
