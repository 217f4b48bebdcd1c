/**
 * dist/exec.cjs and dist/emit.cjs, what bin/hookscope starts for `hookscope exec` (around every
 * hook) and `hookscope emit`: runs the command's bundle (dist/<name>-main.cjs) from V8's code
 * cache, so that the functions a run needs are not parsed and compiled again in every process
 * (see docs/performance.md and @hookscope/runtime's code-cache.ts, which does the work). For
 * `exec`, the second hop of the Node fallback: docs/exec-and-install.md lists them all.
 */
import { join } from 'node:path';
import { runCachedBundle } from '@hookscope/runtime';

/** Set by scripts/bundle.mjs: the bundle's name, and the first hex digits of its SHA-256. */
declare const CACHED_BUNDLE: string;
declare const CACHED_BUNDLE_HASH: string;

runCachedBundle(
  join(__dirname, `${CACHED_BUNDLE}.cjs`),
  join(__dirname, `${CACHED_BUNDLE}.${CACHED_BUNDLE_HASH}.cache`),
  require,
);
