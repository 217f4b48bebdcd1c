import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { DEFAULT_TARGETS, startDashboard, type Dashboard } from '../src/index.js';

/** The live page's server on its own, against a Prometheus address where nothing listens. */

let board: Dashboard;
let deadPort: number;

beforeAll(async () => {
  deadPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  board = await startDashboard({
    targets: { ...DEFAULT_TARGETS, prometheusUrl: `http://127.0.0.1:${deadPort}` },
    refreshSeconds: 7,
  });
});
afterAll(() => board?.close());

/** A GET with a chosen Host header (fetch does not let a caller set it). */
function get(path: string, host = `127.0.0.1:${board.port}`) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: board.port, path, headers: { host } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the live page server', () => {
  it('listens on loopback and serves the page with a strict Content-Security-Policy', async () => {
    expect(board.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-refresh="7"');
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'none'; script-src 'self'/,
    );
    expect(page.body).not.toMatch(/<script>|\son\w+="/); // no inline script to allow
    expect((await get('/app.js')).status).toBe(200);
  });

  it('answers only requests addressed to a loopback name', async () => {
    expect((await get('/', `localhost:${board.port}`)).status).toBe(200);
    expect((await get('/', 'evil.example:80')).status).toBe(421);
    expect((await get('/api/view?window=1h', `evil.example:${board.port}`)).status).toBe(421);
  });

  it('refuses an unknown window and path, naming what is allowed', async () => {
    const bad = await get('/api/view?window=3d');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      error: "window must be one of 15m, 1h, 24h, 7d, got '3d'",
    });
    expect((await get('/nope')).status).toBe(404);
  });

  it('says Prometheus is down in the view, with what to do', async () => {
    const res = await get('/api/view?window=15m');
    expect(res.status).toBe(200);
    const view = JSON.parse(res.body) as {
      state: string;
      sections: { id: string; html: string }[];
    };
    expect(view.state).toBe('prometheus_down');
    expect(view.sections.map((s) => s.id)).toEqual(['state']);
    expect(view.sections[0]!.html).toContain(`http://127.0.0.1:${deadPort}`);
    expect(view.sections[0]!.html).toContain('npx hookscope up');
    expect(view.sections[0]!.html).toContain('every 7 s');
  });
});
