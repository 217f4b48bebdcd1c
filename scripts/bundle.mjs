// Bundles what runs on a hook's path into single files: resolving and loading dozens of small
// modules costs more start-up time than the code itself (see docs/performance.md).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
  // Prefer the ES module builds of dependencies: smaller after tree-shaking.
  mainFields: ['module', 'main'],
};

// The telemetry library: dist/library.cjs, run from V8's code cache by dist/bundle.js, the
// ES module hooks import (src/library-loader.ts and the named exports of the library).
const TELEMETRY_DIST = 'packages/telemetry/dist';
await build({
  ...common,
  format: 'cjs',
  entryPoints: ['packages/telemetry/src/index.ts'],
  outfile: `${TELEMETRY_DIST}/library.cjs`,
});
const libraryExports = Object.keys(
  createRequire(import.meta.url)(resolve(TELEMETRY_DIST, 'library.cjs')),
);
await build({
  ...common,
  sourcemap: false,
  stdin: {
    contents: `import { library } from './library-loader.ts';\nexport const { ${libraryExports.join(', ')} } = library;\n`,
    resolveDir: 'packages/telemetry/src',
    sourcefile: 'bundle.js',
    loader: 'ts',
  },
  outfile: `${TELEMETRY_DIST}/bundle.js`,
  define: { LIBRARY_HASH: JSON.stringify(hashOf(`${TELEMETRY_DIST}/library.cjs`)) },
});
trainCodeCache(TELEMETRY_DIST, 'library', 'the telemetry library', [
  'scripts/train-telemetry-code-cache.mjs',
]);

// `hookscope exec` runs around every hook, `hookscope emit` once per event: CommonJS bundles of
// only what each uses (Node 20 starts a CommonJS file faster than an ES module; see
// docs/performance.md), each started through a small loader that runs it from V8's code cache
// (src/code-cache-loader.ts).
const CLI_DIST = 'packages/cli/dist';
const PAYLOAD = JSON.stringify({
  session_id: 'build',
  transcript_path: '/dev/null',
  cwd: process.cwd(),
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'true' },
  tool_use_id: 'build',
});
await cachedEntry('exec', 'packages/cli/src/exec/main.ts', ['--', 'true'], PAYLOAD);
await cachedEntry(
  'emit',
  'packages/cli/src/emit-main.ts',
  ['validation', '--name', 'build', '--seconds', '0.01', '--outcome', 'passed'],
  '',
);

/**
 * dist/<name>-main.cjs, the bundle of `entry`, and dist/<name>.cjs, its loader. Then one run
 * with `args`, as a hook would run it, so that the loader writes the code cache of every
 * function the run compiled; its spans go to a throwaway spool.
 */
async function cachedEntry(name, entry, args, input) {
  const bundle = `${name}-main`;
  await build({
    ...common,
    format: 'cjs',
    banner: {},
    entryPoints: [entry],
    outfile: `${CLI_DIST}/${bundle}.cjs`,
  });
  await build({
    ...common,
    format: 'cjs',
    banner: {},
    sourcemap: false,
    entryPoints: ['packages/cli/src/code-cache-loader.ts'],
    outfile: `${CLI_DIST}/${name}.cjs`,
    define: {
      CACHED_BUNDLE: JSON.stringify(bundle),
      CACHED_BUNDLE_HASH: JSON.stringify(hashOf(`${CLI_DIST}/${bundle}.cjs`)),
    },
  });
  trainCodeCache(
    CLI_DIST,
    bundle,
    `hookscope ${name}`,
    [`${CLI_DIST}/${name}.cjs`, ...args],
    input,
  );
}

/** The first hex digits of a file's SHA-256: the name of its code cache. */
function hashOf(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
}

/**
 * Runs `node args` with HOOKSCOPE_WRITE_CODE_CACHE=1, as a hook would run it, so that the
 * loader of `bundle` writes the code cache of every function the run compiled into `dist`; its
 * spans go to a throwaway spool.
 */
function trainCodeCache(dist, bundle, label, args, input = '') {
  const isCache = (f) => f.startsWith(`${bundle}.`) && f.endsWith('.cache');
  for (const f of readdirSync(dist).filter(isCache)) rmSync(join(dist, f));
  const spool = mkdtempSync(join(tmpdir(), 'hookscope-build-'));
  const env = { ...process.env, HOOKSCOPE_WRITE_CODE_CACHE: '1', HOOKSCOPE_SPOOL_DIR: spool };
  for (const k of ['NODE_OPTIONS', 'TRACEPARENT', 'TRACESTATE', 'HOOKSCOPE_DISABLED'])
    delete env[k];
  for (const k of ['HOOKSCOPE_EXEC_SPAN_ID', 'HOOKSCOPE_HOOK_EVENT', 'HOOKSCOPE_HOOK_NAME']) {
    delete env[k];
  }
  try {
    const run = spawnSync(process.execPath, args, {
      env,
      input,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    if (run.status !== 0 || !readdirSync(dist).some(isCache)) {
      console.warn(`bundle: no code cache for ${label} (exit ${run.status}): ${run.stderr}`);
    }
  } finally {
    rmSync(spool, { recursive: true, force: true });
  }
}
