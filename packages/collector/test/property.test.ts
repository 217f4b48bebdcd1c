// Property-based tests (fast-check) of everything the collector decodes: spool lines, OTLP/JSON
// and protobuf bodies, the checkpoint, and the config file. The invariants, whatever the input:
// nothing throws past its decoder, /metrics passes `promtool check metrics`, valid input around
// the bad is counted exactly, and the same holds after a restart. Each property runs a fixed
// number of cases, and stops early past a time limit (a slow machine runs fewer, never longer);
// HOOKSCOPE_FUZZ_SEED replays a failure (fast-check prints the seed and the shrunk case).
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { METRICS } from '@hookscope/catalog';
import { ConfigError, parseConfig, renderDefaultConfig } from '@hookscope/config';
import { CheckpointError, loadCheckpoint } from '../src/checkpoint.js';
import { MetricStore } from '../src/metric-store.js';
import { decodeTraceRequest } from '../src/otlp-json-decode.js';
import { decodeLogsRequest } from '../src/otlp-logs.js';
import { decodeMetricsRequest } from '../src/otlp-metrics.js';
import { decodeProtobufRequest } from '../src/otlp-proto.js';
import type { Collector } from '../src/index.js';
import { collectorFixture, sample } from '../../../test/support/collector.js';
import {
  appendRaw,
  deadPid,
  hookRequest,
  protoSpanRequest,
  spoolFile,
} from '../../../test/support/otlp.js';
import { startCollectorProcess } from '../../../test/support/processes.js';
import { promtoolProblems } from '../../../test/support/promtool.js';

const SEED = Number(process.env['HOOKSCOPE_FUZZ_SEED'] ?? 20261202);
/** Per property: the cases run, and the time after which the rest are skipped. */
const RUN = (numRuns: number) => ({ seed: SEED, numRuns, interruptAfterTimeLimit: 15_000 });
/**
 * Peak resident memory of a collector taking the fuzzed OTLP traffic (documented in
 * docs/architecture.md): Node itself, the store at its series caps, and at most 16 request
 * bodies of the 4 MiB limit in flight.
 */
const MEMORY_BOUND_BYTES = 384 * 1024 * 1024;

const { start, stop, dir, cleanup } = collectorFixture();
afterAll(cleanup);

/** A counter's value in /metrics text, 0 before its first increment. */
const count = (text: string, series: string) => sample(text, series) ?? 0;
const GOOD =
  'hookscope_hook_duration_seconds_count{hook_event="Stop",hook_name="good",tool="unknown",outcome="success",agent="unknown"}';
const goodLine = (seconds: number) => hookRequest([{ event: 'Stop', name: 'good', seconds }]);

/** Hostile numbers as JSON text (JSON.parse turns 1e999 into Infinity). */
const hostileNumber = fc.constantFrom(
  '1e308',
  '1e999',
  '-1e999',
  '-1',
  '1e-320',
  '9007199254740993',
  '0',
  '"NaN"',
  '"1e999"',
);

/** A hook span request whose attributes and times carry hostile values (never named "good"). */
const hostileSpanLine = fc
  .record({
    cpu: hostileNumber,
    rss: hostileNumber,
    start: fc.constantFrom('0', '1', '18446744073709551615', '99999999999999999999', '"x"'),
    end: fc.constantFrom('18446744073709551615', '1', '1763679700000000000', '-5'),
  })
  .map(
    ({ cpu, rss, start, end }) =>
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0123456789abcdef0123456789abcdef","spanId":"0123456789abcdef","name":"h","startTimeUnixNano":${start.startsWith('"') ? start : `"${start}"`},"endTimeUnixNano":"${end}","attributes":[{"key":"hookscope.kind","value":{"stringValue":"hook"}},{"key":"hookscope.hook.event","value":{"stringValue":"Stop"}},{"key":"hookscope.hook.name","value":{"stringValue":"hostile"}},{"key":"hookscope.hook.cpu.user","value":{"doubleValue":${cpu}}},{"key":"hookscope.hook.max_rss","value":{"intValue":${rss}}}]}]}]}]}`,
  );

/** A Claude Code counter request with a hostile value, delta or cumulative. */
const hostileCounterLine = fc
  .record({ v: hostileNumber, t: fc.constantFrom(1, 2, 0, 7) })
  .map(
    ({ v, t }) =>
      `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"claude_code.commit.count","sum":{"aggregationTemporality":${t},"dataPoints":[{"asDouble":${v},"startTimeUnixNano":"1"}]}}]}]}]}`,
  );

/** A valid line cut, spliced or with bytes replaced (renamed first, so it is never "good"). */
const mutatedLine = fc
  .record({ at: fc.nat(), len: fc.nat({ max: 40 }), insert: fc.string({ maxLength: 20 }) })
  .map(({ at, len, insert }) => {
    const line = hookRequest([{ event: 'Stop', name: 'mutated', seconds: 1 }]);
    const i = at % line.length;
    return line.slice(0, i) + insert + line.slice(i + len);
  });

const deepLine = fc
  .nat({ max: 5000 })
  .map((n) => `{"resourceSpans":[${'['.repeat(n)}"x"${']'.repeat(n)}]}`);

const badLine = fc
  .oneof(
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 6 }),
    hostileSpanLine,
    hostileCounterLine,
    mutatedLine,
    deepLine,
  )
  .map((l) => l.replace(/\n/g, ' '));

const spoolItems = fc.array(
  fc.oneof(
    fc.double({ min: 0, max: 100, noNaN: true }).map((s) => ({ good: s })),
    badLine.map((bad) => ({ bad })),
  ),
  { maxLength: 30 },
);

describe('spool lines', () => {
  it('valid lines around bad ones are counted exactly; /metrics parses, also after a restart', async () => {
    const { c, base } = await start();
    let collector: Collector = c;
    let expected = 0;
    await fc.assert(
      fc.asyncProperty(spoolItems, async (items) => {
        const text = items.map((i) => ('good' in i ? goodLine(i.good) : i.bad)).join('\n') + '\n';
        appendRaw(spoolFile(collector.options.spoolDir, deadPid()), text);
        expected += items.filter((i) => 'good' in i).length;
        await collector.scanNow();
        const metrics = await (await fetch(collector.metricsUrl)).text();
        expect(promtoolProblems(metrics)).toBe('');
        expect(count(metrics, GOOD)).toBe(expected);
      }),
      RUN(25),
    );
    await stop(collector);
    collector = (await start({}, base)).c;
    const metrics = await (await fetch(collector.metricsUrl)).text();
    expect(promtoolProblems(metrics)).toBe('');
    expect(count(metrics, GOOD)).toBe(expected);
  });
});

describe('OTLP decoders', () => {
  it('every decoder answers any JSON value with a result, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 8 }), fc.anything({ maxDepth: 6 })), (v) => {
        for (const decode of [decodeTraceRequest, decodeMetricsRequest, decodeLogsRequest]) {
          const r = decode(v);
          expect(typeof r.ok).toBe('boolean');
        }
      }),
      RUN(2000),
    );
  });

  it('the protobuf decoder answers any bytes with a request or an Error', () => {
    const valid = Buffer.from(
      protoSpanRequest([{ name: 'x', start: 1n, end: 2n, attributes: { a: 'b' } }]),
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 512 }),
      fc
        .record({ at: fc.nat(), b: fc.integer({ min: 0, max: 255 }), cut: fc.nat() })
        .map(({ at, b, cut }) => {
          const m = Buffer.from(valid);
          m[at % m.length] = b;
          return m.subarray(0, Math.max(1, m.length - (cut % 8)));
        }),
    );
    fc.assert(
      fc.property(
        bytes,
        fc.constantFrom('traces', 'metrics', 'logs') as fc.Arbitrary<'traces'>,
        (b, signal) => {
          try {
            const r = decodeProtobufRequest(signal, Buffer.from(b));
            expect(typeof r).toBe('object');
          } catch (err) {
            expect(err).toBeInstanceOf(Error);
          }
        },
      ),
      RUN(3000),
    );
  });
});

describe('OTLP receiver', () => {
  it('answers any body in either encoding with 2xx or 4xx, counts good requests around it exactly, stays within its memory bound, and survives a restart', async () => {
    const base = dir();
    const args = [
      '--spool-dir',
      join(base, 'spool'),
      '--state-dir',
      join(base, 'state'),
      '--no-host-metrics',
    ];
    let proc = await startCollectorProcess(args);
    const valid = Buffer.from(
      protoSpanRequest([
        { name: 'p', start: 1n, end: 2n, attributes: { 'hookscope.kind': 'hook' } },
      ]),
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
      fc.json({ maxDepth: 8 }).map((j) => Buffer.from(j)),
      badLine.map((l) => Buffer.from(l)),
      deepLine.map((l) => Buffer.from(l.replace('"x"', '"x\\n"'))),
      fc.nat().map((at) => {
        const m = Buffer.from(valid);
        m[at % m.length] ^= 0xff;
        return m;
      }),
    );
    const request = fc.record({
      body,
      path: fc.constantFrom('/v1/traces', '/v1/metrics', '/v1/logs'),
      type: fc.constantFrom('application/json', 'application/x-protobuf'),
      gzip: fc.boolean(),
    });
    let good = 0;
    const post = (path: string, type: string, b: Buffer, gzip = false) =>
      fetch(`${proc.otlpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': type, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
        body: gzip ? gzipSync(b) : b,
      });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const res = await post(r.path, r.type, r.body, r.gzip);
        await res.arrayBuffer();
        expect(res.status === 200 || (res.status >= 400 && res.status < 500)).toBe(true);
        const ok = await post('/v1/traces', 'application/json', Buffer.from(goodLine(0.1)));
        expect(ok.status).toBe(200);
        await ok.arrayBuffer();
        good++;
      }),
      RUN(100),
    );
    const settled = async () => {
      for (let i = 0; ; i++) {
        const text = await (await fetch(proc.metricsUrl)).text();
        if (count(text, GOOD) === good || i > 100) return text;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    let text = await settled();
    expect(promtoolProblems(text)).toBe('');
    expect(count(text, GOOD)).toBe(good);
    expect(
      count(
        text,
        'hookscope_collector_otlp_requests_total{signal="traces",encoding="json",code="500"}',
      ),
    ).toBe(0);
    const peak =
      Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.child.pid}/status`, 'utf8'))![1]) *
      1024;
    expect(peak).toBeLessThan(MEMORY_BOUND_BYTES);
    await proc.stop('SIGKILL');
    proc = await startCollectorProcess(args);
    try {
      text = await settled();
      expect(promtoolProblems(text)).toBe('');
      expect(count(text, GOOD)).toBe(good);
    } finally {
      await proc.stop('SIGTERM');
    }
  });
});

describe('checkpoint', () => {
  it('a damaged checkpoint is refused with CheckpointError, or restores to a /metrics that parses', async () => {
    const { c, base } = await start();
    appendRaw(spoolFile(c.options.spoolDir, deadPid()), goodLine(1) + '\n' + goodLine(50) + '\n');
    await c.scanNow();
    await stop(c);
    const path = join(base, 'state', 'checkpoint.json');
    const saved = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, at: (string | number)[]) => {
      paths.push(at);
      if (typeof v === 'object' && v !== null)
        for (const [k, child] of Object.entries(v))
          walk(child, [...at, Array.isArray(v) ? Number(k) : k]);
    };
    walk(saved, []);
    const replacement = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(null, -1, 1e308, 1.5, '', 'abc', [], {}, [1, 2, 3]),
      fc.constant(undefined),
    );
    const serializer = new PrometheusSerializer(undefined, true);
    fc.assert(
      fc.property(fc.nat({ max: paths.length - 1 }), replacement, (i, value) => {
        const cp = structuredClone(saved) as Record<string | number, unknown>;
        const at = paths[i]!;
        if (at.length === 0) return;
        let parent = cp as Record<string | number, unknown>;
        for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
        if (value === undefined) delete parent[at.at(-1)!];
        else parent[at.at(-1)!] = value;
        writeFileSync(path, JSON.stringify(cp));
        let loaded;
        try {
          loaded = loadCheckpoint(path);
        } catch (err) {
          expect(err).toBeInstanceOf(CheckpointError);
          return;
        }
        const store = new MetricStore(METRICS);
        store.restore(loaded!.store);
        const text = serializer.serialize({
          resource: { attributes: {} } as never,
          scopeMetrics: [{ scope: { name: 'x' }, metrics: store.metricData() }],
        });
        expect(text).not.toMatch(/ (null|NaN|undefined)$/m);
        expect(promtoolProblems(text)).toBe('');
      }),
      RUN(60),
    );
  });
});

describe('config file', () => {
  it('any text is a config or a ConfigError naming where it is wrong, never another exception', () => {
    const defaults = renderDefaultConfig();
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 4 }),
      fc
        .record({ at: fc.nat(), len: fc.nat({ max: 30 }), insert: fc.string({ maxLength: 30 }) })
        .map(({ at, len, insert }) => {
          const i = at % defaults.length;
          return defaults.slice(0, i) + insert + defaults.slice(i + len);
        }),
      fc.nat({ max: 1000 }).map((n) => 'a: ' + '['.repeat(n) + ']'.repeat(n)),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          parseConfig(t, 'fuzz.yaml');
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as Error).message).toContain('fuzz.yaml');
        }
      }),
      RUN(150),
    );
  });
});
