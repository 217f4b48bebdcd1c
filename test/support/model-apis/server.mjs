// Loopback HTTP stand-ins for model APIs (JavaScript, so that benchmarks can use them too).
import { createServer } from 'node:http';

/**
 * @typedef {object} RecordedRequest One request a model stand-in received, as the agent sent it.
 * @property {string} method
 * @property {string} url Path and query, as sent (`/v1/messages?beta=true`).
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {unknown} body The body parsed as JSON, or its text when it is not JSON.
 */

/**
 * An HTTP server on 127.0.0.1 (a free port) that records every request before `reply` answers
 * it. A handler that throws answers 500 with the message, so a broken script shows up in the
 * agent's output instead of hanging it.
 * @param {(req: RecordedRequest, res: import('node:http').ServerResponse) => void} reply
 * @returns {Promise<{ url: string, requests: RecordedRequest[], close: () => Promise<void> }>}
 */
export async function startStandIn(reply) {
  /** @type {RecordedRequest[]} */
  const requests = [];
  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      /** @type {unknown} */
      let body = text;
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
        json(res, 500, { error: { message: `stand-in: ${String(err)}` } });
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/** Writes a JSON answer. */
export function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Writes server-sent events (`event:` line only when given) and ends the stream. */
export function sse(res, events) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) {
    res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${JSON.stringify(e.data)}\n\n`);
  }
  res.end();
}
