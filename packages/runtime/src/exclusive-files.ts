import { nodeBuiltin } from './node-builtins.js';

const fs = nodeBuiltin('node:fs');
const { dirname } = nodeBuiltin('node:path');

/**
 * Creating files the safe way, for every file the collector or a hook writes: created
 * exclusively (`O_CREAT|O_EXCL`, so an existing file or a planted symlink makes the open fail
 * instead of being written through), never following a symlink (`O_NOFOLLOW`), private (0600),
 * and temporary files under unpredictable names in the target's own directory.
 */
const { O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY, O_APPEND } = fs.constants;
const EXCLUSIVE = O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY;

/** Creates `path` (which must not exist) and returns its descriptor, open for (appending) writes. */
export function createExclusive(
  path: string,
  opts: { append?: boolean; mode?: number } = {},
): number {
  return fs.openSync(path, EXCLUSIVE | (opts.append ? O_APPEND : 0), opts.mode ?? 0o600);
}

/** 16 hex digits from the system's random source, for names nobody can guess ahead. */
export function unpredictableName(): string {
  return nodeBuiltin('node:crypto').randomBytes(8).toString('hex');
}

/**
 * Replaces `path` atomically with `data`: a new temporary file beside it (exclusive, random
 * name), optionally fsynced, renamed over `path` (a symlink at `path` is replaced, not followed),
 * then the directory fsynced when `durable`. The temporary file is removed on failure.
 */
export function replaceFile(path: string, data: string, opts: { durable?: boolean } = {}): void {
  const tmp = `${path}.${unpredictableName()}.tmp`;
  const fd = createExclusive(tmp);
  try {
    try {
      const buf = Buffer.from(data, 'utf8');
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
      if (opts.durable) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Never created or already renamed.
    }
    throw err;
  }
  if (!opts.durable) return;
  try {
    const dfd = fs.openSync(dirname(path), 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}
