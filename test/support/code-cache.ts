import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBundle } from '../../packages/runtime/src/code-cache.js';

// The bundles that run from V8's code cache (the telemetry library, `hookscope exec` and
// `emit`): what their tests share.

/** The code cache `npm run build` wrote for dist/<bundle>.cjs, by file name. */
export function cacheName(dist: string, bundle: string): string | undefined {
  const name = new RegExp(`^${bundle}\\.[0-9a-f]{16}\\.cache$`);
  return readdirSync(dist).find((f) => name.test(f));
}

/** Whether V8 takes the build's cache for dist/<bundle>.cjs, compiled as its loader does. */
export function cacheAccepted(dist: string, bundle: string): boolean {
  const file = join(dist, `${bundle}.cjs`);
  const cache = readFileSync(join(dist, cacheName(dist, bundle)!));
  return !compileBundle(file, readFileSync(file, 'utf8'), cache).cachedDataRejected;
}

/** What can happen to a cache file; a run must do and record the same after each. */
export const CACHE_SPOILERS: [string, (cache: string) => void][] = [
  ['with the cache', () => {}],
  ['without a cache', (cache) => rmSync(cache)],
  ['with a cache V8 refuses', (cache) => writeFileSync(cache, Buffer.alloc(4096, 0x5a))],
  ['with a truncated cache', (cache) => writeFileSync(cache, readFileSync(cache).subarray(0, 100))],
];
