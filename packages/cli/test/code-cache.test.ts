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

// bin/hookscope starts dist/exec.cjs (dist/emit.cjs), which runs dist/exec-main.cjs
// (emit-main.cjs) from the V8 code cache that `npm run build` wrote. The cache is only a
// speed-up: without it, or with one V8 refuses, every run must do and record exactly the same.
const CLI = join(REPO_ROOT, 'packages', 'cli');
const DIST = join(CLI, 'dist');
type Command = 'exec' | 'emit';
const cacheName = (command: Command) => findCache(DIST, `${command}-main`);

const NO_PROCESS_BINDING = `process.binding = () => { throw new Error('not here'); };\n`;

const tmp = tempDir('hookscope-code-cache-');
afterAll(() => tmp.cleanup());
let copies = 0;

/** A copy of the launcher and a command's files, whose cache the test can spoil. */
function installCopy(command: Command): { launcher: string; dist: string; cache: string } {
  const root = join(tmp.dir, `copy-${++copies}`);
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  copyFileSync(join(CLI, 'bin', 'hookscope'), join(root, 'bin', 'hookscope'));
  for (const f of [`${command}.cjs`, `${command}-main.cjs`, cacheName(command)!]) {
    copyFileSync(join(DIST, f), join(root, 'dist', f));
  }
  const dist = join(root, 'dist');
  return { launcher: join(root, 'bin', 'hookscope'), dist, cache: join(dist, cacheName(command)!) };
}

const ARGS: Record<Command, string[]> = {
  exec: ['--event', 'PreToolUse', '--name', 'cached', '--', 'sh', '-c', 'cat; exit 2'],
  emit: ['validation', '--name', 'cached', '--seconds', '0.5', '--outcome', 'failed'],
};

/** Runs the command through the copy's launcher, or through node with `nodeArgs` when given. */
async function runCopy(command: Command, launcher: string, dist: string, nodeArgs?: string[]) {
  const spool = join(dist, 'spool');
  const env: NodeJS.ProcessEnv = { ...process.env, HOOKSCOPE_SPOOL_DIR: spool };
  for (const k of ['TRACEPARENT', 'TRACESTATE', 'HOOKSCOPE_DISABLED', 'OTEL_SDK_DISABLED']) {
    delete env[k];
  }
  for (const k of ['HOOKSCOPE_EXEC_SPAN_ID', 'HOOKSCOPE_HOOK_EVENT', 'HOOKSCOPE_HOOK_NAME']) {
    delete env[k];
  }
  const input = 'payload bytes';
  const r = nodeArgs
    ? await runToEnd(
        process.execPath,
        [...nodeArgs, join(dist, `${command}.cjs`), ...ARGS[command]],
        {
          input,
          env,
        },
      )
    : await runToEnd(launcher, [command, ...ARGS[command]], { input, env });
  const spans = readSpool(spool).map(({ span }) => typedAttrs(span.attributes));
  return { ...r, spans };
}

/** What each command must have done, whatever happened to its cache. */
function expectRecorded(command: Command, r: Awaited<ReturnType<typeof runCopy>>) {
  expect(r.stderr).toBe('');
  expect(r.spans).toHaveLength(1);
  if (command === 'exec') {
    expect(r.stdout.toString()).toBe('payload bytes');
    expect(r.code).toBe(2);
    expect(r.spans[0]).toMatchObject({
      'hookscope.hook.name': 'cached',
      'hookscope.hook.event': 'PreToolUse',
      'hookscope.hook.outcome': 'blocked',
    });
  } else {
    expect(r.code).toBe(0);
    expect(r.spans[0]).toMatchObject({
      'hookscope.validation.name': 'cached',
      'hookscope.validation.outcome': 'failed',
    });
  }
}

describe.each(['exec', 'emit'] as const)('the code cache of hookscope %s', (command) => {
  it('is written by the build for this Node.js, and V8 accepts it', () => {
    const name = cacheName(command);
    expect(name, `npm run build writes dist/${command}-main.<hash>.cache`).toBeDefined();
    expect(cacheAccepted(DIST, `${command}-main`)).toBe(true);
  });

  it.each(CACHE_SPOILERS)('runs and records %s', async (_label, spoil) => {
    const { launcher, dist, cache } = installCopy(command);
    spoil(cache);
    expectRecorded(command, await runCopy(command, launcher, dist));
  });
});

it("hookscope exec, run from its cache, falls back to child_process without libuv's handle", async () => {
  // The fallback must load child_process without import(): the loader runs the bundle as a vm
  // script, which cannot import without an experimental flag.
  const { launcher, dist } = installCopy('exec');
  writeFileSync(join(dist, 'no-binding.cjs'), NO_PROCESS_BINDING);
  const r = await runCopy('exec', launcher, dist, ['--require', join(dist, 'no-binding.cjs')]);
  expectRecorded('exec', r);
});
