import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import hostMetricsPkg from '@opentelemetry/instrumentation-host-metrics';
import {
  COLLECTOR_BACKLOG_AGE,
  COLLECTOR_BACKLOG_BYTES,
  COLLECTOR_BUILD_INFO,
  COLLECTOR_INGEST_LAG,
  COLLECTOR_LINES_REJECTED,
  COLLECTOR_SPANS_INGESTED,
  COLLECTOR_SPANS_REJECTED,
  COLLECTOR_SPOOL_FILES,
  COLLECTOR_SPOOL_SKIPPED_ENTRIES,
  COLLECTOR_OTLP_REQUESTS,
  HOST_METRICS,
  isReceiverSpoolFile,
  METRICS,
  OTLP_SIGNALS,
  type OtlpSignal,
  HOOKSCOPE_VERSION,
} from '@hookscope/catalog';
import {
  CheckpointError,
  CHECKPOINT_VERSION,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
import { CLAUDE_CODE_EVENT_ATTRIBUTES } from './derivers/claude-code-events.js';
import { AGENT_EVENT_ATTRIBUTES } from './derivers/agent-telemetry.js';
import { deriveSpan } from './derivers/index.js';
import { acquireLock } from './lock.js';
import { MetricStore, withOptInLabels } from './metric-store.js';
import {
  CollectorConfigError,
  isLoopbackHost,
  resolveOptions,
  type CollectorOptions,
  type ResolvedOptions,
} from './options.js';
import { httpServerOptions } from './http-timeouts.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.js';
import { decodeTraceRequest, OTLP_JSON_LAYOUT, type IngestSpan } from './otlp-json-decode.js';
import { OtlpIngest } from './otlp-ingest.js';
import { decodeLogsRequest, minimizeLogsRequest } from './otlp-logs.js';
import { decodeMetricsRequest } from './otlp-metrics.js';
import { startOtlpReceiver, type AcceptResult } from './otlp-receiver.js';
import { ReceiverSpool, type ExportRequest } from './receiver-spool.js';
import { REJECT_REASONS, SpoolReader, type RejectReason } from './spool-reader.js';

/** Every log attribute a deriver reads: all the receiver spools of a log record. */
const KEPT_LOG_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...CLAUDE_CODE_EVENT_ATTRIBUTES,
  ...AGENT_EVENT_ATTRIBUTES,
]);

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

export const SPAN_SOURCES = ['spool', 'otlp'] as const;

/** Shortest gap between scans woken by writes (the poll interval still applies when idle). */
const SCAN_COALESCE_MS = 100;
export type SpanSource = (typeof SPAN_SOURCES)[number];

/**
 * Starts the collector: restores the checkpoint, serves /metrics, and tails the spool.
 * Throws CollectorConfigError (with the setting to fix) when it cannot start.
 */
export async function startCollector(opts: CollectorOptions = {}): Promise<Collector> {
  const options = resolveOptions(opts);
  const { log } = options;
  const checkpointPath = join(options.stateDir, 'checkpoint.json');
  let releaseLock: () => void;
  try {
    releaseLock = acquireLock(join(options.stateDir, 'collector.lock'));
  } catch (err) {
    throw new CollectorConfigError((err as Error).message);
  }

  try {
    const store = new MetricStore(options.claudeCodeIdLabels ? withOptInLabels(METRICS) : METRICS);
    const otlpIngest = new OtlpIngest(
      store,
      options.claudeCodeIdLabels,
      options.maxCumulativeSeries,
    );
    const receiverSpool = options.otlp
      ? new ReceiverSpool(options.spoolDir, options.maxLineBytes)
      : undefined;
    const reader = new SpoolReader({
      dir: options.spoolDir,
      maxLineBytes: options.maxLineBytes,
      maxBytesPerScan: Math.max(8 * 1024 * 1024, options.maxLineBytes * 2),
      retainSeconds: options.retainSeconds,
      foreignIdleSeconds: options.foreignIdleSeconds,
      closedFiles: receiverSpool?.closedFiles,
    });
    try {
      const saved = loadCheckpoint(checkpointPath);
      if (saved) {
        const dropped = store.restore(saved.store);
        if (dropped.length) {
          log(
            `the checkpoint holds series this version cannot continue (metrics removed, or their labels or buckets changed): ${dropped.join(', ')}; they start from zero`,
          );
        }
        reader.restore(saved.files);
        otlpIngest.restore(saved.otlp);
      }
    } catch (err) {
      if (err instanceof CheckpointError) throw new CollectorConfigError(err.message);
      throw err;
    }
    store.set(
      COLLECTOR_BUILD_INFO,
      { version: HOOKSCOPE_VERSION, nodejs_version: process.version },
      1,
    );
    // Known series start at zero, so that rate() sees their first increment.
    for (const reason of REJECT_REASONS) store.add(COLLECTOR_LINES_REJECTED, { reason }, 0);
    for (const source of SPAN_SOURCES) store.add(COLLECTOR_SPANS_INGESTED, { source }, 0);
    if (options.otlp) otlpIngest.initSeries();

    const exporter = new PrometheusExporter({
      preventServerStart: true,
      metricProducers: [store],
      withoutScopeInfo: true,
    });
    const meterProvider = new MeterProvider({
      resource: resourceFromAttributes({
        'service.name': 'hookscope-collector',
        'service.version': HOOKSCOPE_VERSION,
      }),
      readers: [exporter],
      views: HOST_METRICS.map((m) => ({
        instrumentName: m.instrument!,
        name: m.name,
        description: m.help,
      })),
    });
    if (options.hostMetrics) {
      const hostMetrics = new hostMetricsPkg.HostMetricsInstrumentation({});
      hostMetrics.setMeterProvider(meterProvider);
      hostMetrics.enable();
    }

    const server = await listen(options, (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
      } else if (path === '/metrics') {
        exporter.getMetricsRequestHandler(req, res);
      } else if (path === '/healthz' || path === '/-/healthy') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      }
    });
    const port = (server.address() as { port: number }).port;

    // Rejections are logged once per file and reason, so a bad file cannot flood the log.
    const logged = new Set<string>();
    const reject = (reason: RejectReason, file: string, detail: string) => {
      store.add(COLLECTOR_LINES_REJECTED, { reason });
      const key = `${file}\u0000${reason}`;
      if (!logged.has(key)) {
        if (logged.size > 10_000) logged.clear();
        logged.add(key);
        log(
          `skipped a spool line in ${file}: ${reason.replace('_', ' ')} (${detail}); further ${reason} lines of this file are counted, not logged`,
        );
      }
    };
    const ingest = (spans: IngestSpan[], source: SpanSource) => {
      const now = Date.now();
      for (const span of spans) {
        deriveSpan(span, store);
        store.observe(COLLECTOR_INGEST_LAG, { source }, Math.max(0, (now - span.endMs) / 1000));
      }
      store.add(COLLECTOR_SPANS_INGESTED, { source }, spans.length);
    };

    const saveState = () => {
      saveCheckpoint(checkpointPath, {
        version: CHECKPOINT_VERSION,
        savedAt: new Date().toISOString(),
        store: store.snapshot(),
        files: reader.snapshot(),
        otlp: otlpIngest.snapshot(),
      });
    };

    const ingestLine = (text: string, file: string): void => {
      if (jsonTooDeep(text))
        return reject('not_otlp', file, `nested deeper than ${MAX_JSON_DEPTH} levels`);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return reject('invalid_json', file, 'not valid JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return reject('not_otlp', file, 'not a JSON object');
      }
      if (!(OTLP_JSON_LAYOUT.traces.resources in body)) {
        // Metrics and logs requests: the OTLP receiver spools them too.
        const other = otlpIngest.ingest(body as Record<string, unknown>);
        return other.ok ? undefined : reject('not_otlp', file, other.detail);
      }
      const result = decodeTraceRequest(body);
      if (!result.ok) return reject('not_otlp', file, result.detail);
      if (result.rejectedSpans)
        store.add(COLLECTOR_SPANS_REJECTED, { reason: 'invalid_span' }, result.rejectedSpans);
      ingest(result.spans, isReceiverSpoolFile(file) ? 'otlp' : 'spool');
    };

    let running: Promise<void> | undefined;
    let stopped = false;
    let lastScanAt = 0;
    const scan = async () => {
      lastScanAt = Date.now();
      const consumed = await reader.scan({
        line: (text, file) => {
          try {
            ingestLine(text, file);
          } catch (err) {
            // A line that trips a decoder or deriver is skipped, never retried forever.
            reject('not_otlp', file, `could not be read: ${(err as Error).message}`);
          }
        },
        reject,
        skip: (kind, file, detail) => {
          const key = `${file}\u0000${kind}`;
          if (logged.has(key)) return;
          if (logged.size > 10_000) logged.clear();
          logged.add(key);
          log(
            `skipped spool entry ${file}: ${detail}; spool files must be regular files, remove or rename it (counted in ${COLLECTOR_SPOOL_SKIPPED_ENTRIES.name})`,
          );
        },
      });
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
      if (store.changed || consumed.length) saveState();
      if (consumed.length) await reader.remove(consumed);
    };
    const scanNow = (): Promise<void> => {
      if (stopped) return Promise.resolve();
      if (!running) {
        running = scan()
          .catch((err: unknown) => log(`spool scan failed: ${(err as Error).message}`))
          .finally(() => {
            running = undefined;
          });
      }
      return running;
    };

    // Writes (a hook's, the receiver's) wake the scanner at most every SCAN_COALESCE_MS: each scan
    // ends with a checkpoint and its fsync, so a flood of writes must not become one of fsyncs.
    let wakeTimer: NodeJS.Timeout | undefined;
    const wake = () => {
      if (wakeTimer || stopped) return;
      const wait = Math.max(0, lastScanAt + SCAN_COALESCE_MS - Date.now());
      wakeTimer = setTimeout(() => {
        wakeTimer = undefined;
        void scanNow();
      }, wait);
    };

    await scanNow();
    let receiver: Server | undefined;
    try {
      if (receiverSpool) receiver = await startReceiver(options, store, receiverSpool, wake);
    } catch (err) {
      // Nothing may keep the process alive after a failed start: close what is open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await meterProvider.shutdown().catch(() => undefined);
      throw err;
    }
    const otlpPort = receiver ? (receiver.address() as AddressInfo).port : undefined;
    const timer = setInterval(() => void scanNow(), options.pollIntervalMs);
    let watcher: FSWatcher | undefined;
    try {
      // Wake up as soon as a hook writes; the interval remains the fallback.
      watcher = watch(options.spoolDir, { persistent: false }, wake);
      watcher.on('error', () => watcher?.close());
    } catch {
      watcher = undefined;
    }

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        stopped = true;
        clearInterval(timer);
        clearTimeout(wakeTimer);
        watcher?.close();
        if (receiver) {
          // Requests in progress may finish (they are spooled, so the next start counts them).
          const closed = new Promise<void>((resolve) => receiver.close(() => resolve()));
          await Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]);
          receiver.closeAllConnections();
          receiverSpool!.close();
        }
        await running;
        try {
          saveState();
        } catch (err) {
          log(`could not save the checkpoint: ${(err as Error).message}`);
        }
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await meterProvider.shutdown().catch(() => undefined);
        releaseLock();
      })();
      return stopping;
    };

    return {
      metricsUrl: `http://${formatHost(options.host)}:${port}/metrics`,
      port,
      otlpUrl:
        otlpPort === undefined ? undefined : `http://${formatHost(options.otlpHost)}:${otlpPort}`,
      otlpPort,
      options,
      scanNow: async () => {
        await running;
        await scanNow();
      },
      stop,
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/**
 * Starts the OTLP/HTTP receiver. A request is acknowledged only once it is in the spool (written
 * synchronously): the spool reader then ingests it like a hook's spans, so an acknowledged span
 * survives a crash and is counted once, when it is read back. Validation here only decides the
 * answer (400, or a partial success with the count of rejected items).
 */
async function startReceiver(
  options: ResolvedOptions,
  store: MetricStore,
  spool: ReceiverSpool,
  wake: () => void,
): Promise<Server> {
  const { log } = options;
  if (!isLoopbackHost(options.otlpHost)) {
    log(
      `warning: the OTLP receiver listens on ${options.otlpHost}, reachable from other machines; anyone who can connect can write telemetry`,
    );
  }
  for (const signal of OTLP_SIGNALS) {
    for (const encoding of ['json', 'protobuf'] as const)
      store.add(COLLECTOR_OTLP_REQUESTS, { signal, encoding, code: 200 }, 0);
  }
  const logged = new Set<string>();
  try {
    return await startOtlpReceiver(
      {
        host: options.otlpHost,
        port: options.otlpPort,
        maxBodyBytes: options.otlpMaxBodyBytes,
        maxInflightBytes: 16 * options.otlpMaxBodyBytes,
        headersTimeoutMs: options.httpHeadersTimeoutMs,
      },
      {
        accept: (signal, request, json) => {
          const checked = validate(signal, request);
          if (!checked.ok || checked.items === 0) return checked; // nothing to keep
          const error =
            signal === 'logs'
              ? spool.append(minimizeLogsRequest(request, KEPT_LOG_ATTRIBUTES))
              : spool.append(request, json);
          if (error) {
            log(`OTLP ${signal} request not accepted: ${error}`);
            return { ok: false, status: error.includes('line limit') ? 413 : 503, message: error };
          }
          wake();
          return checked;
        },
        answered: (signal, encoding, code) =>
          store.add(COLLECTOR_OTLP_REQUESTS, { signal, encoding, code }),
        clientError: (signal, code, message) => {
          const key = `${signal} ${code}`;
          if (logged.has(key)) return;
          if (logged.size > 1000) logged.clear();
          logged.add(key);
          log(
            `OTLP ${signal} request refused with ${code}: ${message}; further ${code} answers are counted, not logged`,
          );
        },
      },
    );
  } catch (err) {
    throw listenError(
      err as NodeJS.ErrnoException,
      `${options.otlpHost}:${options.otlpPort}`,
      '--otlp-port, HOOKSCOPE_OTLP_PORT',
      '--otlp-host, HOOKSCOPE_OTLP_HOST',
      4318,
    );
  }
}

/** Structure check of a decoded request, with the partial-success count of rejected items. */
function validate(signal: OtlpSignal, request: ExportRequest): AcceptResult & { items?: number } {
  const decoded =
    signal === 'traces'
      ? decodeTraceRequest(request)
      : signal === 'metrics'
        ? decodeMetricsRequest(request)
        : decodeLogsRequest(request);
  if (!decoded.ok)
    return {
      ok: false,
      status: 400,
      message: `not an OTLP ${signal} export request: ${decoded.detail}`,
    };
  const [rejected, valid] =
    'spans' in decoded
      ? [decoded.rejectedSpans, decoded.spans.length]
      : 'points' in decoded
        ? [decoded.rejected, decoded.points.length]
        : [decoded.rejected, decoded.records.length];
  const what = { traces: 'spans', metrics: 'data points', logs: 'log records' }[signal];
  return {
    ok: true,
    rejected,
    items: valid + rejected,
    message: rejected
      ? `${rejected} ${what} rejected: missing or invalid ids, names, times or values`
      : '',
  };
}

function listen(
  options: ResolvedOptions,
  handler: Parameters<typeof createServer>[1],
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(httpServerOptions(options.httpHeadersTimeoutMs), handler);
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        listenError(
          err,
          `${options.host}:${options.port}`,
          '--port, HOOKSCOPE_COLLECTOR_PORT',
          '--host, HOOKSCOPE_COLLECTOR_HOST',
          9464,
        ),
      );
    });
    server.listen(options.port, options.host, () => resolve(server));
  });
}

/** Why a server could not listen, naming the settings to change. */
function listenError(
  err: NodeJS.ErrnoException,
  where: string,
  portSetting: string,
  hostSetting: string,
  defaultPort: number,
): CollectorConfigError {
  if (err.code === 'EADDRINUSE') {
    return new CollectorConfigError(
      `port ${where} is already in use (${portSetting}). Stop the process using it (is another collector running?) or choose another port.`,
    );
  } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
    return new CollectorConfigError(
      `cannot listen on ${where}: the address is not on this machine (${hostSetting}).`,
    );
  } else if (err.code === 'EACCES') {
    return new CollectorConfigError(
      `not allowed to listen on ${where} (${portSetting}): ports below 1024 need privileges; use ${defaultPort}.`,
    );
  }
  return new CollectorConfigError(`cannot listen on ${where}: ${err.message}`);
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
