import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ReportError } from './errors.js';

/** One series of an instant query. */
export interface InstantSample {
  metric: Record<string, string>;
  value: number;
}

/** One series of a range query: [unix seconds, value] points. */
export interface RangeSeries {
  metric: Record<string, string>;
  points: [number, number][];
}

export interface PrometheusClientOptions {
  /** Per-request time limit (default 60 s). */
  timeoutMs?: number;
}

interface ApiBody {
  status?: string;
  error?: string;
  errorType?: string;
  data?: { resultType?: string; result?: unknown };
}

/**
 * The few calls of the Prometheus HTTP API the report needs. Queries go as POST form bodies (no
 * URL length limit for long PromQL). Every failure becomes a ReportError that says what to check.
 */
export class PrometheusClient {
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });
  /** Requests made and the time spent waiting for their answers (overlapping ones add up). */
  readonly stats = { requests: 0, waitMs: 0 };

  constructor(url: string, opts: PrometheusClientOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ReportError(
        `the Prometheus URL '${url}' is not a URL (e.g. http://127.0.0.1:9090)`,
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ReportError(`the Prometheus URL '${url}' must start with http:// or https://`);
    }
    this.url = url.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  async instant(expr: string, time: number): Promise<InstantSample[]> {
    const data = await this.call('/api/v1/query', { query: expr, time: String(time) }, expr);
    return asResult(data, 'vector', expr).map((r) => {
      const s = r as { metric: Record<string, string>; value: [number, string] };
      return { metric: s.metric, value: Number(s.value[1]) };
    });
  }

  async range(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
    const data = await this.call(
      '/api/v1/query_range',
      { query: expr, start: String(start), end: String(end), step: String(step) },
      expr,
    );
    return asResult(data, 'matrix', expr).map((r) => {
      const s = r as { metric: Record<string, string>; values: [number, string][] };
      return { metric: s.metric, points: s.values.map(([t, v]) => [t, Number(v)]) };
    });
  }

  /**
   * A GET of another API path (`/api/v1/alerts`, `/api/v1/targets`): its `data`, checked to be
   * an object or an array; the caller reads what it needs.
   */
  async get(path: string): Promise<unknown> {
    const data = await this.call(path, undefined, path);
    if (data === null || typeof data !== 'object') throw this.notPrometheus(`${path} has no data`);
    return data;
  }

  /** Metric names with data between start and end (block granularity: may include a little more). */
  async metricNames(start: number, end: number): Promise<string[]> {
    const q = new URLSearchParams({ start: String(start), end: String(end) });
    const data = await this.call(`/api/v1/label/__name__/values?${q}`, undefined, 'metric names');
    if (!Array.isArray(data)) throw this.notPrometheus('the metric name list is not an array');
    return data as string[];
  }

  private async call(
    path: string,
    form: Record<string, string> | undefined,
    what: string,
  ): Promise<unknown> {
    const res = await this.request(path, form ? new URLSearchParams(form).toString() : undefined);
    let body: ApiBody | undefined;
    try {
      body = JSON.parse(res.text) as ApiBody;
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || !('status' in body)) {
      throw this.notPrometheus(`HTTP ${res.status} from ${path} without a Prometheus API body`);
    }
    if (body.status !== 'success') {
      const why = `${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${res.status}`}`;
      throw new ReportError(
        `Prometheus at ${this.url} rejected a query (${why})\n  query: ${what}`,
      );
    }
    return body.data;
  }

  /**
   * One HTTP exchange over node:http with keep-alive (a report makes dozens of small requests;
   * fetch costs several times the CPU per request). Uncompressed: Prometheus is usually local,
   * and gzip would cost both sides more CPU than it saves.
   */
  private request(
    path: string,
    form: string | undefined,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(this.url + path);
    const t0 = performance.now();
    this.stats.requests++;
    const waited = () => (this.stats.waitMs += performance.now() - t0);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: form === undefined ? 'GET' : 'POST',
          agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          headers: {
            'accept-encoding': 'identity',
            ...(form === undefined
              ? {}
              : {
                  'content-type': 'application/x-www-form-urlencoded',
                  'content-length': Buffer.byteLength(form),
                }),
          },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            waited();
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (err) => reject(this.unreachable(err)));
        },
      );
      req.on('timeout', () => {
        waited();
        req.destroy();
        reject(
          new ReportError(
            `Prometheus at ${this.url} did not answer within ${Math.round(this.timeoutMs / 1000)} s; ` +
              'it may be overloaded or the window too long (try a shorter --window or a larger --timeout)',
            'unreachable',
          ),
        );
      });
      req.on('error', (err) => reject(this.unreachable(err)));
      req.end(form);
    });
  }

  /** Lets the process exit without waiting for idle keep-alive connections to time out. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private unreachable(err: unknown): ReportError {
    const e = err as NodeJS.ErrnoException;
    return new ReportError(
      `cannot reach Prometheus at ${this.url} (${e.code ?? e.message}); start it, or pass its ` +
        'address with --prometheus URL (or set prometheus.address in hookscope.config.yaml)',
      'unreachable',
    );
  }

  private notPrometheus(detail: string): ReportError {
    return new ReportError(
      `${this.url} does not answer like the Prometheus HTTP API (${detail}); is --prometheus the Prometheus server's base URL?`,
    );
  }
}

/** The base URL without trailing slashes; a ReportError when it is not an http(s) URL. */
export function checkPrometheusUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ReportError(`the Prometheus URL '${url}' is not a URL (e.g. http://127.0.0.1:9090)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ReportError(`the Prometheus URL '${url}' must start with http:// or https://`);
  }
  return url.replace(/\/+$/, '');
}

function asResult(data: unknown, type: 'vector' | 'matrix', expr: string): unknown[] {
  const d = data as ApiBody['data'];
  if (!d || d.resultType !== type || !Array.isArray(d.result)) {
    throw new ReportError(
      `Prometheus returned a ${d?.resultType ?? 'malformed'} result where a ${type} was expected\n  query: ${expr}`,
    );
  }
  return d.result;
}
