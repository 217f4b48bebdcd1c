import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreSnapshot } from './metric-store.js';
import type { FileCursor } from './spool-reader.js';
import type { CumulativeSnapshot } from './cumulative.js';

export const CHECKPOINT_VERSION = 1;

/** Metrics and the spool offsets they reflect, saved together so a restart resumes exactly. */
export interface Checkpoint {
  version: typeof CHECKPOINT_VERSION;
  savedAt: string;
  store: StoreSnapshot;
  files: Record<string, FileCursor>;
  /** Last values of cumulative OTLP series, so that their next increase is exact. */
  otlp?: CumulativeSnapshot;
}

export class CheckpointError extends Error {}

export function loadCheckpoint(path: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(`cannot read checkpoint ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CheckpointError(
      `checkpoint ${path} is not valid JSON. Move it away to start counting from zero ` +
        `(spool files still present will be read again).`,
    );
  }
  const c = data as Partial<Checkpoint>;
  if (
    c.version !== CHECKPOINT_VERSION ||
    typeof c.store !== 'object' ||
    typeof c.files !== 'object'
  ) {
    throw new CheckpointError(
      `checkpoint ${path} has an unknown format (version ${String(c.version)}, expected ${CHECKPOINT_VERSION}). ` +
        `Move it away to start counting from zero.`,
    );
  }
  return c as Checkpoint;
}

/** Atomic replace: write a temporary file, fsync it, rename it over the old one, fsync the dir. */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(checkpoint), { mode: 0o600 });
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}
