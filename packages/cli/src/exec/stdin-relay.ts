import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';

/**
 * Gives the hook the stdin it would have had without hookscope, while keeping a copy of the
 * first bytes to read a Claude Code payload from. The child gets the same kind of stdin:
 *
 * - a terminal, /dev/null or anything else that is not data: inherited as is (nothing to read);
 * - a regular file: inherited (same open file, same offset); its first bytes are read with
 *   pread at the current offset, which moves nothing;
 * - a socket (what Node- and Bun-based agents such as Claude Code pass): relayed through a new
 *   socket pair;
 * - a pipe (shells, git): relayed through a new pipe, so `[ -p /dev/stdin ]` and
 *   `cat /dev/stdin` behave as before (neither works on a socket).
 *
 * The relay passes every byte on unchanged and in order, with backpressure; when the hook stops
 * reading (closes its stdin), the wrapper closes its own so the writer sees the same EPIPE.
 */
export const MAX_SNIFF_BYTES = 256 * 1024;

export type StdinSpec = 'inherit' | 'pipe' | number;

export interface StdinRelay {
  /** What to pass as the child's stdio[0]. */
  spec: StdinSpec;
  /** Starts relaying once the child exists (`childStdin` is its stdin stream for `pipe`). */
  start(childStdin: Writable | null): void;
  /** The first bytes of stdin seen so far (at most MAX_SNIFF_BYTES), as text. */
  prefix(): string;
  /** Stops relaying (the child is gone). */
  stop(): void;
}

const INHERIT: StdinRelay = {
  spec: 'inherit',
  start: () => {},
  prefix: () => '',
  stop: () => {},
};

export function prepareStdin(sniff: boolean): StdinRelay {
  if (!sniff) return INHERIT;
  let stat;
  try {
    stat = fstatSync(0);
  } catch {
    return INHERIT;
  }
  if (stat.isFile()) return filePeek();
  if (stat.isSocket()) return relay('pipe');
  if (stat.isFIFO()) {
    const fifo = makeFifo();
    return fifo ? relay(fifo.readFd, fifo.writeFd) : INHERIT;
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

/** A named pipe opened at both ends and already unlinked: a pipe(2) that Node cannot make. */
function makeFifo(): { readFd: number; writeFd: number } | undefined {
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'hookscope-stdin-'));
    const path = join(dir, 'fifo');
    if (spawnSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' }).status !== 0)
      return undefined;
    // Opening the reading end non-blocking lets the writing end open at once; the child then
    // gets its own blocking reading end, as a shell would give it.
    const probe = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    const readFd = openSync(path, constants.O_RDONLY);
    closeSync(probe);
    return { readFd, writeFd };
  } catch {
    return undefined;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function relay(spec: 'pipe' | number, writeFd?: number): StdinRelay {
  const chunks: Buffer[] = [];
  let kept = 0;
  let sniffing = true;
  let source: NodeJS.ReadStream | undefined;
  let sink: Writable | undefined;
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
    spec: typeof spec === 'number' ? spec : 'pipe',
    start(childStdin) {
      if (typeof spec === 'number') {
        closeSync(spec); // the child has its own copy of the reading end
        sink = new Socket({ fd: writeFd!, readable: false, writable: true });
      } else if (childStdin) {
        sink = childStdin;
      }
      if (!sink) return;
      const out = sink;
      source = process.stdin;
      out.on('error', () => source?.destroy()); // the hook closed its stdin: so do we
      out.on('drain', () => source?.resume());
      source.on('data', (chunk: Buffer) => {
        keep(chunk);
        if (!out.write(chunk)) source?.pause();
      });
      source.on('end', () => out.end());
      source.on('error', () => out.end());
    },
    prefix: () => Buffer.concat(chunks).toString('utf8'),
    stop() {
      source?.destroy();
      sink?.destroy();
    },
  };
}
