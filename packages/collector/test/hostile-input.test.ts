// Each class of hostile or broken input the collector once mishandled, with the invariant that
// must hold past it: /metrics parses (promtool), valid input around the bad is counted exactly,
// and the same holds after a restart on the saved checkpoint.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, connect } from 'node:net';
import { join } from 'node:path';
import { CollectorConfigError, resolveOptions, type Collector } from '../src/index.js';
import { collectorFixture, metricsText, sample } from '../../../test/support/collector.js';
import {
  appendRaw,
  deadPid,
  hookRequest,
  spanRequest,
  spoolFile,
} from '../../../test/support/otlp.js';
import { promtoolProblems } from '../../../test/support/promtool.js';

const { start, stop, dir, cleanup } = collectorFixture();
afterEach(cleanup);

const metrics = metricsText;

/** /metrics, checked with promtool. */
async function checkedMetrics(c: Collector): Promise<string> {
  const text = await metrics(c);
  expect(promtoolProblems(text)).toBe('');
  return text;
}

const lint = (seconds = 0.5) =>
  hookRequest([{ event: 'PreToolUse', name: 'lint', seconds }]) + '\n';

/** A Claude Code counter data point as one metrics export request (a spool line or a body). */
function counterRequest(
  points: { value: number; session: string; start?: string }[],
  temporality: 1 | 2,
): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'claude_code.commit.count',
                sum: {
                  aggregationTemporality: temporality,
                  isMonotonic: true,
                  dataPoints: points.map((p) => ({
                    asDouble: p.value,
                    startTimeUnixNano: p.start ?? '1763679600000000000',
                    timeUnixNano: '1763679700000000000',
                    attributes: [{ key: 'session.id', value: { stringValue: p.session } }],
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

const LINT_COUNT =
  'hookscope_hook_duration_seconds_count{hook_event="PreToolUse",hook_name="lint",tool="unknown",outcome="success",agent="unknown"}';

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

describe('values entering the store', () => {
  it('rejects and counts values that are not finite or out of bounds; /metrics stays parseable across a restart', async () => {
    const { c, base, spoolDir } = await start();
    const file = spoolFile(spoolDir, deadPid());
    const huge = { 'hookscope.hook.cpu.user': 1e308 };
    appendRaw(
      file,
      [
        lint(),
        hookRequest([{ event: 'PreToolUse', name: 'cpu', seconds: 1, attributes: huge }]),
        hookRequest([{ event: 'PreToolUse', name: 'cpu', seconds: 1, attributes: huge }]),
        // A span that "lasted" 300 years, through its start and end times.
        spanRequest([
          {
            name: 'h',
            seconds: 1e10,
            endMs: 1e13,
            attributes: {
              'hookscope.kind': 'hook',
              'hookscope.hook.event': 'Stop',
              'hookscope.hook.name': 'long',
            },
          },
        ]),
        counterRequest([{ value: 1e308, session: 'a' }], 1),
        counterRequest([{ value: 1e308, session: 'a' }], 1),
        counterRequest([{ value: 2, session: 'a' }], 1),
        lint(),
      ].join('\n') + '\n',
    );
    await c.scanNow();
    const check = (text: string) => {
      expect(sample(text, LINT_COUNT)).toBe(2);
      expect(text).not.toMatch(/ (null|NaN|[+-]?Inf)$/m);
      expect(
        sample(
          text,
          'hookscope_collector_values_rejected_total{metric="hookscope_hook_cpu_seconds_total"}',
        ),
      ).toBe(2);
      expect(
        sample(
          text,
          'hookscope_collector_values_rejected_total{metric="hookscope_hook_duration_seconds"}',
        ),
      ).toBe(1);
      expect(
        sample(
          text,
          'hookscope_collector_values_rejected_total{metric="claude_code_commit_count_total"}',
        ),
      ).toBe(2);
      expect(sample(text, 'claude_code_commit_count_total')).toBe(2);
      // The spans themselves still count (in the CPU time of a valid span, 0 stays 0).
      expect(
        sample(
          text,
          'hookscope_hook_duration_seconds_count{hook_event="PreToolUse",hook_name="cpu",tool="unknown",outcome="success",agent="unknown"}',
        ),
      ).toBe(2);
    };
    check(await checkedMetrics(c));
    await stop(c);
    const checkpoint = readFileSync(join(base, 'state', 'checkpoint.json'), 'utf8');
    expect(checkpoint).not.toMatch(/null|Infinity|NaN/);
    const again = await start({}, base);
    check(await checkedMetrics(again.c));
  });
});

describe('spool directory entries', () => {
  it('skips directories, fifos, sockets and symlinks named like spool files, counts them, keeps ingesting', async () => {
    const { c, base, spoolDir, logs } = await start();
    mkdirSync(join(spoolDir, 'hs_1_a_b@dir.jsonl'));
    expect(spawnSync('mkfifo', [join(spoolDir, 'hs_2_a_b@fifo.jsonl')]).status).toBe(0);
    const socket = createNetServer();
    await new Promise<void>((r) => socket.listen(join(spoolDir, 'hs_3_a_b@sock.jsonl'), r));
    const outside = join(base, 'outside.jsonl');
    const outsideLine = lint();
    writeFileSync(outside, outsideLine);
    symlinkSync(outside, join(spoolDir, 'hs_4_a_b@link.jsonl'));
    try {
      appendRaw(spoolFile(spoolDir, deadPid()), lint() + lint());
      await c.scanNow();
      appendRaw(spoolFile(spoolDir, deadPid()), lint());
      await c.scanNow();
      const text = await checkedMetrics(c);
      expect(sample(text, LINT_COUNT)).toBe(3); // not 4: the symlinked file outside is not read
      for (const kind of ['directory', 'fifo', 'socket', 'symlink'])
        expect(sample(text, `hookscope_collector_spool_skipped_entries{kind="${kind}"}`)).toBe(1);
      expect(sample(text, 'hookscope_collector_spool_skipped_entries{kind="other"}')).toBe(0);
      expect(logs.filter((l) => l.includes('hs_1_a_b@dir.jsonl'))).toHaveLength(1);
      expect(readFileSync(outside, 'utf8')).toBe(outsideLine);
    } finally {
      socket.close();
    }
  });
});

describe('cumulative OTLP counters', () => {
  it('never count twice when there are more series than are remembered; evictions are counted', async () => {
    const { c, base, spoolDir } = await start({ maxCumulativeSeries: 100 });
    const points = Array.from({ length: 101 }, (_, i) => ({ value: 5, session: `s${i}` }));
    const file = spoolFile(spoolDir, deadPid());
    // Each series exported twice with the same value (nothing new), then once with one more.
    appendRaw(file, counterRequest(points, 2) + '\n' + counterRequest(points, 2) + '\n');
    await c.scanNow();
    let text = await checkedMetrics(c);
    expect(sample(text, 'claude_code_commit_count_total')).toBe(505);
    expect(sample(text, 'hookscope_collector_otlp_series_evicted_total')).toBeGreaterThan(0);
    await stop(c);
    const again = await start({ maxCumulativeSeries: 100 }, base);
    appendRaw(
      spoolFile(spoolDir, deadPid()),
      counterRequest(
        points.map((p) => ({ ...p, value: 6 })),
        2,
      ) + '\n',
    );
    await again.c.scanNow();
    text = await checkedMetrics(again.c);
    // Series still remembered add their increase (1); forgotten ones only start a new baseline.
    const total = sample(text, 'claude_code_commit_count_total')!;
    expect(total).toBeGreaterThanOrEqual(505);
    expect(total).toBeLessThanOrEqual(505 + 101);
  });
});

describe('nesting', () => {
  it('answers a deeply nested OTLP/JSON body (with a newline in it) with 400 and the reason; the collector keeps going', async () => {
    const { c, spoolDir } = await start({ otlpPort: 0 });
    const deep =
      '{"resourceSpans":[' + '['.repeat(100_000) + '"a\\n"' + ']'.repeat(100_000) + ']}\n';
    const res = await fetch(`${c.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deep.replace('"a\\n"', '"a"\n'),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/deeper than 64 levels/);
    appendRaw(spoolFile(spoolDir, deadPid()), lint() + deep + lint());
    await c.scanNow();
    const text = await checkedMetrics(c);
    expect(sample(text, LINT_COUNT)).toBe(2);
    expect(sample(text, 'hookscope_collector_spool_lines_rejected_total{reason="not_otlp"}')).toBe(
      1,
    );
  });
});

describe('checkpoint entries', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed checkpoint, damaged on purpose
  const cases: [string, (cp: Record<string, any>) => void, RegExp][] = [
    [
      'a string where a number belongs',
      (cp) => (cp.store.metrics['hookscope_collector_spans_ingested_total'][0].value = 'abc'),
      /store\.metrics\["hookscope_collector_spans_ingested_total"\]\[0\]\.value is "abc"/,
    ],
    [
      'a non-finite value saved as null',
      (cp) =>
        (cp.store.metrics['hookscope_hook_cpu_seconds_total'] = [
          { labels: ['a', 'b', 'user'], value: null, count: 0 },
        ]),
      /hookscope_hook_cpu_seconds_total"\]\[0\]\.value is null/,
    ],
    [
      'a histogram whose buckets do not add up to its count',
      (cp) => {
        const h = cp.store.metrics['hookscope_hook_duration_seconds'][0];
        h.buckets[0] += 3;
      },
      /hookscope_hook_duration_seconds"\]\[0\]\.buckets add up to \d+, but its count is 1/,
    ],
    [
      'a histogram entry without buckets',
      (cp) => (cp.store.metrics['hookscope_hook_duration_seconds'][0].buckets = 'x'),
      /hookscope_hook_duration_seconds"\]\[0\]\.buckets is not a list of counts/,
    ],
    [
      'a file offset that is not a number',
      (cp) => (cp.files['hs_1_a_b@h.jsonl'] = { ino: 1, offset: '12' }),
      /files\["hs_1_a_b@h\.jsonl"\]\.offset is "12"/,
    ],
    [
      'a cumulative series state of the wrong shape',
      (cp) => (cp.otlp = { streams: { k: ['1', 'x', 3] } }),
      /otlp\.streams\["k"\]/,
    ],
  ];

  it.each(cases)(
    '%s stops the start with a message naming the entry and the fix',
    async (_, damage, named) => {
      const first = await start();
      appendRaw(spoolFile(first.spoolDir, deadPid()), lint());
      await first.c.scanNow();
      await stop(first.c);
      const path = join(first.base, 'state', 'checkpoint.json');
      const cp = JSON.parse(readFileSync(path, 'utf8'));
      damage(cp);
      writeFileSync(path, JSON.stringify(cp));
      const err = await start({}, first.base).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CollectorConfigError);
      expect((err as Error).message).toMatch(named);
      expect((err as Error).message).toMatch(/Move it away to start counting from zero/);
    },
  );
});

describe('slow clients', () => {
  it('/metrics and the OTLP receiver close a connection that sends its headers too slowly, alike', async () => {
    const { c } = await start({ otlpPort: 0, httpHeadersTimeoutMs: 500 });
    const closedBy = (port: number) =>
      new Promise<string>((resolve) => {
        const sock = connect(port, '127.0.0.1', () =>
          sock.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'),
        );
        let answer = '';
        // One header byte every 100 ms: never a complete request.
        const drip = setInterval(() => sock.writable && sock.write('X'), 100);
        sock.on('data', (d) => (answer += d.toString()));
        sock.on('error', () => undefined);
        sock.on('close', () => {
          clearInterval(drip);
          resolve(answer.split('\r\n')[0]!);
        });
      });
    const [metricsAnswer, otlpAnswer] = await Promise.all([
      closedBy(c.port),
      closedBy(c.otlpPort!),
    ]);
    expect(metricsAnswer).toBe(otlpAnswer);
    expect(metricsAnswer).toMatch(/^(HTTP\/1\.1 408|)/);
  });
});

describe('a restart after each hostile input', () => {
  const hostile: [string, (spoolDir: string) => void][] = [
    [
      'CPU times of 1e308',
      (d) =>
        appendRaw(
          spoolFile(d, deadPid()),
          hookRequest([
            {
              event: 'Stop',
              name: 'x',
              seconds: 1,
              attributes: { 'hookscope.hook.cpu.user': 1e308 },
            },
          ]) + '\n',
        ),
    ],
    [
      'an infinite counter value',
      (d) =>
        appendRaw(
          spoolFile(d, deadPid()),
          counterRequest([{ value: 1e308, session: 'a' }], 1).replace('1e+308', '1e999') + '\n',
        ),
    ],
    [
      'a counter reset to a huge cumulative value',
      (d) =>
        appendRaw(
          spoolFile(d, deadPid()),
          counterRequest([{ value: 1e300, session: 'a', start: '2' }], 2) + '\n',
        ),
    ],
    [
      'a span lasting centuries',
      (d) =>
        appendRaw(
          spoolFile(d, deadPid()),
          hookRequest([{ event: 'Stop', name: 'x', seconds: 1e10, endMs: 1e13 }]) + '\n',
        ),
    ],
    [
      'a line nested 100,000 deep',
      (d) => appendRaw(spoolFile(d, deadPid()), '['.repeat(100_000) + ']'.repeat(100_000) + '\n'),
    ],
    ['a directory named like a spool file', (d) => mkdirSync(join(d, 'hs_1_a_b@x.jsonl'))],
    ['a line cut short by a crash', (d) => appendRaw(spoolFile(d, deadPid()), lint().slice(0, 50))],
    [
      'a label value of 100 kB',
      (d) =>
        appendRaw(
          spoolFile(d, deadPid()),
          hookRequest([{ event: 'Stop', name: 'n'.repeat(100_000), seconds: 1 }]) + '\n',
        ),
    ],
  ];

  it.each(hostile)('%s: /metrics parses and counts the same before and after', async (_, feed) => {
    const first = await start();
    appendRaw(spoolFile(first.spoolDir, deadPid()), lint());
    feed(first.spoolDir);
    appendRaw(spoolFile(first.spoolDir, deadPid()), lint());
    await first.c.scanNow();
    const before = await checkedMetrics(first.c);
    expect(sample(before, LINT_COUNT)).toBe(2);
    await stop(first.c);
    const again = await start({}, first.base);
    await again.c.scanNow();
    const after = await checkedMetrics(again.c);
    expect(sample(after, LINT_COUNT)).toBe(2);
    const counters = (t: string) => t.split('\n').filter((l) => /^[a-z_]+_total(\{| )/.test(l));
    expect(counters(after)).toEqual(counters(before));
  });
});
