import { join } from 'node:path';
import {
  startCollector,
  type Collector,
  type CollectorOptions,
} from '../../packages/collector/src/index.js';
import { tempDir } from './paths.js';

/**
 * In-process collectors for tests, each with a spool and state directory of its own, or on a
 * given directory (to restart on the same state). Scans are driven by the tests (`scanNow()`);
 * log lines are kept. Call `cleanup()` after each test: it stops them and removes the dirs.
 */
export function collectorFixture() {
  const running: Collector[] = [];
  const cleanups: (() => void)[] = [];

  /** A temporary directory removed by `cleanup()`. */
  const dir = (): string => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    return tmp.dir;
  };

  const start = async (extra: CollectorOptions = {}, base = dir()) => {
    const logs: string[] = [];
    const c = await startCollector({
      port: 0,
      spoolDir: join(base, 'spool'),
      stateDir: join(base, 'state'),
      hostMetrics: false,
      pollIntervalMs: 60_000, // tests drive scans with scanNow()
      log: (m) => logs.push(m),
      ...extra,
    });
    running.push(c);
    return { c, base, spoolDir: join(base, 'spool'), logs };
  };

  /** Stops one collector before the end of the test (to restart another on its state). */
  const stop = async (c: Collector) => {
    running.splice(running.indexOf(c), 1);
    await c.stop();
  };

  const cleanup = async () => {
    while (running.length) await running.pop()!.stop();
    while (cleanups.length) cleanups.pop()!();
  };

  return { start, stop, dir, cleanup };
}

/** The text of a collector's /metrics. */
export async function metricsText(c: { metricsUrl: string }): Promise<string> {
  return (await fetch(c.metricsUrl)).text();
}

/** The value of one sample line of /metrics text, e.g. `name{label="v"}`; undefined if absent. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
