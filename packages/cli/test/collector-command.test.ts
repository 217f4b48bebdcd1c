import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HOOKSCOPE_BIN, tempDir } from '../../../test/support/paths.js';
import { runToEnd, startCollectorProcess } from '../../../test/support/processes.js';

const hookscope = (args: string[]) => runToEnd(process.execPath, [HOOKSCOPE_BIN, ...args]);

describe('hookscope collector', () => {
  it('stops cleanly on SIGTERM and SIGINT, saving its checkpoint', async () => {
    const tmp = tempDir();
    try {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const c = await startCollectorProcess([
          '--spool-dir',
          join(tmp.dir, 'spool'),
          '--state-dir',
          join(tmp.dir, 'state'),
          '--no-host-metrics',
        ]);
        expect((await fetch(c.metricsUrl)).status).toBe(200);
        expect(await c.stop(signal)).toBe(0);
        expect(c.output()).toContain(`${signal}, stopping`);
        expect(existsSync(join(tmp.dir, 'state', 'checkpoint.json'))).toBe(true);
        expect(existsSync(join(tmp.dir, 'state', 'collector.lock'))).toBe(false);
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('rejects bad flags with a message naming the flag, exit code 2', async () => {
    const r = await hookscope(['collector', '--port', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--port must be an integer from 0 to 65535, got 'abc'");
    const u = await hookscope(['collector', '--bogus']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/Unknown option '--bogus'/);
  });

  it('exits 1 with the setting and the fix when it cannot start', async () => {
    const tmp = tempDir();
    try {
      const first = await startCollectorProcess([
        '--spool-dir',
        join(tmp.dir, 'spool'),
        '--state-dir',
        join(tmp.dir, 's1'),
        '--no-host-metrics',
      ]);
      const r = await hookscope([
        'collector',
        '--port',
        String(first.port),
        '--spool-dir',
        join(tmp.dir, 'spool'),
        '--state-dir',
        join(tmp.dir, 's2'),
      ]);
      await first.stop();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `port 127.0.0.1:${first.port} is already in use (--port, HOOKSCOPE_COLLECTOR_PORT)`,
      );
    } finally {
      tmp.cleanup();
    }
  });

  it('lists its commands and fails on an unknown one', async () => {
    const r = await hookscope(['nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'nope'");
    expect(r.stderr).toContain('collector');
  });

  it('runs the OTLP receiver, and names --otlp-port when it cannot', async () => {
    const tmp = tempDir();
    try {
      const first = await startCollectorProcess([
        ...['--spool-dir', join(tmp.dir, 'spool'), '--state-dir', join(tmp.dir, 's1')],
        '--no-host-metrics',
      ]);
      expect(first.otlpUrl).toBe(`http://127.0.0.1:${first.otlpPort}`);
      expect(first.output()).toContain(`OTLP/HTTP: ${first.otlpUrl}/v1/{traces,metrics,logs}`);
      const r = await hookscope([
        'collector',
        ...['--port', '0', '--otlp-port', String(first.otlpPort)],
        ...['--spool-dir', join(tmp.dir, 'spool'), '--state-dir', join(tmp.dir, 's2')],
      ]);
      await first.stop();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `port 127.0.0.1:${first.otlpPort} is already in use (--otlp-port, HOOKSCOPE_OTLP_PORT)`,
      );
      const bad = await hookscope(['collector', '--otlp-max-body-bytes', '10']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--otlp-max-body-bytes must be an integer from 1024');
      const off = await startCollectorProcess([
        ...['--spool-dir', join(tmp.dir, 'spool'), '--state-dir', join(tmp.dir, 's3')],
        ...['--no-host-metrics', '--no-otlp'],
      ]);
      expect(off.otlpUrl).toBeUndefined();
      await off.stop();
    } finally {
      tmp.cleanup();
    }
  });
});
