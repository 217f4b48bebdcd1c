// Random, truncated and corrupted bodies at every OTLP endpoint, in both encodings, plain and
// gzip: `hookscope collector` answers each with a 2xx or 4xx, counts every request, keeps
// reading its spool, and still serves good requests afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startCollectorProcess, type CollectorProcess } from '../../../test/support/processes.js';
import { tempDir } from '../../../test/support/paths.js';
import { hookRequest, protoSpanRequest } from '../../../test/support/otlp.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'claude-code');
const SEED = Number(process.env['HOOKSCOPE_FUZZ_SEED'] ?? 20251120);
const REQUESTS = 600;

/** mulberry32: a small seeded generator, so that a failure can be replayed with its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

function randomBytes(r: Rng, max: number): Buffer {
  const b = Buffer.alloc(r.int(max));
  for (let i = 0; i < b.length; i++) b[i] = r.int(256);
  return b;
}

/** A random JSON value, sometimes shaped like an OTLP request with the wrong types inside. */
function randomJson(r: Rng, depth = 0): unknown {
  const keys = [
    'resourceSpans',
    'resourceMetrics',
    'resourceLogs',
    'scopeSpans',
    'scopeMetrics',
    'scopeLogs',
    'spans',
    'metrics',
    'logRecords',
    'dataPoints',
    'sum',
    'attributes',
    'key',
    'value',
    'stringValue',
    'intValue',
    'asInt',
    'asDouble',
    'traceId',
    'spanId',
    'startTimeUnixNano',
    'endTimeUnixNano',
    'body',
    'eventName',
    'aggregationTemporality',
    'name',
  ];
  switch (depth > 5 ? r.int(4) : r.int(7)) {
    case 0:
      return r.int(2) ? r.int(1e6) : -r.next() * 1e308;
    case 1:
      return r.pick([
        '',
        'claude_code.api_request',
        'duration_ms',
        '1e309',
        'NaN',
        'x'.repeat(r.int(300)),
      ]);
    case 2:
      return r.pick([null, true, false]);
    case 3:
      return r.pick(['00000000000000000000000000000000', 'zz', '18446744073709551616', '-1']);
    case 4:
    case 5:
      return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: r.int(5) }, () => [r.pick(keys), randomJson(r, depth + 1)]),
      );
  }
}

/** Changes a few bytes of a copy. */
function flip(r: Rng, b: Buffer): Buffer {
  const c = Buffer.from(b);
  for (let n = 1 + r.int(8); n > 0 && c.length; n--) c[r.int(c.length)] = r.int(256);
  return c;
}

describe('OTLP receiver under random input', () => {
  let collector: CollectorProcess;
  let cleanup: () => void;

  beforeAll(async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    collector = await startCollectorProcess([
      '--spool-dir',
      join(tmp.dir, 'spool'),
      '--state-dir',
      join(tmp.dir, 'state'),
      '--no-host-metrics',
      '--otlp-max-body-bytes',
      String(256 * 1024),
    ]);
  });

  afterAll(async () => {
    await collector?.stop();
    cleanup?.();
  });

  it(`stays up and counts every request (seed ${SEED})`, async () => {
    const r = rng(SEED);
    const now = BigInt(Date.now()) * 1_000_000n;
    const valid: Record<'json' | 'protobuf', Buffer[]> = {
      json: [
        readFileSync(join(FIXTURES, 'events.json')),
        readFileSync(join(FIXTURES, 'metrics.json')),
        Buffer.from(hookRequest([{ event: 'Stop', name: 'fuzz', seconds: 1 }])),
      ],
      protobuf: [
        Buffer.from(
          protoSpanRequest([
            {
              name: 'fuzz',
              start: now - 1000n,
              end: now,
              attributes: { 'hookscope.kind': 'hook' },
            },
          ]),
        ),
      ],
    };
    const seen = new Map<number, number>();
    const unexpected: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const path = r.pick(['/v1/traces', '/v1/metrics', '/v1/logs']);
      const encoding = r.pick(['json', 'protobuf'] as const);
      const base = r.pick(valid[encoding]);
      const how = r.int(5);
      let body =
        how === 0
          ? randomBytes(r, 2048)
          : how === 1
            ? base.subarray(0, r.int(base.length))
            : how === 2
              ? flip(r, base)
              : how === 3 && encoding === 'json'
                ? Buffer.from(JSON.stringify(randomJson(r)))
                : base;
      const gzip = r.int(3) === 0;
      if (gzip)
        body =
          r.int(4) === 0 ? gzipSync(body).subarray(0, r.int(body.length + 20)) : gzipSync(body);
      const headers: Record<string, string> = {
        'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      };
      if (gzip) headers['content-encoding'] = 'gzip';
      const res = await fetch(collector.otlpUrl + path, { method: 'POST', headers, body });
      await res.arrayBuffer();
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      if (![200, 400, 413].includes(res.status)) unexpected.push(`${res.status} for request ${i}`);
    }
    expect(unexpected).toEqual([]);
    expect(seen.get(200)).toBeGreaterThan(50);
    expect(seen.get(400)).toBeGreaterThan(50);

    // Still up, every request counted by status, and the spool (accepted garbage included) read.
    expect(collector.child.exitCode).toBeNull();
    const text = await (await fetch(collector.metricsUrl)).text();
    const counted = new Map<number, number>();
    for (const line of text.split('\n')) {
      const m = /^hookscope_collector_otlp_requests_total\{.*code="(\d+)"\} (\d+)/.exec(line);
      if (m) counted.set(Number(m[1]), (counted.get(Number(m[1])) ?? 0) + Number(m[2]));
    }
    for (const [code, n] of seen) expect(counted.get(code), `requests answered ${code}`).toBe(n);
    expect(collector.output()).not.toMatch(/internal error|spool scan failed|could not be read/);

    const after = await fetch(collector.otlpUrl + '/v1/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: hookRequest([{ event: 'Stop', name: 'after-fuzz', seconds: 1 }]),
    });
    expect(after.status).toBe(200);
    let count: number | undefined;
    for (let tries = 0; tries < 50 && count !== 1; tries++) {
      await new Promise((res) => setTimeout(res, 200));
      const t = await (await fetch(collector.metricsUrl)).text();
      const line = t
        .split('\n')
        .find((l) =>
          l.startsWith(
            'hookscope_hook_duration_seconds_count{hook_event="Stop",hook_name="after-fuzz"',
          ),
        );
      count = line ? Number(line.split(' ').pop()) : undefined;
    }
    expect(count).toBe(1);
  });
});
