import { join } from 'node:path';
import { tempDir } from './paths.js';
import { startCollectorProcess, type CollectorProcess } from './processes.js';
import { startPrometheus, type PrometheusOptions, type PrometheusServer } from './prometheus.js';
import { waitFor } from './ports.js';
import { readSpool } from './spool.js';

/** A collector and a real Prometheus scraping it, with a spool of their own. */
export interface Pipeline {
  dir: string;
  spoolDir: string;
  /** Environment for hook processes: this spool, no inherited trace context or opt-outs. */
  env: NodeJS.ProcessEnv;
  collector: CollectorProcess;
  prom: PrometheusServer;
  /** Waits until Prometheus has scraped the ingestion of every span in the spool. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface PipelineOptions {
  /** How to run Prometheus once the collector is up (default: scrape it as job `hookscope`). */
  prometheus?: (collector: CollectorProcess, dir: string) => Promise<PrometheusOptions>;
  /** Collect host metrics too (default false: fewer series to scrape). */
  hostMetrics?: boolean;
}

/**
 * Starts the collector (keeping consumed spool files, so a test can compare with what hooks
 * wrote; no host metrics unless asked) and Prometheus, on loopback ports of their own.
 */
export async function startPipeline(opts: PipelineOptions = {}): Promise<Pipeline> {
  const tmp = tempDir();
  const spoolDir = join(tmp.dir, 'spool');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOOKSCOPE_SPOOL_DIR: spoolDir,
    HOOKSCOPE_TEST_SELECTION_DIR: join(tmp.dir, 'selections'),
  };
  for (const k of ['TRACEPARENT', 'TRACESTATE', 'HOOKSCOPE_DISABLED', 'OTEL_SDK_DISABLED']) {
    delete env[k];
  }
  let collector: CollectorProcess | undefined;
  let prom: PrometheusServer | undefined;
  const stop = async () => {
    await prom?.stop();
    await collector?.stop();
    tmp.cleanup();
  };
  try {
    collector = await startCollectorProcess([
      ...['--spool-dir', spoolDir, '--state-dir', join(tmp.dir, 'state')],
      ...['--retain', '3600', ...(opts.hostMetrics ? [] : ['--no-host-metrics'])],
    ]);
    prom = await startPrometheus(
      opts.prometheus
        ? await opts.prometheus(collector, tmp.dir)
        : { targets: [`127.0.0.1:${collector.port}`] },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const p = prom;
  return {
    dir: tmp.dir,
    spoolDir,
    env,
    collector,
    prom,
    stop,
    settle: async () => {
      const written = readSpool(spoolDir).length;
      await waitFor(
        `${written} spans ingested, as scraped by Prometheus`,
        async () =>
          (await p.scalar('hookscope_collector_spans_ingested_total{source="spool"}')) ===
            written && (await p.scalar('hookscope_collector_spool_backlog_bytes')) === 0
            ? true
            : undefined,
        45_000,
      );
    },
  };
}
