import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { COLLECTOR_BUILD_INFO, HOOKSCOPE_VERSION, METRICS } from '@hookscope/catalog';
import { IngestStage } from './ingest-stage.js';
import { acquireLock } from './lock.js';
import { MetricStore, withOptInLabels } from './metric-store.js';
import {
  CollectorConfigError,
  resolveOptions,
  type CollectorOptions,
  type ResolvedOptions,
} from './options.js';
import { ReceiverSpool } from './receiver-spool.js';
import { ScanLoop } from './scan-loop.js';
import { formatHost, startMetricsServer, startReceiver } from './servers.js';

export { SPAN_SOURCES, type SpanSource } from './ingest-stage.js';

export interface Collector {
  /** Where /metrics is served (with the port actually bound). */
  readonly metricsUrl: string;
  readonly port: number;
  /** Base URL of the OTLP/HTTP receiver (`.../v1/traces` etc.), when it runs. */
  readonly otlpUrl: string | undefined;
  readonly otlpPort: number | undefined;
  readonly options: ResolvedOptions;
  /** Reads the spool now (the collector also does this on its own). */
  scanNow(): Promise<void>;
  /** Stops scanning, saves the checkpoint, closes the server. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the collector: restores the checkpoint, serves /metrics, and tails the spool.
 * Throws CollectorConfigError (with the setting to fix) when it cannot start.
 */
export async function startCollector(opts: CollectorOptions = {}): Promise<Collector> {
  const options = resolveOptions(opts);
  let releaseLock: () => void;
  try {
    releaseLock = acquireLock(join(options.stateDir, 'collector.lock'));
  } catch (err) {
    throw new CollectorConfigError((err as Error).message);
  }

  try {
    const store = new MetricStore(options.claudeCodeIdLabels ? withOptInLabels(METRICS) : METRICS);
    const stage = new IngestStage(store, options);
    const receiverSpool = options.otlp
      ? new ReceiverSpool(options.spoolDir, options.maxLineBytes)
      : undefined;
    const loop = new ScanLoop(options, store, stage, receiverSpool?.closedFiles);
    loop.restore();
    store.set(
      COLLECTOR_BUILD_INFO,
      { version: HOOKSCOPE_VERSION, nodejs_version: process.version },
      1,
    );
    stage.initSeries(options.otlp);

    const metrics = await startMetricsServer(options, store);
    await loop.scanNow();
    let receiver: Server | undefined;
    try {
      if (receiverSpool) receiver = await startReceiver(options, store, receiverSpool, loop.wake);
    } catch (err) {
      // Nothing may keep the process alive after a failed start: close what is open.
      await metrics.abort();
      throw err;
    }
    const otlpPort = receiver ? (receiver.address() as AddressInfo).port : undefined;
    loop.start();

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        loop.halt();
        if (receiver) {
          // Requests in progress may finish (they are spooled, so the next start counts them).
          const closed = new Promise<void>((resolve) => receiver.close(() => resolve()));
          await Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]);
          receiver.closeAllConnections();
          receiverSpool!.close();
        }
        await loop.settle();
        await metrics.close();
        releaseLock();
      })();
      return stopping;
    };

    return {
      metricsUrl: metrics.url,
      port: metrics.port,
      otlpUrl:
        otlpPort === undefined ? undefined : `http://${formatHost(options.otlpHost)}:${otlpPort}`,
      otlpPort,
      options,
      scanNow: async () => {
        await loop.idle();
        await loop.scanNow();
      },
      stop,
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}
