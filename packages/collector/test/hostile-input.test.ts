import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CollectorConfigError, resolveOptions, type Collector } from '../src/index.js';
import { collectorFixture } from '../../../test/support/collector.js';
import { appendRaw, deadPid, hookRequest, spoolFile } from '../../../test/support/otlp.js';

const { start, stop, dir, cleanup } = collectorFixture();
afterEach(cleanup);

async function metrics(c: Collector): Promise<string> {
  return (await fetch(c.metricsUrl)).text();
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const LINT_COUNT =
  'hookscope_hook_duration_seconds_count{hook_event="PreToolUse",hook_name="lint",tool="unknown",outcome="success"}';

describe('listen addresses', () => {
  it('an empty address variable means unset: loopback, never every interface', () => {
    const base = dir();
    const o = resolveOptions(
      { spoolDir: join(base, 's'), stateDir: join(base, 'st') },
      { HOOKSCOPE_COLLECTOR_HOST: '', HOOKSCOPE_OTLP_HOST: ' ', HOOKSCOPE_STATE_DIR: '' },
    );
    expect(o.host).toBe('127.0.0.1');
    expect(o.otlpHost).toBe('127.0.0.1');
  });

  it('an empty --host or --otlp-host is refused with the setting and the fix', () => {
    const base = dir();
    const paths = { spoolDir: join(base, 's'), stateDir: join(base, 'st') };
    expect(() => resolveOptions({ ...paths, host: '' }, {})).toThrow(CollectorConfigError);
    expect(() => resolveOptions({ ...paths, otlpHost: ' ' }, {})).toThrow(/--otlp-host is empty/);
  });

  it('a collector started with empty address variables serves on loopback', async () => {
    const saved = { ...process.env };
    process.env['HOOKSCOPE_COLLECTOR_HOST'] = '';
    process.env['HOOKSCOPE_OTLP_HOST'] = '';
    try {
      const { c } = await start({ otlpPort: 0 });
      expect(c.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(c.otlpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      process.env = saved;
    }
  });
});

describe('files the collector writes', () => {
  it('never writes the checkpoint through a planted symlink', async () => {
    const base = dir();
    const state = join(base, 'state');
    mkdirSync(state, { recursive: true });
    const victim = join(base, 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(state, 'checkpoint.json.tmp'));
    const { c, spoolDir } = await start({}, base);
    appendRaw(
      spoolFile(spoolDir, deadPid()),
      hookRequest([{ event: 'PreToolUse', name: 'lint', seconds: 0.5 }]) + '\n',
    );
    await c.scanNow();
    await stop(c);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    const restarted = await start({}, base);
    expect(sample(await metrics(restarted.c), LINT_COUNT)).toBe(1);
  });
});
