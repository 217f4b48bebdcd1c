import { createExclusive } from './exclusive-files.js';
import { nodeBuiltin } from './node-builtins.js';
import { spoolFileName } from './spool-file-name.js';

const { closeSync, mkdirSync, writeSync } = nodeBuiltin('node:fs');
const { hostname } = nodeBuiltin('node:os');
const { join } = nodeBuiltin('node:path');

/**
 * Appends export requests to this process's own spool file, synchronously, one `write(2)` per
 * line so a line is either complete or (after a crash mid-write) truncated, never interleaved.
 * The file is created on first use; errors are counted, never thrown.
 */
export class SpoolWriter {
  private fd: number | undefined;
  private path: string | undefined;
  linesWritten = 0;
  bytesWritten = 0;
  writeErrors = 0;
  lastError: string | undefined;

  /** `tag` starts the random part of the file name (the collector's receiver uses one). */
  constructor(
    private readonly dir: string,
    private readonly tag = '',
  ) {}

  get file(): string | undefined {
    return this.path;
  }

  /** Returns false when the line could not be written. */
  write(line: string): boolean {
    try {
      if (this.fd === undefined) this.open();
      const buf = Buffer.from(line + '\n', 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(this.fd!, buf, off, buf.length - off);
      this.linesWritten++;
      this.bytesWritten += buf.length;
      return true;
    } catch (err) {
      this.writeErrors++;
      this.lastError = err instanceof Error ? err.message : String(err);
      this.close();
      return false;
    }
  }

  /**
   * Creates the file now rather than at the first write (so that its cost falls where it is
   * timed, e.g. in `initTelemetry`). Returns false when it cannot; the first write tries again.
   */
  prepare(): boolean {
    try {
      if (this.fd === undefined) this.open();
      return true;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      return false;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed or the disk went away: nothing left to lose.
    }
    this.fd = undefined;
  }

  /**
   * Creates a new file of this process, exclusively and never through a symlink (a name taken
   * already, by a planted file or link, is retried with another random part). The name's
   * components are sanitised by spoolFileName (see the rule there).
   */
  private open(): void {
    for (let attempt = 0; ; attempt++) {
      const random = this.tag + ((Math.random() * 0x100000000) >>> 0).toString(36);
      this.path = join(this.dir, spoolFileName(process.pid, hostname(), Date.now(), random));
      try {
        this.fd = createExclusive(this.path, { append: true });
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && attempt === 0) {
          // The directory exists on every run but the first: create it only when missing.
          mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        } else if (code !== 'EEXIST' || attempt >= 4) {
          throw err;
        }
      }
    }
  }
}
