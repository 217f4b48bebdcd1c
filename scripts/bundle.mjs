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

// `hookscope exec` runs around every hook: a CommonJS bundle of only what it uses (Node 20
// starts a CommonJS file faster than an ES module; see docs/performance.md), started through a
// small loader that runs it from V8's code cache (src/exec/code-cache-loader.ts).
const EXEC_DIST = 'packages/cli/dist';
await build({
  ...common,
  format: 'cjs',
  banner: {},
  minify: true, // half the bytes to read and parse on every hook; the source map keeps names
  entryPoints: ['packages/cli/src/exec/main.ts'],
  outfile: `${EXEC_DIST}/exec-main.cjs`,
});
const execMainHash = createHash('sha256')
  .update(readFileSync(`${EXEC_DIST}/exec-main.cjs`))
  .digest('hex')
  .slice(0, 16);
await build({
  ...common,
  format: 'cjs',
  banner: {},
  sourcemap: false,
  entryPoints: ['packages/cli/src/exec/code-cache-loader.ts'],
  outfile: `${EXEC_DIST}/exec.cjs`,
  define: { EXEC_MAIN_HASH: JSON.stringify(execMainHash) },
});
writeExecCodeCache();

/**
 * Runs one hook through the wrapper, as a hook run would, so that the loader writes the code
 * cache of every function it compiled. The hook's span goes to a throwaway spool.
 */
function writeExecCodeCache() {
  for (const f of readdirSync(EXEC_DIST)) {
    if (/^exec-main\.[0-9a-f]+\.cache$/.test(f)) rmSync(join(EXEC_DIST, f));
  }
  const spool = mkdtempSync(join(tmpdir(), 'hookscope-build-'));
  const env = { ...process.env, HOOKSCOPE_WRITE_CODE_CACHE: '1', HOOKSCOPE_SPOOL_DIR: spool };
  for (const k of ['NODE_OPTIONS', 'TRACEPARENT', 'TRACESTATE', 'HOOKSCOPE_DISABLED'])
    delete env[k];
  const payload = JSON.stringify({
    session_id: 'build',
    transcript_path: '/dev/null',
    cwd: process.cwd(),
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'true' },
    tool_use_id: 'build',
  });
  try {
    const run = spawnSync(process.execPath, [`${EXEC_DIST}/exec.cjs`, '--', 'true'], {
      env,
      input: payload,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const cached = readdirSync(EXEC_DIST).some((f) => f.endsWith('.cache'));
    if (run.status !== 0 || !cached) {
      console.warn(
        `bundle: no code cache for hookscope exec (exit ${run.status}): ${run.stderr}`.trim(),
      );
    }
  } finally {
    rmSync(spool, { recursive: true, force: true });
  }
}
