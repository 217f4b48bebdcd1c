import type { ServerOptions } from 'node:http';

/**
 * Timeouts of both of the collector's HTTP servers (/metrics and the OTLP receiver), so that a
 * client that sends its request slowly holds a connection equally briefly on either: headers
 * within `headersTimeoutMs` (10 s by default), the whole request within 30 s, idle keep-alive
 * connections closed after 5 s. Node checks these every `connectionsCheckingInterval`, so that
 * is kept short for the limits to hold within about a second.
 */
export function httpServerOptions(headersTimeoutMs: number): ServerOptions {
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: Math.max(30_000, headersTimeoutMs),
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
  };
}
