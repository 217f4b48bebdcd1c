import { readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { createExclusive } from '@hookscope/runtime';

/**
 * A pid file that keeps two collectors off one state directory (each would count every span).
 * A lock whose process is gone is taken over.
 */
const heldHere = new Set<string>();

export function acquireLock(path: string): () => void {
  if (heldHere.has(path)) {
    throw new Error(
      `another collector in this process is using this state directory (lock ${path}). Give each its own state directory.`,
    );
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = createExclusive(path);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // Already removed.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `another collector (pid ${pid}) is using this state directory (lock ${path}). ` +
            `Stop it, or give this one its own --state-dir.`,
        );
      }
      unlinkSync(path); // stale: its collector died without cleaning up
    }
  }
  throw new Error(`cannot take the lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
