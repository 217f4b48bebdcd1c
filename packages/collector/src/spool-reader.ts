import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SKIPPED_ENTRY_KINDS, type SkippedEntryKind } from '@hookscope/catalog';
import {
  parseSpoolFileName,
  sanitizeFileNameComponent,
  SPOOL_FILE_SUFFIX,
} from '@hookscope/runtime';

export const REJECT_REASONS = ['invalid_json', 'not_otlp', 'truncated', 'oversized'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** What the reader remembers of one file; saved in the checkpoint. */
export interface FileCursor {
  ino: number;
  /** Bytes consumed: everything before this offset has been counted. */
  offset: number;
  /** Inside an oversized line: bytes up to the next newline are skipped. */
  skipping?: boolean;
}

export interface SpoolReaderOptions {
  dir: string;
  /** Longest line accepted; longer ones are skipped and counted as `oversized`. */
  maxLineBytes: number;
  /** Bytes read per scan at most, across files, so one scan's memory stays bounded. */
  maxBytesPerScan: number;
  /** Consumed files are kept this long after their last write before removal. */
  retainSeconds: number;
  /**
   * For files whose writer cannot be checked (another host or writer): seconds without a write
   * after which the file counts as finished (a partial last line is then `truncated`).
   */
  foreignIdleSeconds: number;
  /** Files of this process that will not grow any more (the OTLP receiver's rotated files). */
  closedFiles?: ReadonlySet<string>;
}

export interface ScanHandlers {
  line(text: string, file: string): void;
  reject(reason: RejectReason, file: string, detail: string): void;
  /** An entry named like a spool file that is not a readable regular file (called every scan). */
  skip?(kind: SkippedEntryKind, file: string, detail: string): void;
}

/** Opens spool files for reading without following a symlink or waiting on a fifo. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function entryKind(st: Stats): SkippedEntryKind | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

export interface Backlog {
  bytes: number;
  /** Epoch ms of the oldest file with unconsumed data, if any. */
  oldestMs: number | undefined;
  files: number;
}

/**
 * Tails every `*.jsonl` file of the spool directory: new files and appends are read from the
 * saved offset, complete lines are handed over, and a file is removed once it is consumed and its
 * writer has finished. Offsets only advance past lines that were handed over, and the caller
 * saves them with the metrics those lines produced, so a restart resumes exactly.
 */
export class SpoolReader {
  private cursors = new Map<string, FileCursor>();
  /** This host as writers here put it in file names. */
  private readonly host = sanitizeFileNameComponent(hostname());
  backlog: Backlog = { bytes: 0, oldestMs: undefined, files: 0 };
  /** Entries skipped at the last scan, by kind. */
  skipped = zeroSkipped();

  constructor(private readonly opts: SpoolReaderOptions) {}

  restore(cursors: Record<string, FileCursor>): void {
    this.cursors = new Map(Object.entries(cursors));
  }

  snapshot(): Record<string, FileCursor> {
    return Object.fromEntries(this.cursors);
  }

  /**
   * Reads what is new. Returns the files that are fully consumed and finished: the caller removes
   * them with `remove()` after it has saved the checkpoint that covers them.
   */
  async scan(handlers: ScanHandlers): Promise<string[]> {
    let names: string[];
    try {
      names = (await readdir(this.opts.dir)).filter((n) => n.endsWith(SPOOL_FILE_SUFFIX));
    } catch (err) {
      handlers.skip?.(
        'unreadable',
        '.',
        `cannot list the spool directory: ${(err as Error).message}`,
      );
      names = [];
    }
    const present = new Set(names);
    for (const name of this.cursors.keys()) if (!present.has(name)) this.cursors.delete(name);

    let budget = this.opts.maxBytesPerScan;
    const finishedFiles: string[] = [];
    const backlog: Backlog = { bytes: 0, oldestMs: undefined, files: 0 };
    const skipped = zeroSkipped();
    const skip = (kind: SkippedEntryKind, name: string, detail: string) => {
      skipped[kind]++;
      handlers.skip?.(kind, name, detail);
    };
    const now = Date.now();
    names.sort(); // oldest writers first: names start with pid and time, a stable order
    for (const name of names) {
      const path = join(this.opts.dir, name);
      // Asked before the stat: a writer that had finished then cannot have appended after it,
      // so "finished and read to the stat's size" means nothing is left (no lost tail).
      const writer = this.writerState(name);
      let st;
      try {
        // Not stat: a symlink is skipped, never followed out of the spool directory.
        st = await lstat(path);
      } catch {
        continue; // removed meanwhile
      }
      const kind = entryKind(st);
      if (kind) {
        skip(kind, name, `a ${kind}, not a file`);
        continue;
      }
      backlog.files++;
      let cursor = this.cursors.get(name);
      if (!cursor || cursor.ino !== st.ino || st.size < cursor.offset) {
        cursor = { ino: st.ino, offset: 0 };
        this.cursors.set(name, cursor);
      }
      let stalled = false;
      if (st.size > cursor.offset && budget > 0) {
        const r = await this.readFile(path, name, cursor, st.size, budget, handlers);
        if (r.unreadable) {
          skip(r.unreadable.kind, name, r.unreadable.detail);
          continue;
        }
        budget -= r.bytes;
        stalled = r.stalledAtTail;
      }
      const finished =
        writer === 'finished' ||
        (writer === 'unknown' && now - st.mtimeMs >= this.opts.foreignIdleSeconds * 1000);
      if (finished && (stalled || (cursor.skipping && cursor.offset === st.size))) {
        // What follows the last newline of a finished file is a line cut short by a crash.
        handlers.reject(
          cursor.skipping ? 'oversized' : 'truncated',
          name,
          `${st.size - cursor.offset} bytes without a newline at the end`,
        );
        cursor.offset = st.size;
        cursor.skipping = false;
      }
      const unconsumed = st.size - cursor.offset;
      if (unconsumed > 0) {
        backlog.bytes += unconsumed;
        const born = st.birthtimeMs || st.mtimeMs;
        if (backlog.oldestMs === undefined || born < backlog.oldestMs) backlog.oldestMs = born;
      } else if (finished && now - st.mtimeMs >= this.opts.retainSeconds * 1000) {
        finishedFiles.push(name);
      }
    }
    this.backlog = backlog;
    this.skipped = skipped;
    return finishedFiles;
  }

  /** Removes consumed files (after the checkpoint covering them is saved). */
  async remove(names: string[]): Promise<void> {
    for (const name of names) {
      try {
        await unlink(join(this.opts.dir, name));
      } catch {
        // Already gone, or not ours to remove: it is consumed either way.
      }
      this.cursors.delete(name);
    }
  }

  /**
   * Whether more may be appended to a file: `finished` (its writer is gone or closed it),
   * `writing`, or `unknown` for writers this host cannot check (then idle time decides).
   */
  private writerState(name: string): 'finished' | 'writing' | 'unknown' {
    const writer = parseSpoolFileName(name);
    if (!writer || writer.host !== this.host) return 'unknown';
    if (writer.pid === process.pid) {
      return this.opts.closedFiles?.has(name) ? 'finished' : 'writing';
    }
    try {
      process.kill(writer.pid, 0);
      return 'writing'; // alive (a reused pid only delays removal, it never loses data)
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH' ? 'finished' : 'writing';
    }
  }

  /** Reads complete lines from `cursor.offset`; returns the bytes read. */
  private async readFile(
    path: string,
    name: string,
    cursor: FileCursor,
    size: number,
    budget: number,
    handlers: ScanHandlers,
  ): Promise<{
    bytes: number;
    stalledAtTail: boolean;
    unreadable?: { kind: SkippedEntryKind; detail: string };
  }> {
    let fh;
    try {
      fh = await open(path, READ_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { bytes: 0, stalledAtTail: false }; // removed meanwhile
      const kind = code === 'ELOOP' ? 'symlink' : 'unreadable';
      return {
        bytes: 0,
        stalledAtTail: false,
        unreadable: { kind, detail: `cannot open: ${code}` },
      };
    }
    // Replaced by something else since the lstat: checked on what was actually opened.
    const kind = entryKind(await fh.stat());
    if (kind) {
      await fh.close();
      return {
        bytes: 0,
        stalledAtTail: false,
        unreadable: { kind, detail: `a ${kind}, not a file` },
      };
    }
    let total = 0;
    let stalledAtTail = false;
    try {
      const chunkSize = Math.min(budget, size - cursor.offset, this.opts.maxLineBytes + 1);
      const buf = Buffer.allocUnsafe(chunkSize);
      while (cursor.offset < size && total < budget) {
        const want = Math.min(chunkSize, size - cursor.offset, budget - total);
        const { bytesRead } = await fh.read(buf, 0, want, cursor.offset);
        if (bytesRead === 0) break;
        total += bytesRead;
        let start = 0;
        let consumed = 0;
        for (
          let nl = buf.indexOf(10, 0);
          nl !== -1 && nl < bytesRead;
          nl = buf.indexOf(10, start)
        ) {
          if (cursor.skipping) {
            cursor.skipping = false;
            handlers.reject(
              'oversized',
              name,
              `a line longer than ${this.opts.maxLineBytes} bytes`,
            );
          } else if (nl > start) {
            if (nl - start > this.opts.maxLineBytes) {
              handlers.reject('oversized', name, `a line of ${nl - start} bytes`);
            } else {
              handlers.line(buf.toString('utf8', start, nl), name);
            }
          }
          start = nl + 1;
          consumed = start;
        }
        if (consumed === 0) {
          if (cursor.skipping || bytesRead > this.opts.maxLineBytes) {
            // No newline within a whole line's worth of bytes: skip up to the next newline.
            cursor.skipping = true;
            consumed = bytesRead;
          } else {
            // A partial line: the writer has not finished it (or never will, see scan()).
            stalledAtTail = cursor.offset + bytesRead === size;
            break;
          }
        }
        cursor.offset += consumed;
      }
    } catch (err) {
      // A read error (I/O, a file system that refuses): skipped like any unreadable entry.
      const detail = `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      return { bytes: total, stalledAtTail: false, unreadable: { kind: 'unreadable', detail } };
    } finally {
      await fh.close();
    }
    return { bytes: total, stalledAtTail };
  }
}

function zeroSkipped(): Record<SkippedEntryKind, number> {
  return Object.fromEntries(SKIPPED_ENTRY_KINDS.map((k) => [k, 0])) as Record<
    SkippedEntryKind,
    number
  >;
}
