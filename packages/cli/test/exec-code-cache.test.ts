import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { REPO_ROOT, tempDir } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';
import { readSpool, typedAttrs } from '../../../test/support/spool.js';

// bin/hookscope starts dist/exec.cjs, which runs dist/exec-main.cjs from the V8 code cache that
// `npm run build` wrote. The cache is only a speed-up: without it, or with one V8 refuses, every
// hook must run and be recorded exactly as with it.
const CLI = join(REPO_ROOT, 'packages', 'cli');
const DIST = join(CLI, 'dist');
const cacheName = () => readdirSync(DIST).find((f) => /^exec-main\.[0-9a-f]{16}\.cache$/.test(f));

const NO_PROCESS_BINDING = `process.binding = () => { throw new Error('not here'); };\n`;

const tmp = tempDir('hookscope-exec-cache-');
afterAll(() => tmp.cleanup());

/** A copy of the launcher and the wrapper's files, whose cache the test can spoil. */
function installCopy(name: string): { launcher: string; dist: string } {
  const root = join(tmp.dir, name);
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  copyFileSync(join(CLI, 'bin', 'hookscope'), join(root, 'bin', 'hookscope'));
  for (const f of ['exec.cjs', 'exec-main.cjs', cacheName()!]) {
    copyFileSync(join(DIST, f), join(root, 'dist', f));
  }
  return { launcher: join(root, 'bin', 'hookscope'), dist: join(root, 'dist') };
}

async function runHook(launcher: string, spool: string, nodeArgs?: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOOKSCOPE_SPOOL_DIR: spool };
  for (const k of ['TRACEPARENT', 'TRACESTATE', 'HOOKSCOPE_DISABLED', 'OTEL_SDK_DISABLED']) {
    delete env[k];
  }
  const args = ['--event', 'PreToolUse', '--name', 'cached', '--', 'sh', '-c', 'cat; exit 2'];
  const r = nodeArgs
    ? await runToEnd(process.execPath, [...nodeArgs, join(DIST, 'exec.cjs'), ...args], {
        input: 'payload bytes',
        env,
      })
    : await runToEnd(launcher, ['exec', ...args], { input: 'payload bytes', env });
  const spans = readSpool(spool).map(({ span }) => typedAttrs(span.attributes));
  return { ...r, spans };
}

describe('the exec wrapper code cache', () => {
  it('is written by the build for this Node.js, and V8 accepts it', () => {
    const name = cacheName();
    expect(name, 'npm run build writes dist/exec-main.<hash>.cache').toBeDefined();
    const source = readFileSync(join(DIST, 'exec-main.cjs'), 'utf8');
    const script = new Script(
      `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`,
      {
        filename: join(DIST, 'exec-main.cjs'),
        lineOffset: -1,
        cachedData: readFileSync(join(DIST, name!)),
      },
    );
    expect(script.cachedDataRejected).toBe(false);
  });

  it.each([
    ['with the cache', () => {}],
    ['without a cache', (dist: string) => rmSync(join(dist, cacheName()!))],
    [
      'with a cache V8 refuses',
      (dist: string) => writeFileSync(join(dist, cacheName()!), Buffer.alloc(4096, 0x5a)),
    ],
    [
      'with a truncated cache',
      (dist: string) => {
        const file = join(dist, cacheName()!);
        writeFileSync(file, readFileSync(file).subarray(0, 100));
      },
    ],
    [
      // Where libuv's process handle is out of reach, the wrapper falls back to child_process,
      // which it must load without import(): the loader runs it as a vm script.
      'through child_process',
      (dist: string) => writeFileSync(join(dist, 'no-binding.cjs'), NO_PROCESS_BINDING),
      true,
    ],
  ])('runs and records the hook %s', async (label, spoil, viaChildProcess = false) => {
    const { launcher, dist } = installCopy(label.replace(/\W+/g, '-'));
    spoil(dist);
    const r = await runHook(
      launcher,
      join(tmp.dir, `spool-${label.replace(/\W+/g, '-')}`),
      viaChildProcess ? ['--require', join(dist, 'no-binding.cjs')] : undefined,
    );
    expect(r.stdout.toString()).toBe('payload bytes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]).toMatchObject({
      'hookscope.hook.name': 'cached',
      'hookscope.hook.event': 'PreToolUse',
      'hookscope.hook.outcome': 'blocked',
    });
  });
});
