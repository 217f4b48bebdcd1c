// The collector's OTLP/HTTP receiver on loopback: requests/s and spans/s it
// acknowledges (each request spooled before its 200) for batches of 1 and 512 spans, in JSON and
// protobuf as the OpenTelemetry JS exporters encode them, how long ingestion into metrics takes
// to catch up, and the collector's resident memory. One client process (this one) keeps a few
// requests in flight on keep-alive connections; the collector runs as `hookscope collector`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { fmt, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const HOOKSCOPE_BIN = join(here, '..', 'packages', 'cli', 'dist', 'main.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);
const CASES = [
  { batch: 1, encoding: 'json' },
  { batch: 1, encoding: 'protobuf' },
  { batch: 512, encoding: 'json' },
  { batch: 512, encoding: 'protobuf' },
];

export default async function otlp() {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-otlp-'));
  const collector = await startCollector(dir);
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  try {
    const idleRss = rss(collector.pid).current;
    const rows = [];
    let acknowledged = 0; // spans answered 200 so far, all to be ingested
    for (const c of CASES) {
      process.stderr.write(`otlp: batch ${c.batch}, ${c.encoding}\n`);
      const body = encode(c.batch, c.encoding);
      const post = () => send(agent, collector.otlpUrl, body, c.encoding);
      acknowledged += (await countWhile(post, 1)).requests * c.batch; // warm-up
      await waitIngested(collector.metricsUrl, acknowledged);
      const peak = { rss: 0 };
      const sampler = setInterval(
        () => (peak.rss = Math.max(peak.rss, rss(collector.pid).current)),
        100,
      );
      const t0 = performance.now();
      const run = await countWhile(post, SECONDS);
      const acked = performance.now();
      const spans = run.requests * c.batch;
      acknowledged += spans;
      await waitIngested(collector.metricsUrl, acknowledged);
      const drained = performance.now();
      clearInterval(sampler);
      peak.rss = Math.max(peak.rss, rss(collector.pid).current);
      const ackSeconds = (acked - t0) / 1000;
      rows.push({
        ...c,
        bytes: body.length,
        reqPerS: run.requests / ackSeconds,
        spansPerS: spans / ackSeconds,
        ingestedPerS: spans / ((drained - t0) / 1000),
        p50: quantile(run.latencies, 0.5),
        p95: quantile(run.latencies, 0.95),
        peakRss: peak.rss,
        errors: run.errors,
      });
    }
    const hwm = rss(collector.pid).peak;
    const first = rows[0].spansPerS;
    return [
      `### OTLP/HTTP receiver on loopback (${SECONDS} s per row, ${IN_FLIGHT} requests in flight, one client process)`,
      '',
      'Acknowledged: requests answered 200 (each written to the spool first). Ingested: spans/s from',
      'the first request until /metrics counted every span of the row. Bodies are what the',
      'OpenTelemetry JS exporters send (JsonTraceSerializer, ProtobufTraceSerializer) for hook spans.',
      '',
      table(
        [
          'batch',
          'encoding',
          'body bytes',
          'requests/s',
          'spans/s acknowledged',
          'spans/s ingested',
          'ratio to batch 1 json',
          'p50 ms',
          'p95 ms',
          'collector RSS MiB (peak in row)',
          'errors',
        ],
        rows.map((r) => [
          String(r.batch),
          r.encoding,
          String(r.bytes),
          fmt(r.reqPerS, 0),
          fmt(r.spansPerS, 0),
          fmt(r.ingestedPerS, 0),
          fmt(r.spansPerS / first, 1),
          fmt(r.p50, 2),
          fmt(r.p95, 2),
          fmt(r.peakRss / 1024, 1),
          String(r.errors),
        ]),
      ),
      '',
      `Collector RSS: ${fmt(idleRss / 1024, 1)} MiB idle before the runs, high-water mark ${fmt(hwm / 1024, 1)} MiB (VmHWM).`,
    ].join('\n');
  } finally {
    agent.destroy();
    collector.child.kill('SIGTERM');
    await new Promise((r) => collector.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `hookscope collector` on free ports, with its own spool and state. */
async function startCollector(dir) {
  const env = { ...process.env, HOOKSCOPE_SPOOL_DIR: join(dir, 'spool') };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = spawn(
    process.execPath,
    [
      HOOKSCOPE_BIN,
      'collector',
      '--port',
      '0',
      '--otlp-port',
      '0',
      '--state-dir',
      join(dir, 'state'),
      '--no-host-metrics',
    ],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      out += chunk;
      const m = /^\{"ready":true.*\}$/m.exec(out);
      if (!m) return;
      const ready = JSON.parse(m[0]);
      resolve({ child, pid: child.pid, otlpUrl: ready.otlpUrl, metricsUrl: ready.metricsUrl });
    };
    child.stdout.on('data', onData); // keeps reading, so the collector's later output has a reader
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${out}`)));
  });
}

/** A request body of `batch` finished hook spans, encoded as the OTLP trace exporters do. */
function encode(batch, encoding) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('bench');
  for (let i = 0; i < batch; i++) {
    const start = Date.now() - 100;
    tracer
      .startSpan('hook PreToolUse', {
        startTime: start,
        attributes: {
          'hookscope.kind': 'hook',
          'hookscope.hook.event': 'PreToolUse',
          'hookscope.hook.name': `bench-${i % 8}`,
          'hookscope.hook.outcome': 'success',
        },
      })
      .end(start + 40);
  }
  const spans = exporter.getFinishedSpans();
  const serializer = encoding === 'json' ? JsonTraceSerializer : ProtobufTraceSerializer;
  return Buffer.from(serializer.serializeRequest(spans));
}

function send(agent, base, body, encoding) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = request(
      `${base}/v1/traces`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - t0 }));
      },
    );
    req.on('error', () => resolve({ ok: false, ms: performance.now() - t0 }));
    req.end(body);
  });
}

/** Keeps IN_FLIGHT requests going for `seconds`; returns acknowledged requests and latencies. */
async function countWhile(post, seconds) {
  const until = performance.now() + seconds * 1000;
  const latencies = [];
  let requests = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        const r = await post();
        if (r.ok) {
          requests++;
          latencies.push(r.ms);
        } else errors++;
      }
    }),
  );
  return { requests, latencies, errors };
}

async function ingested(metricsUrl) {
  const text = await (await fetch(metricsUrl)).text();
  const m = /^hookscope_collector_spans_ingested_total\{source="otlp"\} (\S+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

async function waitIngested(metricsUrl, target) {
  const deadline = Date.now() + 300_000;
  while ((await ingested(metricsUrl)) < target) {
    if (Date.now() > deadline) throw new Error(`ingestion did not reach ${target} spans`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resident memory of a process in KiB: now, and the high-water mark. */
function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { current: kib('VmRSS'), peak: kib('VmHWM') };
}
