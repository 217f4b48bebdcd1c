// Teams: what one machine's remote-write agent (vmagent) sends in steady state (samples per
// second, bytes per sample) and what it holds in memory and on disk while the central store is
// down for a couple of minutes. Real collector, vmagent and VictoriaMetrics (Debian's
// victoria-metrics) on loopback. remote-write-outage.mjs runs the hour-long outage with demo
// traffic; central-store.bench.mjs measures how many machines one store takes in.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  duBytes,
  freePort,
  healthy,
  HOOKSCOPE_BIN,
  metric,
  rssBytes,
  sleep,
  start,
  startStore,
} from './remote-write-support.mjs';
import { fmt, table } from './stats.mjs';

const OUTAGE_S = Number(process.env.BENCH_OUTAGE_S ?? 120);
const DEFAULT_SCRAPE_S = 15;

async function startAgent(dir, port, storePort, targets, scrapeS) {
  const scrape = join(dir, 'scrape.yml');
  writeFileSync(
    scrape,
    [
      `global: { scrape_interval: ${scrapeS}s }`,
      'scrape_configs:',
      '  - job_name: hookscope',
      '    static_configs:',
      ...targets.map((t) => `      - { targets: ['${t.address}'], labels: { host: '${t.host}' } }`),
    ].join('\n') + '\n',
  );
  const agent = start('vmagent', [
    `-promscrape.config=${scrape}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    `-remoteWrite.url=http://127.0.0.1:${storePort}/api/v1/write`,
    `-remoteWrite.tmpDataPath=${join(dir, 'buffer')}`,
    '-remoteWrite.label=team=bench',
    '-loggerLevel=WARN',
  ]);
  await healthy(`http://127.0.0.1:${port}/health`);
  return agent;
}

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-rw-'));
  const stopAll = [];
  try {
    // One machine: a collector that has seen a few hooks (so its histograms exist) and its host
    // metrics; vmagent scraping it every second (15x the default, to measure in seconds).
    const spool = join(dir, 'spool');
    mkdirSync(spool, { recursive: true });
    const [cPort, sPort, aPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const collector = start(process.execPath, [
      HOOKSCOPE_BIN,
      'collector',
      ...['--port', String(cPort), '--otlp-port', '0', '--spool-dir', spool],
      ...['--state-dir', join(dir, 'collector')],
    ]);
    stopAll.push(collector.stop);
    await healthy(`http://127.0.0.1:${cPort}/metrics`);
    for (const name of ['lint', 'format', 'typecheck', 'secret-scan', 'guard'])
      for (const event of ['PreToolUse', 'PostToolUse'])
        spawnSync(
          process.execPath,
          [HOOKSCOPE_BIN, 'exec', '--event', event, '--name', name, '--', 'true'],
          {
            env: { ...process.env, HOOKSCOPE_SPOOL_DIR: spool },
          },
        );
    await sleep(3000);
    const series = (await (await fetch(`http://127.0.0.1:${cPort}/metrics`)).text())
      .split('\n')
      .filter((l) => l && !l.startsWith('#')).length;

    let store = await startStore(sPort, join(dir, 'store'));
    const agentDir = join(dir, 'agent');
    mkdirSync(agentDir);
    const agent = await startAgent(
      agentDir,
      aPort,
      sPort,
      [{ address: `127.0.0.1:${cPort}`, host: 'm0' }],
      1,
    );
    stopAll.push(agent.stop);
    const am = `http://127.0.0.1:${aPort}/metrics`;
    await sleep(5000);
    const r0 = await metric(am, 'vmagent_remotewrite_rows_pushed_after_relabel_total');
    const b0 = await metric(am, 'vmagent_remotewrite_bytes_sent_total');
    const t0 = Date.now();
    await sleep(20_000);
    const rows = (await metric(am, 'vmagent_remotewrite_rows_pushed_after_relabel_total')) - r0;
    const bytes = (await metric(am, 'vmagent_remotewrite_bytes_sent_total')) - b0;
    const secs = (Date.now() - t0) / 1000;
    const perSecond1s = rows / secs;
    const bytesPerSample = bytes / rows;

    // The store goes down: what the agent holds, sampled every 10 s.
    const rssBefore = rssBytes(agent.child.pid);
    await store.stop();
    const samples = [];
    for (let s = 0; s <= OUTAGE_S; s += 10) {
      samples.push({ s, rss: rssBytes(agent.child.pid), disk: duBytes(join(agentDir, 'buffer')) });
      await sleep(10_000);
    }
    const first = samples[0];
    const last = samples[samples.length - 1];
    const diskPerS1s = (last.disk - first.disk) / (last.s - first.s);
    const pending = await metric(am, 'vmagent_remotewrite_pending_data_bytes');
    store = await startStore(sPort, join(dir, 'store'));
    const tBack = Date.now();
    while (
      (await metric(am, 'vmagent_remotewrite_pending_data_bytes')) > 0 &&
      Date.now() - tBack < 180_000
    )
      await sleep(500);
    const drainS = (Date.now() - tBack) / 1000;
    await agent.stop();

    await store.stop();

    const at15 = perSecond1s / DEFAULT_SCRAPE_S;
    const hourDisk = (diskPerS1s / DEFAULT_SCRAPE_S) * 3600;
    return [
      `One machine: ${series} series on the collector's /metrics (after 10 hook names x events, with host metrics).`,
      '',
      table(
        ['per machine', 'measured (1 s scrapes)', 'at the default 15 s scrapes'],
        [
          ['samples per second sent', fmt(perSecond1s, 0), fmt(at15, 1)],
          [
            'bytes per sample sent (snappy, on the wire)',
            fmt(bytesPerSample, 2),
            fmt(bytesPerSample, 2),
          ],
          [
            'bytes per second sent',
            fmt(perSecond1s * bytesPerSample, 0),
            fmt(at15 * bytesPerSample, 0),
          ],
        ],
      ),
      '',
      table(
        [`store down ${OUTAGE_S} s`, 'measured (1 s scrapes)', 'an hour at 15 s scrapes (linear)'],
        [
          [
            'agent memory (RSS) before / at the end',
            `${fmt(rssBefore / 2 ** 20, 1)} / ${fmt(last.rss / 2 ** 20, 1)} MiB`,
            '-',
          ],
          [
            'disk buffer growth',
            `${fmt(diskPerS1s / 1024, 1)} KiB/s`,
            `${fmt(hourDisk / 2 ** 20, 1)} MiB`,
          ],
          ['pending when the store came back', `${fmt(pending / 2 ** 20, 2)} MiB`, '-'],
          ['time to deliver the backlog', `${fmt(drainS, 1)} s`, '-'],
        ],
      ),
    ].join('\n');
  } finally {
    for (const s of stopAll.reverse()) await s();
    rmSync(dir, { recursive: true, force: true });
  }
}
