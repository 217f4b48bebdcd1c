import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a model stand-in received, as the agent sent it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent (`/v1/messages?beta=true`). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON, or its text when it is not JSON. */
  body: unknown;
}

export interface StandInServer {
  /** Base URL on loopback (`http://127.0.0.1:PORT`), no trailing slash. */
  url: string;
  /** Every request received, in order of arrival. */
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

/** Answers one request: `reply` is called once the whole body has been read and recorded. */
export type StandInHandler = (req: RecordedRequest, res: ServerResponse) => void;

/**
 * An HTTP server on 127.0.0.1 (a free port) that records every request before `reply` answers
 * it. A handler that throws answers 500 with the message, so a broken script shows up in the
 * agent's output instead of hanging it.
 */
export async function startStandIn(reply: StandInHandler): Promise<StandInServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // kept as text
      }
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      try {
        reply(recorded, res);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `stand-in: ${String(err)}` } }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON answer. */
export function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Writes server-sent events (`event:` line only when given) and ends the stream. */
export function sse(res: ServerResponse, events: { event?: string; data: unknown }[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) {
    res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${JSON.stringify(e.data)}\n\n`);
  }
  res.end();
}
