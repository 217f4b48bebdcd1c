// Teams, a long central outage: one machine running `hookscope demo` traffic into its collector,
// its remote-write agent (vmagent, started with the flags and scrape config `hookscope up` uses,
// the default 15 s scrape interval) and a central VictoriaMetrics that is stopped for an hour.
// Reports what the agent holds in memory and on disk while the center is down, how long the
// backlog takes once it is back, and whether the center then has every scrape (no gap, no
// duplicate). An hour by default, so it is not part of `npm run bench`:
//
//   nice -n 10 node bench/remote-write-outage.mjs [--outage-minutes 60] [--out results.md]
//
// Every process runs at low priority; the demo at its default rate costs ~10% of one core.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseConfig } from '@hookscope/config';
import { remoteWriteAgentFlags, renderRemoteWriteAgentConfig } from '@hookscope/mixin';
import {
  duBytes,
  freePort,
  healthy,
  HOOKSCOPE_BIN,
  metric,
  rssBytes,
  sleep,
  start as startProcess,
  startStore,
} from './remote-write-support.mjs';
import { fmt, table } from './stats.mjs';

const log = (msg) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);
/** Every process of this run at low priority. */
const start = (cmd, args) => startProcess(cmd, args, { nice: true });

const SAMPLE_EVERY_S = 60;
const WARM_S = Number(process.env.BENCH_WARM_S ?? 200);
const HOST = 'bench-laptop';

/** Timestamps (ms) of every sample of one series at the center. */
async function exported(storeUrl, selector) {
  const res = await fetch(`${storeUrl}/api/v1/export?match[]=${encodeURIComponent(selector)}`);
  const series = (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return series.map((s) => ({ metric: s.metric, timestamps: s.timestamps }));
}

export default async function bench({ outageMinutes = 60 } = {}) {
  const outageS = outageMinutes * 60;
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-rw-outage-'));
  const stopAll = [];
  try {
    const [cPort, oPort, sPort, aPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const spool = join(dir, 'spool');
    mkdirSync(join(dir, 'prometheus'), { recursive: true });
    const collector = start(process.execPath, [
      HOOKSCOPE_BIN,
      'collector',
      ...['--port', String(cPort), '--otlp-port', String(oPort), '--spool-dir', spool],
      ...['--state-dir', join(dir, 'collector')],
    ]);
    stopAll.push(collector.stop);
    await healthy(`http://127.0.0.1:${cPort}/metrics`);
    const demo = start(process.execPath, [
      HOOKSCOPE_BIN,
      'demo',
      ...['--spool-dir', spool, '--otlp-endpoint', `http://127.0.0.1:${oPort}`],
    ]);
    stopAll.push(demo.stop);

    let store = await startStore(sPort, join(dir, 'store'), { nice: true });
    const storeUrl = `http://127.0.0.1:${sPort}`;
    // The machine's agent exactly as `hookscope up` starts it, with the default scrape interval.
    const config = parseConfig(
      [
        `collector: { address: 127.0.0.1:${cPort} }`,
        'remote_write:',
        `  url: ${storeUrl}/api/v1/write`,
        `  identity: { host: ${HOST}, team: bench }`,
        `  agent_address: 127.0.0.1:${aPort}`,
      ].join('\n'),
    );
    const [scrape] = renderRemoteWriteAgentConfig(config);
    writeFileSync(join(dir, scrape.path), scrape.content);
    const bufferDir = join(dir, 'remote-write');
    const agent = start(
      'vmagent',
      remoteWriteAgentFlags(config, {
        host: HOST,
        bufferDir,
        scrapeConfig: join(dir, scrape.path),
        resolvePath: (p) => join(dir, p),
      }).map((f) => (f === '-loggerLevel=INFO' ? '-loggerLevel=WARN' : f)),
    );
    stopAll.push(agent.stop);
    const am = `http://127.0.0.1:${aPort}/metrics`;
    await healthy(`http://127.0.0.1:${aPort}/health`);
    const tStart = Date.now();

    // Steady state, the store up: what one machine sends (the window spans whole scrapes).
    log(`warming up ${WARM_S} s`);
    await sleep(WARM_S * 500);
    const r0 = await metric(am, 'vmagent_remotewrite_rows_pushed_after_relabel_total');
    const b0 = await metric(am, 'vmagent_remotewrite_bytes_sent_total');
    const t0 = Date.now();
    await sleep(WARM_S * 500);
    const secs = (Date.now() - t0) / 1000;
    const perSecond =
      ((await metric(am, 'vmagent_remotewrite_rows_pushed_after_relabel_total')) - r0) / secs;
    const bytesPerSecond = ((await metric(am, 'vmagent_remotewrite_bytes_sent_total')) - b0) / secs;
    const series = (await (await fetch(`http://127.0.0.1:${cPort}/metrics`)).text())
      .split('\n')
      .filter((l) => l && !l.startsWith('#')).length;
    log(`steady: ${fmt(perSecond, 1)} samples/s, ${fmt(bytesPerSecond, 0)} B/s, ${series} series`);

    // The center goes down for the outage; the machine keeps working.
    const rssBefore = rssBytes(agent.child.pid);
    await store.stop();
    const tDown = Date.now();
    const samples = [];
    for (let s = 0; ; s += SAMPLE_EVERY_S) {
      await sleep(Math.max(0, tDown + s * 1000 - Date.now()));
      const row = {
        s,
        rss: rssBytes(agent.child.pid),
        disk: duBytes(bufferDir),
        pending: await metric(am, 'vmagent_remotewrite_pending_data_bytes'),
      };
      samples.push(row);
      log(
        `down ${s} s: agent RSS ${fmt(row.rss / 2 ** 20, 1)} MiB, buffer ${fmt(row.disk / 2 ** 20, 2)} MiB`,
      );
      if (s >= outageS) break;
    }
    store = await startStore(sPort, join(dir, 'store'), { nice: true });
    const tBack = Date.now();
    while (
      (await metric(am, 'vmagent_remotewrite_pending_data_bytes')) > 0 &&
      Date.now() - tBack < 900_000
    )
      await sleep(1000);
    const drainS = (Date.now() - tBack) / 1000;
    log(`backlog delivered in ${fmt(drainS, 1)} s`);
    const rssAfter = rssBytes(agent.child.pid);

    // Nothing lost, nothing doubled: every scrape of the collector from the first to the last is
    // at the center, 15 s apart, across the outage.
    await sleep(35_000); // the store's default latency offset before the newest samples are served
    const [up] = await exported(storeUrl, `up{job="hookscope",host="${HOST}"}`);
    const ts = up.timestamps;
    const gaps = ts.slice(1).map((t, i) => t - ts[i]);
    const maxGapS = Math.max(...gaps) / 1000;
    const duplicates = gaps.filter((g) => g === 0).length;
    const expectedScrapes = Math.floor((ts[ts.length - 1] - ts[0]) / 15_000) + 1;
    const outageFirst = tDown;
    const outageLast = tBack;
    const duringOutage = ts.filter((t) => t >= outageFirst && t < outageLast).length;

    const last = samples[samples.length - 1];
    const hours = last.s / 3600;
    const result = [
      `One machine running \`hookscope demo\` (default rate), ${series} series on its collector's ` +
        `/metrics; vmagent as \`hookscope up\` runs it, 15 s scrapes; the central VictoriaMetrics ` +
        `stopped for ${fmt(last.s / 60, 0)} minutes.`,
      '',
      table(
        ['steady state, center up', 'measured'],
        [
          ['samples per second sent', fmt(perSecond, 1)],
          ['bytes per second sent (snappy, on the wire)', fmt(bytesPerSecond, 0)],
          ['bytes per sample', fmt(bytesPerSecond / perSecond, 1)],
        ],
      ),
      '',
      table(
        ['minutes down', 'agent memory (RSS)', 'disk buffer', 'pending (agent metric)'],
        samples
          .filter((r, i) => i % 10 === 0 || r === last)
          .map((r) => [
            fmt(r.s / 60, 0),
            `${fmt(r.rss / 2 ** 20, 1)} MiB`,
            `${fmt(r.disk / 2 ** 20, 2)} MiB`,
            `${fmt(r.pending / 2 ** 20, 2)} MiB`,
          ]),
      ),
      '',
      table(
        ['after the outage', 'measured'],
        [
          [
            'agent memory before the outage / after delivering',
            `${fmt(rssBefore / 2 ** 20, 1)} / ${fmt(rssAfter / 2 ** 20, 1)} MiB`,
          ],
          [
            'disk buffer per hour down',
            `${fmt((last.disk - samples[0].disk) / 2 ** 20 / hours, 2)} MiB`,
          ],
          ['time to deliver the backlog once the center is back', `${fmt(drainS, 1)} s`],
          [
            'scrapes at the center, first to last',
            `${ts.length} of ${expectedScrapes} expected at 15 s`,
          ],
          ['scrapes taken while the center was down, now at the center', String(duringOutage)],
          [
            'largest gap between scrapes / duplicate timestamps',
            `${fmt(maxGapS, 1)} s / ${duplicates}`,
          ],
          ['whole run', `${fmt((Date.now() - tStart) / 60_000, 0)} min`],
        ],
      ),
    ].join('\n');
    return result;
  } finally {
    for (const s of stopAll.reverse()) await s();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { 'outage-minutes': { type: 'string', default: '60' }, out: { type: 'string' } },
  });
  const markdown = await bench({ outageMinutes: Number(values['outage-minutes']) });
  if (values.out) writeFileSync(values.out, markdown + '\n');
  process.stdout.write(markdown + '\n');
}
