import { describe, expect, it } from 'vitest';
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/paths.js';
import { defaultBackend, spawnHook, type SpawnBackend } from '../src/exec/spawn-hook.js';

type Result = { code: number | null; signal: NodeJS.Signals | null } | { errno: string };

/** Runs a command through spawnHook and waits for it to end. */
function run(backend: SpawnBackend, argv: string[], input?: string) {
  return new Promise<{ result: Result; pid: number | undefined }>((resolve) => {
    let pid: number | undefined;
    void spawnHook(
      argv,
      process.env,
      input === undefined ? 'inherit' : 'socket',
      {
        exit: (code, signal) => resolve({ result: { code, signal }, pid }),
        error: (errno) => resolve({ result: { errno }, pid }),
      },
      { backend, quiet: true },
    ).then((hook) => {
      pid = hook?.pid;
      if (hook && input !== undefined) {
        writeSync(hook.stdinFd!, input);
        hook.closeStdin();
      }
    });
  });
}

describe.each(['process_wrap', 'child_process'] as const)('spawnHook via %s', (backend) => {
  const tmp = tempDir();

  it('passes stdin through its socket and reports the exit code', async () => {
    const out = join(tmp.dir, `${backend}.txt`);
    const { result } = await run(backend, ['sh', '-c', `cat > '${out}'; exit 3`], 'payload\n');
    expect(result).toEqual({ code: 3, signal: null });
    expect(readFileSync(out, 'utf8')).toBe('payload\n');
  });

  it('reports the signal that killed the process', async () => {
    const { result } = await run(backend, ['sh', '-c', 'kill -TERM $$']);
    expect(result).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('reports a command that cannot start by its errno', async () => {
    const { result } = await run(backend, ['no-such-command-xyz']);
    expect(result).toEqual({ errno: 'ENOENT' });
  });
});

it('uses the process handle of Node 20 by default', () => {
  expect(defaultBackend()).toBe('process_wrap');
});
