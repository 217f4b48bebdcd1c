import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { REPO_ROOT, tempDir } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';
import { readSpool, typedAttrs } from '../../../test/support/spool.js';

// Hooks import dist/bundle.js, which runs dist/library.cjs from the V8 code cache that
// `npm run build` wrote. The cache is only a speed-up: without it, or with one V8 refuses, a
// hook must run and record exactly the same.
const DIST = join(REPO_ROOT, 'packages', 'telemetry', 'dist');
const cacheName = () => readdirSync(DIST).find((f) => /^library\.[0-9a-f]{16}\.cache$/.test(f));

const HOOK = `import { initTelemetry, traceHook, traceValidation } from './dist/bundle.js';
initTelemetry();
const code = traceHook('PreToolUse', 'cached', (span) => {
  traceValidation('units', () => false);
  span.setAttribute('hookscope.hook.outcome', 'blocked');
  return 2;
});
process.stdout.write('hook output');
process.exit(code);
`;

const tmp = tempDir('hookscope-library-cache-');
afterAll(() => tmp.cleanup());
let copies = 0;

/** A hook beside a copy of the library's files, whose cache the test can spoil. */
function installCopy(): { root: string; cache: string } {
  const root = join(tmp.dir, `copy-${++copies}`);
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (const f of ['bundle.js', 'library.cjs', cacheName()!]) {
    copyFileSync(join(DIST, f), join(root, 'dist', f));
  }
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'hook.mjs'), HOOK);
  return { root, cache: join(root, 'dist', cacheName()!) };
}

const SPOILERS: [string, (cache: string) => void][] = [
  ['with the cache', () => {}],
  ['without a cache', (cache) => rmSync(cache)],
  ['with a cache V8 refuses', (cache) => writeFileSync(cache, Buffer.alloc(4096, 0x5a))],
  ['with a truncated cache', (cache) => writeFileSync(cache, readFileSync(cache).subarray(0, 100))],
];

describe('the code cache of @hookscope/telemetry', () => {
  it('is written by the build for this Node.js, and V8 accepts it', () => {
    const name = cacheName();
    expect(name, 'npm run build writes dist/library.<hash>.cache').toBeDefined();
    const file = join(DIST, 'library.cjs');
    const script = new Script(
      `(function (exports, require, module, __filename, __dirname) {\n${readFileSync(file, 'utf8')}\n})`,
      { filename: file, lineOffset: -1, cachedData: readFileSync(join(DIST, name!)) },
    );
    expect(script.cachedDataRejected).toBe(false);
  });

  it.each(SPOILERS)('lets a hook run and record %s', async (_label, spoil) => {
    const { root, cache } = installCopy();
    spoil(cache);
    const spool = join(root, 'spool');
    const env: NodeJS.ProcessEnv = { ...process.env, HOOKSCOPE_SPOOL_DIR: spool };
    for (const k of ['TRACEPARENT', 'TRACESTATE', 'HOOKSCOPE_DISABLED', 'OTEL_SDK_DISABLED']) {
      delete env[k];
    }
    const r = await runToEnd(process.execPath, [join(root, 'hook.mjs')], { env });
    expect(r.stderr).toBe('');
    expect(r.stdout.toString()).toBe('hook output');
    expect(r.code).toBe(2);
    const spans = readSpool(spool).map(({ span }) => ({
      ...span,
      attrs: typedAttrs(span.attributes),
    }));
    expect(spans.map((s) => s.name).sort()).toEqual(['PreToolUse cached', 'validate units']);
    const hook = spans.find((s) => s.name === 'PreToolUse cached')!;
    const validation = spans.find((s) => s.name === 'validate units')!;
    expect(hook.attrs).toMatchObject({ 'hookscope.hook.outcome': 'blocked' });
    expect(validation.attrs).toMatchObject({ 'hookscope.validation.outcome': 'failed' });
    expect(validation.parentSpanId).toBe(hook.spanId);
  });
});
