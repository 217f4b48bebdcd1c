import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnHook } from './spawn-hook.js';

/**
 * A named pipe opened at both ends and already unlinked: the pipe(2) Node cannot make, for a
 * hook whose caller gave it a pipe. Made by mkfifo(1), started like the hook (no
 * child_process). The hook's end is blocking, as a shell would give it; the wrapper's end is
 * non-blocking when the wrapper writes (it polls), blocking when it reads (a libuv handle that
 * opens it makes it non-blocking itself).
 */
export async function makeFifo(
  env: NodeJS.ProcessEnv,
  hook: 'reads' | 'writes',
): Promise<{ hookFd: number; wrapperFd: number } | undefined> {
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'hookscope-fifo-'));
    const path = join(dir, 'fifo');
    const made = await new Promise<boolean>((resolve) => {
      void spawnHook(
        ['mkfifo', '-m', '600', path],
        env,
        'inherit',
        { exit: (code) => resolve(code === 0), error: () => resolve(false) },
        { quiet: true },
      );
    });
    if (!made) return undefined;
    // A reading end opened non-blocking lets the writing end open at once, which then lets the
    // blocking reading end open.
    const probe = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(
      path,
      constants.O_WRONLY | (hook === 'reads' ? constants.O_NONBLOCK : 0),
    );
    const readFd = openSync(path, constants.O_RDONLY);
    closeSync(probe);
    return hook === 'reads'
      ? { hookFd: readFd, wrapperFd: writeFd }
      : { hookFd: writeFd, wrapperFd: readFd };
  } catch {
    return undefined;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
