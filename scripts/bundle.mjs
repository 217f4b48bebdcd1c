// Bundles what runs on a hook's path into single files: resolving and loading dozens of small
// modules costs more start-up time than the code itself (see docs/performance.md).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

await build({
  ...common,
  entryPoints: ['packages/telemetry/src/index.ts'],
  outfile: 'packages/telemetry/dist/bundle.js',
});

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
  const hash = createHash('sha256')
    .update(readFileSync(`${CLI_DIST}/${bundle}.cjs`))
    .digest('hex')
    .slice(0, 16);
  await build({
    ...common,
    format: 'cjs',
    banner: {},
    sourcemap: false,
    entryPoints: ['packages/cli/src/code-cache-loader.ts'],
    outfile: `${CLI_DIST}/${name}.cjs`,
    define: { CACHED_BUNDLE: JSON.stringify(bundle), CACHED_BUNDLE_HASH: JSON.stringify(hash) },
  });
  const isCache = (f) => f.startsWith(`${bundle}.`) && f.endsWith('.cache');
  for (const f of readdirSync(CLI_DIST).filter(isCache)) rmSync(join(CLI_DIST, f));
  const spool = mkdtempSync(join(tmpdir(), 'hookscope-build-'));
  const env = { ...process.env, HOOKSCOPE_WRITE_CODE_CACHE: '1', HOOKSCOPE_SPOOL_DIR: spool };
  for (const k of ['NODE_OPTIONS', 'TRACEPARENT', 'TRACESTATE', 'HOOKSCOPE_DISABLED'])
    delete env[k];
  for (const k of ['HOOKSCOPE_EXEC_SPAN_ID', 'HOOKSCOPE_HOOK_EVENT', 'HOOKSCOPE_HOOK_NAME']) {
    delete env[k];
  }
  try {
    const run = spawnSync(process.execPath, [`${CLI_DIST}/${name}.cjs`, ...args], {
      env,
      input,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    if (run.status !== 0 || !readdirSync(CLI_DIST).some(isCache)) {
      console.warn(
        `bundle: no code cache for hookscope ${name} (exit ${run.status}): ${run.stderr}`,
      );
    }
  } finally {
    rmSync(spool, { recursive: true, force: true });
  }
}
