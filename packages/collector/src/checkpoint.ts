import { readFileSync } from 'node:fs';
import { replaceFile } from '@hookscope/runtime';
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
    typeof c !== 'object' ||
    c === null ||
    c.version !== CHECKPOINT_VERSION ||
    typeof c.store !== 'object' ||
    typeof c.files !== 'object'
  ) {
    throw new CheckpointError(
      `checkpoint ${path} has an unknown format (version ${String(c?.version)}, expected ${CHECKPOINT_VERSION}). ` +
        `Move it away to start counting from zero.`,
    );
  }
  const problem = checkpointProblem(c);
  if (problem) {
    throw new CheckpointError(
      `checkpoint ${path} is damaged: ${problem}. Move it away to start counting from zero ` +
        `(spool files still present will be read again).`,
    );
  }
  return c as Checkpoint;
}

/**
 * What is wrong with a checkpoint's entries, naming the first bad one, or undefined. Every
 * number must be finite (a metric value that is not would make /metrics unparseable for good),
 * counts and offsets whole and non-negative, and a histogram's buckets add up to its count.
 */
function checkpointProblem(c: Partial<Checkpoint>): string | undefined {
  const isFiniteNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 60) ?? String(v);
  const store = c.store as Partial<StoreSnapshot> | null;
  if (!store || !isFiniteNum(store.startMs))
    return `store.startMs is ${show(store?.startMs)}, not a time`;
  if (!isPlainObject(store.metrics)) return 'store.metrics is not an object';
  for (const [name, list] of Object.entries(store.metrics)) {
    const at = `store.metrics[${JSON.stringify(name)}]`;
    if (!Array.isArray(list)) return `${at} is not a list`;
    for (const [i, e] of (list as unknown[]).entries()) {
      const entry = e as Partial<StoreSnapshot['metrics'][string][number]> | null;
      const here = `${at}[${i}]`;
      if (!isPlainObject(entry)) return `${here} is not an object`;
      if (!Array.isArray(entry.labels) || !entry.labels.every((l) => typeof l === 'string'))
        return `${here}.labels is not a list of strings`;
      if (!isFiniteNum(entry.value) || entry.value < 0)
        return `${here}.value is ${show(entry.value)}, not a finite number >= 0`;
      if (!isCount(entry.count)) return `${here}.count is ${show(entry.count)}, not a count`;
      if (entry.buckets !== undefined) {
        if (!Array.isArray(entry.buckets) || !entry.buckets.every(isCount))
          return `${here}.buckets is not a list of counts`;
        const total = entry.buckets.reduce((a, b) => a + b, 0);
        if (total !== entry.count)
          return `${here}.buckets add up to ${total}, but its count is ${entry.count}`;
      }
    }
  }
  for (const [name, cursor] of Object.entries(c.files!)) {
    const here = `files[${JSON.stringify(name)}]`;
    const f = cursor as Partial<FileCursor> | null;
    if (!isPlainObject(f)) return `${here} is not an object`;
    if (!isFiniteNum(f.ino) || f.ino < 0)
      return `${here}.ino is ${show(f.ino)}, not an inode number`;
    if (!isCount(f.offset)) return `${here}.offset is ${show(f.offset)}, not a byte offset`;
    if (f.skipping !== undefined && typeof f.skipping !== 'boolean')
      return `${here}.skipping is ${show(f.skipping)}, not true or false`;
  }
  if (c.otlp !== undefined) {
    const otlp = c.otlp as Partial<CumulativeSnapshot> | null;
    if (!isPlainObject(otlp) || !isPlainObject(otlp.streams))
      return 'otlp.streams is not an object';
    for (const [key, st] of Object.entries(otlp.streams)) {
      const s = st as unknown[];
      if (
        !Array.isArray(s) ||
        s.length !== 3 ||
        typeof s[0] !== 'string' ||
        !isFiniteNum(s[1]) ||
        !isFiniteNum(s[2])
      )
        return `otlp.streams[${JSON.stringify(key)}] is ${show(s)}, not [start, value, time]`;
    }
    if (
      otlp.evicted !== undefined &&
      (!Array.isArray(otlp.evicted) || !otlp.evicted.every(isCount))
    )
      return 'otlp.evicted is not a list of fingerprints';
    if (otlp.saturated !== undefined && typeof otlp.saturated !== 'boolean')
      return 'otlp.saturated is not true or false';
  }
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Atomic replace: a new temporary file (exclusive, unpredictable name, never through a symlink),
 * fsynced, renamed over the old one, the directory fsynced.
 */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  replaceFile(path, JSON.stringify(checkpoint), { durable: true });
}
