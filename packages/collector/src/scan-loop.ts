import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import {
  COLLECTOR_BACKLOG_AGE,
  COLLECTOR_BACKLOG_BYTES,
  COLLECTOR_SPOOL_FILES,
  COLLECTOR_SPOOL_SKIPPED_ENTRIES,
} from '@hookscope/catalog';
import {
  CheckpointError,
  CHECKPOINT_VERSION,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
import type { IngestStage } from './ingest-stage.js';
import type { MetricStore } from './metric-store.js';
import { CollectorConfigError, type ResolvedOptions } from './options.js';
import { SpoolReader } from './spool-reader.js';

/** Shortest gap between scans woken by writes (the poll interval still applies when idle). */
const SCAN_COALESCE_MS = 100;

/**
 * Reads the spool into the ingest stage: on a timer, and woken by writes (coalesced); each scan
 * that counted something ends with a checkpoint, saved before the files it consumed are removed.
 */
export class ScanLoop {
  private readonly reader: SpoolReader;
  private readonly checkpointPath: string;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastScanAt = 0;
  private wakeTimer: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly store: MetricStore,
    private readonly stage: IngestStage,
    closedFiles?: ReadonlySet<string>,
  ) {
    this.checkpointPath = join(options.stateDir, 'checkpoint.json');
    this.reader = new SpoolReader({
      dir: options.spoolDir,
      maxLineBytes: options.maxLineBytes,
      maxBytesPerScan: Math.max(8 * 1024 * 1024, options.maxLineBytes * 2),
      retainSeconds: options.retainSeconds,
      foreignIdleSeconds: options.foreignIdleSeconds,
      closedFiles,
    });
  }

  /** Continues from the saved checkpoint, if any: series, file offsets, cumulative OTLP state. */
  restore(): void {
    try {
      const saved = loadCheckpoint(this.checkpointPath);
      if (!saved) return;
      const dropped = this.store.restore(saved.store);
      if (dropped.length) {
        this.options.log(
          `the checkpoint holds series this version cannot continue (metrics removed, or their labels or buckets changed): ${dropped.join(', ')}; they start from zero`,
        );
      }
      this.reader.restore(saved.files);
      this.stage.otlp.restore(saved.otlp);
    } catch (err) {
      if (err instanceof CheckpointError) throw new CollectorConfigError(err.message);
      throw err;
    }
  }

  /** Scans on the poll interval, and as soon as a hook writes (the interval is the fallback). */
  start(): void {
    this.timer = setInterval(() => void this.scanNow(), this.options.pollIntervalMs);
    try {
      const watcher = watch(this.options.spoolDir, { persistent: false }, this.wake);
      watcher.on('error', () => watcher.close());
      this.watcher = watcher;
    } catch {
      this.watcher = undefined;
    }
  }

  /** Starts a scan unless one is running (then that one is returned). */
  scanNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.scan()
      .catch((err: unknown) => this.options.log(`spool scan failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Resolves when no scan is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  /**
   * Writes (a hook's, the receiver's) wake the scanner at most every SCAN_COALESCE_MS: each scan
   * ends with a checkpoint and its fsync, so a flood of writes must not become one of fsyncs.
   */
  readonly wake = (): void => {
    if (this.wakeTimer || this.stopped) return;
    const wait = Math.max(0, this.lastScanAt + SCAN_COALESCE_MS - Date.now());
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      void this.scanNow();
    }, wait);
  };

  /** No scan starts after this; a running one may finish (see settle). */
  halt(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.wakeTimer);
    this.watcher?.close();
  }

  /** Waits for a running scan, then saves the checkpoint a last time (logged if it cannot). */
  async settle(): Promise<void> {
    await this.running;
    try {
      this.saveCheckpoint();
    } catch (err) {
      this.options.log(`could not save the checkpoint: ${(err as Error).message}`);
    }
  }

  private async scan(): Promise<void> {
    const { store, reader } = this;
    this.lastScanAt = Date.now();
    const consumed = await reader.scan(this.stage);
    for (const [kind, n] of Object.entries(reader.skipped))
      store.set(COLLECTOR_SPOOL_SKIPPED_ENTRIES, { kind }, n);
    const backlog = reader.backlog;
    store.set(COLLECTOR_BACKLOG_BYTES, {}, backlog.bytes);
    store.set(
      COLLECTOR_BACKLOG_AGE,
      {},
      backlog.oldestMs === undefined ? 0 : Math.max(0, (Date.now() - backlog.oldestMs) / 1000),
    );
    store.set(COLLECTOR_SPOOL_FILES, {}, backlog.files);
    // Save what was counted before removing the files it came from: a crash in between
    // then leaves consumed files behind (skipped by offset), never lost spans.
    if (store.changed || consumed.length) this.saveCheckpoint();
    if (consumed.length) await reader.remove(consumed);
  }

  private saveCheckpoint(): void {
    saveCheckpoint(this.checkpointPath, {
      version: CHECKPOINT_VERSION,
      savedAt: new Date().toISOString(),
      store: this.store.snapshot(),
      files: this.reader.snapshot(),
      otlp: this.stage.otlp.snapshot(),
    });
  }
}
