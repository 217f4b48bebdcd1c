// An acknowledged OTLP span is never lost and never counted twice: `hookscope collector` is
// killed with SIGKILL right after answering a burst of requests, started again, and counts
// exactly the acknowledged spans.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startCollectorProcess, type CollectorProcess } from '../../../test/support/processes.js';
import { tempDir } from '../../../test/support/paths.js';
import { waitFor } from '../../../test/support/ports.js';
import { hookRequest } from '../../../test/support/otlp.js';

const processes: CollectorProcess[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  while (processes.length) await processes.pop()!.stop();
  while (cleanups.length) cleanups.pop()!();
});

async function collector(dir: string): Promise<CollectorProcess> {
  const p = await startCollectorProcess([
    '--spool-dir',
    join(dir, 'spool'),
    '--state-dir',
    join(dir, 'state'),
    '--no-host-metrics',
  ]);
  processes.push(p);
  return p;
}

async function value(p: CollectorProcess, series: string): Promise<number | undefined> {
  const text = await (await fetch(p.metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('OTLP durability', () => {
  it('counts every acknowledged span exactly once across a kill -9', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const first = await collector(tmp.dir);
    const body = hookRequest([
      { event: 'Stop', name: 'durable', seconds: 0.1 },
      { event: 'Stop', name: 'durable', seconds: 0.2 },
    ]);
    let acknowledged = 0;
    const send = async () => {
      const res = await fetch(`${first.otlpUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      if (res.status === 200) acknowledged += 2;
    };
    // 8 clients, 40 requests each; the collector dies while it is still ingesting.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 40; i++) await send();
      }),
    );
    await first.stop('SIGKILL');
    processes.splice(processes.indexOf(first), 1);
    expect(acknowledged).toBe(640);

    const second = await collector(tmp.dir);
    const series =
      'hookscope_hook_duration_seconds_count{hook_event="Stop",hook_name="durable",tool="unknown",outcome="success",agent="unknown"}';
    await waitFor(
      `${series} == ${acknowledged}`,
      async () => ((await value(second, series)) === acknowledged ? true : undefined),
      20_000,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}: got ${await value(second, series)}\n${second.output()}`);
    });
    // Stays there: nothing is read twice once the spool is consumed.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await value(second, series)).toBe(acknowledged);
    expect(await value(second, 'hookscope_collector_spans_ingested_total{source="otlp"}')).toBe(
      acknowledged,
    );
  });
});
