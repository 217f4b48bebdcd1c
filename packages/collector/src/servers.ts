import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import hostMetricsPkg from '@opentelemetry/instrumentation-host-metrics';
import {
  COLLECTOR_OTLP_REQUESTS,
  HOST_METRICS,
  HOOKSCOPE_VERSION,
  OTLP_SIGNALS,
  type OtlpSignal,
} from '@hookscope/catalog';
import { AGENT_EVENT_ATTRIBUTES } from './derivers/agent-telemetry.js';
import { CLAUDE_CODE_EVENT_ATTRIBUTES } from './derivers/claude-code-events.js';
import { httpServerOptions } from './http-timeouts.js';
import type { MetricStore } from './metric-store.js';
import { CollectorConfigError, isLoopbackHost, type ResolvedOptions } from './options.js';
import { decodeTraceRequest } from './otlp-json-decode.js';
import { decodeLogsRequest, minimizeLogsRequest } from './otlp-logs.js';
import { decodeMetricsRequest } from './otlp-metrics.js';
import { startOtlpReceiver, type AcceptResult } from './otlp-receiver.js';
import type { ReceiverSpool, ExportRequest } from './receiver-spool.js';

/** Every log attribute a deriver reads: all the receiver spools of a log record. */
const KEPT_LOG_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...CLAUDE_CODE_EVENT_ATTRIBUTES,
  ...AGENT_EVENT_ATTRIBUTES,
]);

/** The /metrics server: the store and, when enabled, host metrics, in Prometheus' format. */
export interface MetricsServer {
  readonly port: number;
  readonly url: string;
  /** Closes the server once its requests are answered, then shuts the meter provider down. */
  close(): Promise<void>;
  /** Closes the server and its connections at once (a start that failed half-way). */
  abort(): Promise<void>;
}

/** Serves the store (and host metrics) on /metrics, health on /healthz and /-/healthy. */
export async function startMetricsServer(
  options: ResolvedOptions,
  store: MetricStore,
): Promise<MetricsServer> {
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
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${formatHost(options.host)}:${port}/metrics`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await meterProvider.shutdown().catch(() => undefined);
    },
    abort: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await meterProvider.shutdown().catch(() => undefined);
    },
  };
}

/**
 * Starts the OTLP/HTTP receiver. A request is acknowledged only once it is in the spool (written
 * synchronously): the spool reader then ingests it like a hook's spans, so an acknowledged span
 * survives a crash and is counted once, when it is read back. Validation here only decides the
 * answer (400, or a partial success with the count of rejected items).
 */
export async function startReceiver(
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

export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
