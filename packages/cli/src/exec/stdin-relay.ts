import { envValue } from '@hookscope/runtime';
import { closeSync, fstatSync, readFileSync, read, readSync, writeSync } from 'node:fs';
import { makeFifo } from './fifo.js';
import type { HookProcess, HookStdin } from './spawn-hook.js';
import { uvBindings } from './uv-bindings.js';

/**
 * Gives the hook the stdin it would have had without hookscope, while keeping a copy of the
 * first bytes to read a Claude Code payload from. The child gets the same kind of stdin:
 *
 * - a terminal, /dev/null or anything else that is not data: inherited as is (nothing to read);
 * - a regular file: inherited (same open file, same offset); its first bytes are read with
 *   pread at the current offset, which moves nothing;
 * - a socket (what Node programs pass for a pipe): relayed through a new socket pair;
 * - a pipe from a coding agent (named with `--agent`, or Claude Code's, which sets
 *   CLAUDE_PROJECT_DIR): relayed through a new named pipe, so
 *   `[ -p /dev/stdin ]` and `cat /dev/stdin` behave as before (neither works on a socket);
 * - a pipe anywhere else (git hooks, shell pipelines, which carry no Claude Code payload):
 *   inherited as is.
 *
 * The relay passes every byte on unchanged and in order, with backpressure; when the hook stops
 * reading (closes its stdin), the wrapper closes its own so the writer sees the same EPIPE.
 */
export const MAX_SNIFF_BYTES = 256 * 1024;

export interface StdinRelay {
  /** What the hook gets as stdin. */
  stdin: HookStdin;
  /** Starts relaying once the hook runs. */
  start(hook: HookProcess): void;
  /** The first bytes of stdin seen so far (at most MAX_SNIFF_BYTES), as text. */
  prefix(): string;
  /**
   * Stops relaying (the hook is gone). A read already under way may still bring the payload
   * (a hook that ends without reading its stdin can end before the wrapper has read it): the
   * promise settles when it is done, or after `graceMs`.
   */
  stop(graceMs: number): Promise<void>;
}

const INHERIT: StdinRelay = {
  stdin: 'inherit',
  start: () => {},
  prefix: () => '',
  stop: async () => {},
};

export async function prepareStdin(env: NodeJS.ProcessEnv, agent?: string): Promise<StdinRelay> {
  let stat;
  try {
    stat = fstatSync(0);
  } catch {
    return INHERIT;
  }
  if (stat.isFile()) return filePeek();
  if (stat.isSocket()) return relay('socket');
  if (stat.isFIFO() && (agent !== undefined || envValue(env, 'CLAUDE_PROJECT_DIR') !== undefined)) {
    const fifo = await makeFifo(env, 'reads');
    return fifo ? relay({ readFd: fifo.hookFd, writeFd: fifo.wrapperFd }) : INHERIT;
  }
  return INHERIT;
}

function filePeek(): StdinRelay {
  let text = '';
  try {
    const pos = /^pos:\s+(\d+)/m.exec(readFileSync('/proc/self/fdinfo/0', 'latin1'));
    if (pos) {
      const buf = Buffer.alloc(MAX_SNIFF_BYTES);
      const n = readSync(0, buf, 0, buf.length, Number(pos[1]));
      text = buf.toString('utf8', 0, n);
    }
  } catch {
    // No procfs or an unreadable file: nothing to sniff, the hook still gets its stdin.
  }
  return { ...INHERIT, prefix: () => text };
}

function relay(kind: 'socket' | { readFd: number; writeFd: number }): StdinRelay {
  const chunks: Buffer[] = [];
  let kept = 0;
  let sniffing = true;
  let stopped = false;
  let reading: Promise<void> | undefined;
  const keep = (chunk: Buffer) => {
    if (!sniffing) return;
    if (kept === 0) {
      // Only a JSON object can be a hook payload: stop copying anything else at once.
      const first = chunk.toString('latin1', 0, 64).trimStart()[0];
      if (first !== undefined && first !== '{') sniffing = false;
      if (first === undefined) return;
    }
    const room = MAX_SNIFF_BYTES - kept;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    kept += Math.min(chunk.length, room);
    if (kept >= MAX_SNIFF_BYTES) sniffing = false;
  };
  return {
    stdin: kind === 'socket' ? 'socket' : { fd: kind.readFd },
    start(hook) {
      let out: number;
      let close: () => void;
      if (kind === 'socket') {
        if (hook.stdinFd === undefined) return;
        out = hook.stdinFd;
        close = () => hook.closeStdin();
      } else {
        closeSync(kind.readFd); // the hook has its own copy of the reading end
        out = kind.writeFd;
        close = () => closeSync(kind.writeFd);
      }
      const finish = () => {
        stopped = true;
        try {
          close();
        } catch {
          // Already closed.
        }
      };
      // fd 0 is read with fs.read (in libuv's thread pool) and the hook's end written with
      // writeSync: no stream objects, which cost milliseconds per hook to create and tear down.
      const buf = Buffer.allocUnsafe(64 * 1024);
      let idle = 1;
      const readNext = (): void => {
        if (stopped) return;
        let done!: () => void;
        reading = new Promise((resolve) => (done = resolve));
        read(0, buf, 0, buf.length, null, (err, n) => {
          done();
          if (stopped) {
            if (!err && n > 0) keep(Buffer.from(buf.subarray(0, n)));
            return;
          }
          if (err?.code === 'EAGAIN') {
            // A non-blocking stdin (someone sharing it set O_NONBLOCK): poll it.
            setTimeout(readNext, (idle = Math.min(idle * 2, 20)));
            return;
          }
          if (err || n === 0) return finish();
          idle = 1;
          const chunk = Buffer.from(buf.subarray(0, n));
          keep(chunk);
          writeOut(chunk, 0);
        });
      };
      // The hook's end is non-blocking: when its buffer is full, wait for the hook to read.
      const writeOut = (chunk: Buffer, offset: number): void => {
        while (offset < chunk.length) {
          if (stopped) return;
          try {
            offset += writeSync(out, chunk, offset, chunk.length - offset);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
              setTimeout(() => writeOut(chunk, offset), 1);
              return;
            }
            // EPIPE: the hook closed its stdin. Stop passing data on; the writer sees EPIPE
            // when the wrapper exits, as it would when the hook exits.
            return finish();
          }
        }
        readNext();
      };
      readNext();
    },
    prefix: () => Buffer.concat(chunks).toString('utf8'),
    async stop(graceMs) {
      // Nothing to tear down: the wrapper exits right after, closing everything.
      stopped = true;
      if (kept > 0 || !reading) return;
      // The read in the thread pool may not even have started (a busy machine): take what is
      // there now, without blocking, then give a read that did start a moment to report.
      drainNow(keep, () => kept >= MAX_SNIFF_BYTES || !sniffing);
      if (kept > 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([reading, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    },
  };
}

/**
 * Reads what stdin holds right now without waiting: fd 0 is made non-blocking for the moment
 * (through a libuv pipe handle, the only way Node offers), read until it would block, and made
 * blocking again, since others may share it.
 */
function drainNow(keep: (chunk: Buffer) => void, full: () => boolean): void {
  const uv = uvBindings();
  if (!uv) return;
  const handle = new uv.Pipe(uv.pipeSocket);
  if (handle.open(0) !== 0) return;
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    while (!full()) {
      const n = readSync(0, buf, 0, buf.length, null);
      if (n === 0) break;
      keep(Buffer.from(buf.subarray(0, n)));
    }
  } catch {
    // EAGAIN: nothing more for now.
  } finally {
    handle.setBlocking(true);
  }
}
