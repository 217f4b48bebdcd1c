import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CACHE_SPOILERS,
  cacheAccepted,
  cacheName as findCache,
} from '../../../test/support/code-cache.js';
import { REPO_ROOT, tempDir } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';
import { readSpool, typedAttrs } from '../../../test/support/spool.js';

// Hooks import dist/bundle.js, which runs dist/library.cjs from the V8 code cache that
// `npm run build` wrote. The cache is only a speed-up: without it, or with one V8 refuses, a
// hook must run and record exactly the same.
const DIST = join(REPO_ROOT, 'packages', 'telemetry', 'dist');
const cacheName = () => findCache(DIST, 'library');

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

describe('the code cache of @hookscope/telemetry', () => {
  it('is written by the build for this Node.js, and V8 accepts it', () => {
    const name = cacheName();
    expect(name, 'npm run build writes dist/library.<hash>.cache').toBeDefined();
    expect(cacheAccepted(DIST, 'library')).toBe(true);
  });

  it.each(CACHE_SPOILERS)('lets a hook run and record %s', async (_label, spoil) => {
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
