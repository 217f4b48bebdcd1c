// Bundles what runs on a hook's path into single files: resolving and loading dozens of small
// modules costs more start-up time than the code itself (see docs/performance.md).
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
// starts a CommonJS file faster than an ES module; see docs/performance.md).
await build({
  ...common,
  format: 'cjs',
  banner: {},
  minify: true, // half the bytes to read and parse on every hook; the source map keeps names
  entryPoints: ['packages/cli/src/exec/main.ts'],
  outfile: 'packages/cli/dist/exec.cjs',
});
