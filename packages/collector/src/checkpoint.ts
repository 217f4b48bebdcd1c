import { readFileSync } from 'node:fs';
import { replaceFile } from '@hookscope/catalog';
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

/**
 * Atomic replace: a new temporary file (exclusive, unpredictable name, never through a symlink),
 * fsynced, renamed over the old one, the directory fsynced.
 */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  replaceFile(path, JSON.stringify(checkpoint), { durable: true });
}
