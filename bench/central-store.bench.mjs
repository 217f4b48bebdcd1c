// Teams, the center: how many machines one VictoriaMetrics single-node (Debian's) ingests on this
// machine before it falls behind. Each simulated machine sends, every 15 s (the default scrape
// interval), one remote-write request holding every series of a real collector's /metrics after
// demo traffic, labelled with its own host and team: the Prometheus remote-write protocol,
// protobuf and snappy, as vmagent sends it. The number of machines grows step by step; a step
// falls behind when requests queue up (the store answers slower than machines send) or fewer
// samples are inserted than offered. The store is limited to one core (GOMAXPROCS=1) so the
// figure is per core and the run leaves the shared machine's other core alone.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  healthy,
  HOOKSCOPE_BIN,
  metric,
  rssBytes,
  sleep,
} from './remote-write-support.mjs';
import { fmt, table } from './stats.mjs';

const log = (msg) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

const SCRAPE_S = 15;
const WARM_S = Number(process.env.BENCH_WARM_S ?? 20);
// Whole scrape intervals, so every machine sends as often in each window.
const MEASURE_S = SCRAPE_S * Number(process.env.BENCH_INTERVALS ?? 2);
const STEPS = (process.env.BENCH_MACHINES ?? '100,300,1000,2000,4000').split(',').map(Number);
const IN_FLIGHT = 4; // concurrent requests, as vmagent's queues on a 2-core machine

const cpuSeconds = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

/** Label sets of every sample line of a Prometheus text exposition. */
function seriesOf(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s/.exec(line);
    if (!m) continue;
    const labels = [['__name__', m[1]]];
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels.push([l[1], l[2].replace(/\\(.)/g, '$1')]);
    out.push(labels);
  }
  return out;
}

// Protobuf, only what a WriteRequest needs.
function varint(n) {
  const bytes = [];
  while (n > 127) {
    bytes.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}
const field = (tag, payload) =>
  Buffer.concat([Buffer.from([tag]), varint(payload.length), payload]);
const TS_BYTES = 6; // a millisecond timestamp of this century is a 6-byte varint

/**
 * One machine's WriteRequest, encoded once; each send patches the value and timestamp of every
 * sample in place (their offsets are fixed), so the load generator costs little next to the store.
 */
function machineRequest(series, host) {
  const parts = [];
  const valueOffsets = [];
  let length = 0;
  for (const labels of series) {
    const l = [...labels, ['host', host], ['team', 'bench']]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) =>
        field(0x0a, Buffer.concat([field(0x0a, Buffer.from(k)), field(0x12, Buffer.from(v))])),
      );
    const sample = Buffer.alloc(1 + 8 + 1 + TS_BYTES);
    sample[0] = 0x09; // value, fixed64
    sample[9] = 0x10; // timestamp, varint
    const ts = field(0x12, sample);
    const body = Buffer.concat([...l, ts]);
    const entry = field(0x0a, body);
    valueOffsets.push(length + entry.length - sample.length);
    parts.push(entry);
    length += entry.length;
  }
  const raw = Buffer.concat(parts);
  // Snappy block format with one literal: varint length, tag 0xfc, 4-byte length-1, the bytes.
  const head = Buffer.concat([varint(raw.length), Buffer.from([0xfc, 0, 0, 0, 0])]);
  head.writeUInt32LE(raw.length - 1, head.length - 4);
  const body = Buffer.concat([head, raw]);
  const offsets = valueOffsets.map((o) => o + head.length);
  return {
    body,
    samples: series.length,
    stamp(nowMs, seq) {
      for (let i = 0; i < offsets.length; i++) {
        const o = offsets[i];
        body.writeDoubleLE(seq + i, o + 1);
        let t = nowMs;
        for (let b = 0; b < TS_BYTES; b++) {
          body[o + 10 + b] = (t % 128) | (b < TS_BYTES - 1 ? 128 : 0);
          t = Math.floor(t / 128);
        }
      }
    },
  };
}

function post(agent, port, body) {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: '/api/v1/write',
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-protobuf',
          'Content-Encoding': 'snappy',
          'X-Prometheus-Remote-Write-Version': '0.1.0',
          'Content-Length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** A collector's /metrics after a short burst of demo traffic: one machine's series. */
async function capturedMachine(dir) {
  const spool = join(dir, 'spool');
  mkdirSync(spool, { recursive: true });
  const [cPort, oPort] = await Promise.all([freePort(), freePort()]);
  const collector = spawn(
    process.execPath,
    [
      HOOKSCOPE_BIN,
      'collector',
      ...['--port', String(cPort), '--otlp-port', String(oPort), '--spool-dir', spool],
      ...['--state-dir', join(dir, 'collector')],
    ],
    { stdio: 'ignore' },
  );
  try {
    await healthy(`http://127.0.0.1:${cPort}/metrics`);
    spawnSync(
      process.execPath,
      [
        HOOKSCOPE_BIN,
        'demo',
        ...['--duration', '20', '--speed', '20', '--seed', '7'],
        ...['--spool-dir', spool, '--otlp-endpoint', `http://127.0.0.1:${oPort}`],
      ],
      { stdio: 'ignore' },
    );
    await sleep(3000);
    return await (await fetch(`http://127.0.0.1:${cPort}/metrics`)).text();
  } finally {
    collector.kill('SIGTERM');
  }
}

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-center-'));
  let store;
  try {
    const series = seriesOf(await capturedMachine(dir));
    log(`one machine: ${series.length} series`);
    const port = await freePort();
    store = spawn(
      'victoria-metrics',
      [
        `-storageDataPath=${join(dir, 'store')}`,
        `-httpListenAddr=127.0.0.1:${port}`,
        '-dedup.minScrapeInterval=1ms',
        '-loggerLevel=WARN',
      ],
      { stdio: 'ignore', env: { ...process.env, GOMAXPROCS: '1' } },
    );
    await healthy(`http://127.0.0.1:${port}/health`);
    const vmMetrics = `http://127.0.0.1:${port}/metrics`;
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const machines = [];
    const rows = [];
    for (const n of STEPS) {
      while (machines.length < n) machines.push(machineRequest(series, `m${machines.length}`));
      // Every machine sends once per scrape interval, spread evenly over it.
      let queued = 0;
      let inFlight = 0;
      let sent = 0;
      let failed = 0;
      let enqueued = 0;
      let stop = false;
      const queue = [];
      const pump = () => {
        while (inFlight < IN_FLIGHT && queue.length > 0) {
          const m = queue.shift();
          queued--;
          inFlight++;
          m.stamp(Date.now(), sent);
          void post(agent, port, m.body).then((status) => {
            inFlight--;
            if (status >= 200 && status < 300) sent += m.samples;
            else failed++;
            pump();
          });
        }
      };
      const t0 = Date.now();
      const tick = 100;
      const perTick = n / ((SCRAPE_S * 1000) / tick);
      let due = 0;
      let next = 0;
      const timer = setInterval(() => {
        if (stop) return;
        due += perTick;
        while (due >= 1) {
          queue.push(machines[next]);
          queued++;
          enqueued += series.length;
          next = (next + 1) % n;
          due--;
        }
        pump();
      }, tick);
      // The first pass registers each new machine's series (the store's slow path): measure once
      // it is done and the queue has emptied (bounded).
      await sleep(Math.max(WARM_S, SCRAPE_S + 5) * 1000);
      for (let w = 0; w < 120 && queue.length > IN_FLIGHT; w++) await sleep(1000);
      const i0 = await metric(vmMetrics, 'vm_rows_inserted_total');
      const c0 = cpuSeconds(store.pid);
      const own0 = process.cpuUsage();
      const slow0 = await metric(vmMetrics, 'vm_slow_row_inserts_total');
      const s0 = sent;
      const q0 = queued;
      const e0 = enqueued;
      const tm = Date.now();
      await sleep(MEASURE_S * 1000);
      const secs = (Date.now() - tm) / 1000;
      const q1 = queued;
      const offered = (enqueued - e0) / secs;
      const accepted = (sent - s0) / secs;
      const inserted = ((await metric(vmMetrics, 'vm_rows_inserted_total')) - i0) / secs;
      const cpu = (cpuSeconds(store.pid) - c0) / secs;
      const own = process.cpuUsage(own0);
      const senderCpu = (own.user + own.system) / 1e6 / secs;
      const slow = ((await metric(vmMetrics, 'vm_slow_row_inserts_total')) - slow0) / secs;
      const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
      stop = true;
      clearInterval(timer);
      // Let the queue drain before the next step (bounded).
      const td = Date.now();
      while ((queue.length > 0 || inFlight > 0) && Date.now() - td < 60_000) {
        pump();
        await sleep(200);
      }
      const row = {
        n,
        series: n * series.length,
        offered,
        accepted,
        inserted,
        queueGrowth: (q1 - q0) / secs,
        cpu,
        senderCpu,
        slow,
        load,
        rss: rssBytes(store.pid),
        failed,
        behind: q1 - q0 > n / SCRAPE_S || accepted < 0.95 * offered,
        seconds: (Date.now() - t0) / 1000,
      };
      rows.push(row);
      log(
        `${n} machines: offered ${fmt(offered, 0)}/s accepted ${fmt(accepted, 0)}/s inserted ${fmt(inserted, 0)}/s ` +
          `queue ${fmt(row.queueGrowth, 1)} req/s, store CPU ${fmt(cpu, 2)}, sender CPU ${fmt(senderCpu, 2)}, ` +
          `new-series inserts ${fmt(slow, 0)}/s, load ${fmt(load, 1)}, RSS ${fmt(row.rss / 2 ** 20, 0)} MiB` +
          (row.behind ? ' BEHIND' : ''),
      );
      if (row.behind) break;
    }
    agent.destroy();
    return [
      `One machine: ${series.length} series (a collector's /metrics after demo traffic), one request ` +
        `per machine every ${SCRAPE_S} s; VictoriaMetrics single-node limited to one core; ` +
        `${IN_FLIGHT} requests in flight.`,
      '',
      table(
        [
          'machines',
          'active series',
          'samples/s offered',
          'samples/s accepted',
          'samples/s inserted',
          'requests queued per s',
          'new-series inserts/s',
          'store CPU (cores)',
          'sender CPU',
          'load average',
          'store RSS',
          'kept up',
        ],
        rows.map((r) => [
          String(r.n),
          fmt(r.series, 0),
          fmt(r.offered, 0),
          fmt(r.accepted, 0),
          fmt(r.inserted, 0),
          fmt(r.queueGrowth, 1),
          fmt(r.slow, 0),
          fmt(r.cpu, 2),
          fmt(r.senderCpu, 2),
          fmt(r.load, 1),
          `${fmt(r.rss / 2 ** 20, 0)} MiB`,
          r.behind ? 'no' : r.failed > 0 ? `yes (${r.failed} refused)` : 'yes',
        ]),
      ),
    ].join('\n');
  } finally {
    store?.kill('SIGTERM');
    await sleep(1000);
    rmSync(dir, { recursive: true, force: true });
  }
}
