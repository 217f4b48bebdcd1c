import { nodeBuiltin, runCachedBundle } from '@hookscope/runtime';

/**
 * The library as hooks load it: dist/bundle.js (this module, and the named exports
 * scripts/bundle.mjs adds) runs the library's CommonJS bundle, dist/library.cjs, from V8's code
 * cache. Parsing and compiling the library was most of what importing it cost a hook process.
 */

/** Set by scripts/bundle.mjs: the first hex digits of dist/library.cjs's SHA-256. */
declare const LIBRARY_HASH: string;

const { dirname, join } = nodeBuiltin('node:path');
// import.meta.dirname is Node >= 20.11.
const dir = import.meta.dirname ?? dirname(nodeBuiltin('node:url').fileURLToPath(import.meta.url));

export const library = runCachedBundle(
  join(dir, 'library.cjs'),
  join(dir, `library.${LIBRARY_HASH}.cache`),
  nodeBuiltin,
) as typeof import('./index.js');
