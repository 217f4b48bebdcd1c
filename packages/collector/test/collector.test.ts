import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { HOST_METRICS, METRICS } from '@hookscope/catalog';
import { CollectorConfigError } from '../src/index.js';
import { collectorFixture, metricsText, sample } from '../../../test/support/collector.js';
import {
  appendRaw,
  deadPid,
  hookRequest,
  spanRequest,
  spoolFile,
} from '../../../test/support/otlp.js';
import { HOOK_WORK_SPANS } from '../../../test/support/hook-work-spans.js';

const { start, dir: tempDirFor, cleanup } = collectorFixture();

const metrics = metricsText;

afterEach(cleanup);

describe('spool ingestion', () => {
  it('skips bad lines, counts each by reason, logs once per file and reason, keeps going', async () => {
    const { c, spoolDir, logs } = await start({ maxLineBytes: 2048 });
    const file = spoolFile(spoolDir, deadPid());
    const good = hookRequest([{ event: 'PreToolUse', name: 'lint', seconds: 0.5 }]);
    appendRaw(
      file,
      [
        good,
        '{not json',
        '{"not":"otlp"}',
        '[1,2]',
        'x'.repeat(5000),
        good,
        '{"resourceSpans":[{"scopeSpans":[{"spans":[{"bad":1}]}]}]}',
        '{"resourceSpans":[{"res',
      ].join('\n'),
    );
    await c.scanNow();
    const text = await metrics(c);
    expect(
      sample(
        text,
        'hookscope_hook_duration_seconds_count{hook_event="PreToolUse",hook_name="lint",tool="unknown",outcome="success",agent="unknown"}',
      ),
    ).toBe(2);
    expect(
      sample(text, 'hookscope_collector_spool_lines_rejected_total{reason="invalid_json"}'),
    ).toBe(1);
    expect(sample(text, 'hookscope_collector_spool_lines_rejected_total{reason="not_otlp"}')).toBe(
      2,
    );
    expect(sample(text, 'hookscope_collector_spool_lines_rejected_total{reason="oversized"}')).toBe(
      1,
    );
    expect(sample(text, 'hookscope_collector_spool_lines_rejected_total{reason="truncated"}')).toBe(
      1,
    );
    expect(sample(text, 'hookscope_collector_spans_rejected_total{reason="invalid_span"}')).toBe(1);
    expect(logs.filter((l) => l.includes('not otlp'))).toHaveLength(1);
    expect(logs.join('\n')).toContain(file.split('/').pop());
    // Fully consumed and its writer is gone: the file is removed.
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('reads appends to a file still being written, and waits for a partial line to complete', async () => {
    const { c, spoolDir } = await start();
    const file = spoolFile(spoolDir, process.pid); // our own pid: a live writer
    const line = hookRequest([{ event: 'Stop', name: 'a', seconds: 1 }]);
    appendRaw(file, line + '\n' + line.slice(0, 40));
    await c.scanNow();
    const count = async () =>
      sample(
        await metrics(c),
        'hookscope_hook_duration_seconds_count{hook_event="Stop",hook_name="a",tool="unknown",outcome="success",agent="unknown"}',
      );
    expect(await count()).toBe(1);
    expect(sample(await metrics(c), 'hookscope_collector_spool_backlog_bytes')).toBe(40);
    appendRaw(file, line.slice(40) + '\n');
    await c.scanNow();
    expect(await count()).toBe(2);
    expect(
      sample(
        await metrics(c),
        'hookscope_collector_spool_lines_rejected_total{reason="truncated"}',
      ),
    ).toBe(0);
    expect(readdirSync(spoolDir)).toHaveLength(1); // the writer is alive: the file stays
  });

  it('folds a flood of distinct hook names into one "other" series and counts the overflow', async () => {
    const { c, spoolDir } = await start();
    const spans = Array.from({ length: 2500 }, (_, i) => ({
      event: 'PreToolUse',
      name: `hook-${i}`,
      seconds: 0.01,
    }));
    appendRaw(spoolFile(spoolDir, deadPid()), hookRequest(spans) + '\n');
    await c.scanNow();
    const text = await metrics(c);
    const series = text
      .split('\n')
      .filter((l) => l.startsWith('hookscope_hook_duration_seconds_count{'));
    expect(series).toHaveLength(2001);
    expect(
      sample(
        text,
        'hookscope_hook_duration_seconds_count{hook_event="other",hook_name="other",tool="other",outcome="other",agent="other"}',
      ),
    ).toBe(500);
    expect(
      sample(
        text,
        'hookscope_collector_label_overflow_total{metric="hookscope_hook_duration_seconds"}',
      ),
    ).toBe(500);
  });

  it('resumes from its checkpoint after a restart: nothing lost, nothing counted twice', async () => {
    const first = await start();
    const file = spoolFile(first.spoolDir, process.pid);
    const line = hookRequest([{ event: 'PreToolUse', name: 'lint', seconds: 2 }]);
    appendRaw(file, line + '\n' + line + '\n');
    await first.c.scanNow();
    await first.c.stop();
    appendRaw(file, line + '\n');
    const second = await start({}, first.base);
    await second.c.scanNow();
    const text = await metrics(second.c);
    expect(
      sample(
        text,
        'hookscope_hook_duration_seconds_count{hook_event="PreToolUse",hook_name="lint",tool="unknown",outcome="success",agent="unknown"}',
      ),
    ).toBe(3);
    expect(
      sample(
        text,
        'hookscope_hook_duration_seconds_sum{hook_event="PreToolUse",hook_name="lint",tool="unknown",outcome="success",agent="unknown"}',
      ),
    ).toBe(6);
  });
});

describe('start-up errors name the setting and the fix', () => {
  it('port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(start({ port })).rejects.toThrow(
        new RegExp(`port 127\\.0\\.0\\.1:${port} is already in use \\(--port`),
      );
    } finally {
      blocker.close();
    }
  });

  it('unwritable spool directory', async () => {
    const base = tempDirFor();
    writeFileSync(join(base, 'spool'), 'a file, not a directory');
    const err = await start({}, base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectorConfigError);
    expect((err as Error).message).toMatch(
      /spool directory \(--spool-dir, HOOKSCOPE_SPOOL_DIR\) .*spool is not a writable directory/,
    );
  });

  it('a second collector on the same state directory', async () => {
    const { base } = await start();
    await expect(start({}, base)).rejects.toThrow(
      /another collector in this process is using this state directory/,
    );
  });

  it('a corrupt checkpoint', async () => {
    const base = tempDirFor();
    mkdirSync(join(base, 'state'), { recursive: true });
    writeFileSync(join(base, 'state', 'checkpoint.json'), '{"version":1,"sto');
    await expect(start({}, base)).rejects.toThrow(/checkpoint .* is not valid JSON\. Move it away/);
  });

  it('a port out of range', async () => {
    await expect(start({ port: 70000 })).rejects.toThrow(/port 70000 is not a TCP port/);
  });
});

describe('/metrics', () => {
  it('pins the Prometheus names and types of every catalog metric', async () => {
    const { c, spoolDir } = await start({ hostMetrics: true });
    appendRaw(
      spoolFile(spoolDir, deadPid()),
      hookRequest([
        {
          event: 'Stop',
          name: 'x',
          seconds: 1,
          // As `hookscope exec` measures them: every hook metric gets a series.
          attributes: {
            'hookscope.hook.cpu.user': 0.25,
            'hookscope.hook.cpu.system': 0.05,
            'hookscope.hook.max_rss': 12_345_678,
          },
        },
      ]) +
        '\n' +
        spanRequest(HOOK_WORK_SPANS) +
        '\n',
    );
    await c.scanNow();
    const text = await metrics(c);
    const types = text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.slice('# TYPE '.length))
      .filter((l) => !l.startsWith('target_info'))
      .sort();
    expect(types).toMatchSnapshot();
    for (const m of [...METRICS, ...HOST_METRICS]) {
      expect(types, m.name).toContain(`${m.name} ${m.type}`);
    }
  });
});
