import type { Script } from 'node:vm';
import { nodeBuiltin } from './node-builtins.js';

/**
 * Running a CommonJS bundle from V8's code cache, so that the functions a hook process needs are
 * not parsed and compiled again in every process (see docs/performance.md). Shared by the
 * telemetry library's entry (dist/bundle.js) and the loaders of `hookscope exec` and `emit`.
 * `npm run build` writes each cache (scripts/bundle.mjs) by one run through its loader, with the
 * variable below set; a cache's name carries a hash of its bundle, so a cache never meets code
 * other than the code it was made from. Without a cache, or when V8 rejects it (another Node.js
 * version or flags), the bundle compiles as usual.
 */

/** Where the build asks a loader to write the cache of what its run compiled. */
export const WRITE_CODE_CACHE_ENV = 'HOOKSCOPE_WRITE_CODE_CACHE';

type CommonJsWrapper = (
  exports: object,
  require: (id: string) => unknown,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

/**
 * Runs the CommonJS bundle `file` with the code cache `cacheFile` and returns its exports.
 * `require` is what the bundle's own require calls get (a bundle requires only built-ins).
 */
export function runCachedBundle(
  file: string,
  cacheFile: string,
  require: (id: string) => unknown,
): object {
  const { readFileSync, writeFileSync } = nodeBuiltin('node:fs');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache (not built yet, or removed): compile as usual
  }
  const script = compileBundle(file, readFileSync(file, 'utf8'), cachedData);
  if (process.env[WRITE_CODE_CACHE_ENV] === '1') {
    delete process.env[WRITE_CODE_CACHE_ENV];
    // At exit, the cache holds every function this run compiled, not only the top level.
    process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  }
  const mod = { exports: {} };
  const dir = nodeBuiltin('node:path').dirname(file);
  (script.runInThisContext() as CommonJsWrapper)(mod.exports, require, mod, file, dir);
  return mod.exports;
}

/**
 * Compiles a CommonJS bundle's source as Node wraps a module, with `cachedData` if given (the
 * script's `cachedDataRejected` says whether V8 took it).
 */
export function compileBundle(file: string, source: string, cachedData?: Buffer): Script {
  const { Script } = nodeBuiltin('node:vm');
  return new Script(
    `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`,
    {
      filename: file,
      lineOffset: -1, // line numbers of the bundle itself, for its source map
      cachedData,
      // No import() in the bundle: a vm script cannot import without an experimental flag.
    },
  );
}
