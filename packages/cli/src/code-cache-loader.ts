/**
 * dist/exec.cjs and dist/emit.cjs, what bin/hookscope starts for `hookscope exec` (around every
 * hook) and `hookscope emit`: runs the command's bundle (dist/<name>-main.cjs) from V8's code
 * cache, so that the functions a run needs are not parsed and compiled again in every process
 * (see docs/performance.md). `npm run build` writes the cache (scripts/bundle.mjs) by one run
 * through this loader; its name carries a hash of the bundle, so a cache never meets code other
 * than the code it was made from. Without a cache, or when V8 rejects it (another Node.js
 * version), the bundle compiles as usual.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

/** Set by scripts/bundle.mjs: the bundle's name, and the first hex digits of its SHA-256. */
declare const CACHED_BUNDLE: string;
declare const CACHED_BUNDLE_HASH: string;
/** Where the build asks the loader to write the cache made by its run. */
const WRITE_CACHE_ENV = 'HOOKSCOPE_WRITE_CODE_CACHE';

type CommonJsWrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

const file = join(__dirname, `${CACHED_BUNDLE}.cjs`);
const cacheFile = join(__dirname, `${CACHED_BUNDLE}.${CACHED_BUNDLE_HASH}.cache`);
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache (not built yet, or removed): compile as usual
}
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {\n${readFileSync(file, 'utf8')}\n})`,
  {
    filename: file,
    lineOffset: -1, // line numbers of the bundle itself, for its source map
    cachedData,
    // No import() in the bundle: a vm script cannot import without an experimental flag.
  },
);
if (process.env[WRITE_CACHE_ENV] === '1') {
  delete process.env[WRITE_CACHE_ENV];
  // At exit, the cache holds every function this run compiled, not only the top level.
  process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}
const mod = { exports: {} };
(script.runInThisContext() as CommonJsWrapper)(mod.exports, require, mod, file, __dirname);
