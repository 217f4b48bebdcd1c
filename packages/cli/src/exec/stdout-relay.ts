import { closeSync, fstatSync, readSync, writeSync } from 'node:fs';
import type { DenyRule } from '../agents/adapter.js';
import { isDenyDecision, MAX_DECISION_BYTES } from './decision.js';
import { makeFifo } from './fifo.js';
import type { HookProcess, HookStdout } from './spawn-hook.js';
import { uvBindings, type UvPipe } from './uv-bindings.js';

/**
 * Passes the hook's stdout on to the caller as it comes, keeping a copy of its first bytes to
 * read a deny decision from (decision.ts). Only for a hook of a known agent, and only when the
 * caller reads the hook's stdout through a socket (what Node-based agents pass) or a pipe: the
 * hook then gets a new one of the same kind, read by a libuv handle as soon as data arrives, and
 * every chunk is written to the caller before the next is read, unchanged and in order.
 *
 * Fails open: when the caller's end refuses the data, relaying stops and the wrapper's end is
 * closed, so the hook's next write fails as it would have; anything that cannot be set up leaves
 * stdout inherited, and the run is recorded as before, without a decision.
 */
export interface StdoutRelay {
  /** What the hook gets as stdout. */
  stdout: HookStdout;
  /** Starts relaying once the hook runs. */
  start(hook: HookProcess): void;
  /**
   * The hook exited: passes on what its stdout holds now (a background process it left that
   * keeps the stdout open is not waited for), stops, and tells whether the output was a deny.
   */
  finish(): boolean;
}

export async function prepareStdout(
  env: NodeJS.ProcessEnv,
  rules: readonly DenyRule[] | undefined,
): Promise<StdoutRelay | undefined> {
  const uv = uvBindings();
  if (!uv || !rules) return undefined;
  let stat;
  try {
    stat = fstatSync(1);
  } catch {
    return undefined;
  }
  if (stat.isSocket()) return relay('socket', rules);
  if (!stat.isFIFO()) return undefined; // a terminal or a file: nothing an agent reads as output
  const fifo = await makeFifo(env, 'writes');
  if (!fifo) return undefined;
  const handle = new uv.Pipe(uv.pipeSocket);
  if (handle.open(fifo.wrapperFd) !== 0) {
    handle.close();
    closeSync(fifo.hookFd);
    closeSync(fifo.wrapperFd);
    return undefined;
  }
  return relay({ hookFd: fifo.hookFd, handle }, rules);
}

function relay(
  kind: 'socket' | { hookFd: number; handle: UvPipe },
  rules: readonly DenyRule[],
): StdoutRelay {
  const { readState } = uvBindings()!;
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let readable = true; // still a candidate for a decision
  let handle: UvPipe | undefined;
  let stopped = false;
  const keep = (chunk: Buffer) => {
    if (!readable) return;
    if (keptBytes + chunk.length > MAX_DECISION_BYTES) {
      readable = false;
      kept.length = 0;
      return;
    }
    kept.push(chunk);
    keptBytes += chunk.length;
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      handle?.readStop();
      handle?.close();
    } catch {
      // Already closed.
    }
  };
  /** Writes all of `chunk` to the caller; false when the caller's end refuses it. */
  const passOn = (chunk: Buffer): boolean => {
    let offset = 0;
    while (offset < chunk.length) {
      try {
        offset += writeSync(1, chunk, offset, chunk.length - offset);
      } catch (err) {
        // A non-blocking stdout shared with someone else: wait for room (rare; the hook waits too).
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
          continue;
        }
        return false;
      }
    }
    return true;
  };
  const take = (chunk: Buffer) => {
    keep(chunk);
    if (!passOn(chunk)) {
      readable = false;
      stop();
    }
  };
  return {
    stdout: kind === 'socket' ? 'socket' : { fd: kind.hookFd },
    start(hook) {
      if (kind === 'socket') {
        handle = hook.stdoutHandle;
      } else {
        closeSync(kind.hookFd); // the hook has its own copy; end of file comes when it is done
        handle = kind.handle;
      }
      if (!handle) return;
      handle.onread = (buffer) => {
        const n = readState.state[readState.bytes]!;
        if (n > 0) take(Buffer.from(buffer, readState.state[readState.offset], n));
        else if (n < 0) stop(); // end of file, or an error: nothing more to pass on
      };
      handle.readStart();
    },
    finish() {
      if (handle && !stopped) {
        handle.readStop();
        // What the hook wrote before it exited is in the pipe now: read it without waiting.
        const buf = Buffer.allocUnsafe(64 * 1024);
        try {
          for (;;) {
            const n = readSync(handle.fd, buf, 0, buf.length, null);
            if (n === 0) break;
            take(Buffer.from(buf.subarray(0, n)));
            if (stopped) break;
          }
        } catch {
          // EAGAIN: nothing more for now.
        }
      }
      stop();
      if (!readable || keptBytes === 0) return false;
      return isDenyDecision(Buffer.concat(kept).toString('utf8'), rules);
    },
  };
}
