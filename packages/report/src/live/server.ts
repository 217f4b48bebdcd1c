import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReportError } from '../errors.js';
import type { ReportTargets } from '../targets.js';
import { CONTENT_SECURITY_POLICY, livePage, PAGE_SCRIPT } from './page.js';
import { buildView, WINDOWS, type DashboardView, type LiveWindow } from './view.js';

export interface DashboardOptions {
  /** The report's targets; prometheusUrl is the Prometheus everything is read from. */
  targets: ReportTargets;
  /** Alertmanager's base URL (default: the one Prometheus sends its alerts to). */
  alertmanagerUrl?: string;
  /** Where to listen (default 127.0.0.1, port 0: any free port). */
  host?: string;
  port?: number;
  /** Seconds between the page's refreshes (default 5). */
  refreshSeconds?: number;
  /** The window the page opens with (default 1h). */
  window?: LiveWindow;
  baseline?: string;
  /** Time limit per Prometheus or Alertmanager request (default 30 s). */
  timeoutMs?: number;
}

export interface Dashboard {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_REFRESH_SECONDS = 5;

/**
 * Serves the live page until closed. Views are shared: requests for the same window within a
 * second (several tabs, a refresh racing a window change) get the one being built, so a page
 * left open costs Prometheus one report per refresh however many tabs show it.
 */
export async function startDashboard(o: DashboardOptions): Promise<Dashboard> {
  const refreshSeconds = o.refreshSeconds ?? DEFAULT_REFRESH_SECONDS;
  const host = o.host ?? '127.0.0.1';
  const source = {
    targets: o.targets,
    alertmanagerUrl: o.alertmanagerUrl,
    baseline: o.baseline,
    refreshSeconds,
    timeoutMs: o.timeoutMs ?? 30_000,
  };
  const recent = new Map<LiveWindow, { at: number; view: Promise<DashboardView> }>();
  const view = (w: LiveWindow) => {
    const hit = recent.get(w);
    if (hit && Date.now() - hit.at < 1000) return hit.view;
    const entry = { at: Date.now(), view: buildView(source, w) };
    // Reuse only while being built and a moment after; a failed one is not kept.
    entry.view.then(
      () => (entry.at = Date.now()),
      () => recent.delete(w),
    );
    recent.set(w, entry);
    return entry.view;
  };
  const page = livePage({
    prometheus: o.targets.prometheusUrl.replace(/\/+$/, ''),
    refreshSeconds,
    window: o.window ?? '1h',
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const message =
        err instanceof ReportError ? err.message : `internal error: ${(err as Error).message}`;
      if (!(err instanceof ReportError))
        process.stderr.write(`hookscope dashboard: ${String((err as Error).stack ?? err)}\n`);
      send(res, 500, 'application/json', JSON.stringify({ error: message }));
    });
  });
  let port = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req.headers.host, host, port)) {
      return send(res, 421, 'text/plain', 'unexpected Host header\n');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'text/plain', 'method not allowed\n');
    }
    const url = new URL(req.url ?? '/', 'http://dashboard');
    switch (url.pathname) {
      case '/':
        return send(res, 200, 'text/html; charset=utf-8', page);
      case '/app.js':
        return send(res, 200, 'text/javascript; charset=utf-8', PAGE_SCRIPT);
      case '/-/healthy':
        return send(res, 200, 'text/plain', 'ok\n');
      case '/api/view': {
        const w = url.searchParams.get('window') ?? o.window ?? '1h';
        if (!(WINDOWS as readonly string[]).includes(w)) {
          return send(
            res,
            400,
            'application/json',
            JSON.stringify({ error: `window must be one of ${WINDOWS.join(', ')}, got '${w}'` }),
          );
        }
        return send(res, 200, 'application/json', JSON.stringify(await view(w as LiveWindow)));
      }
      default:
        return send(res, 404, 'text/plain', 'not found\n');
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: o.port ?? 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    host,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i;

/**
 * On a loopback address, only requests that name a loopback host: a web page elsewhere cannot
 * rebind its own name to 127.0.0.1 and read this page's data through the visitor's browser.
 */
function hostAllowed(header: string | undefined, host: string, port: number): boolean {
  if (!LOOPBACK_HOST.test(host)) return true;
  if (!header) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header);
  return !!m && LOOPBACK_HOST.test(m[1]!) && (m[2] === undefined || Number(m[2]) === port);
}
