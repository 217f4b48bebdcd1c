// What the real-agent tests check the same way for every agent: the hook spans the wrappers
// wrote, sums over /metrics, and whether the collector refused anything of an export.
import { expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sumBy, type Sample } from './metrics-text.js';
import { startOtlpTee, type OtlpTee, type TeedExport } from './otlp-tee.js';
import { startCollectorProcess, type CollectorProcess } from './processes.js';
import { attrs, type SpoolSpan } from './spool.js';

/**
 * A collector as a process of its own (read spool files kept, so that a test can read the hook
 * spans too) and a tee in front of its OTLP receiver that records what the agent sent.
 */
export async function startCollectorWithTee(
  dir: string,
): Promise<{ collector: CollectorProcess; tee: OtlpTee; spoolDir: string }> {
  const spoolDir = join(dir, 'spool');
  const collector = await startCollectorProcess([
    '--spool-dir',
    spoolDir,
    '--state-dir',
    join(dir, 'state'),
    '--no-host-metrics',
    '--retain',
    '3600',
  ]);
  const tee = await startOtlpTee(collector.otlpUrl!);
  return { collector, tee, spoolDir };
}

/** What each session leaves that a user would check: its run, the hooks' log, the file written. */
export interface SessionEffects {
  run: { code: number | null; stderr: string };
  hookLog: string;
  outTxt: string | undefined;
}

/** The hooks' log and the file the tool wrote, in `project` after a session. */
export function effectsIn(project: string): Pick<SessionEffects, 'hookLog' | 'outTxt'> {
  const file = (f: string) =>
    existsSync(join(project, f)) ? readFileSync(join(project, f), 'utf8') : undefined;
  return { hookLog: file('hook-log.txt') ?? '', outTxt: file('out.txt') };
}

/** Both sessions exited 0 alike, the hooks logged `hookLog` in each, the tool wrote the same file. */
export function expectSameEffects(
  plain: SessionEffects,
  wrapped: SessionEffects,
  hookLog: string[],
): void {
  expect(plain.run.code, plain.run.stderr).toBe(0);
  expect(wrapped.run.code, wrapped.run.stderr).toBe(plain.run.code);
  expect(plain.hookLog).toBe([...hookLog, ''].join('\n'));
  expect(wrapped.hookLog).toBe(plain.hookLog);
  expect(plain.outTxt).toBe('hello\n');
  expect(wrapped.outTxt).toBe(plain.outTxt);
}

/**
 * Every export answered 200 with nothing rejected, counted as received, records counted by
 * `signal/result` as `records` says (absent results: none), and no error in the collector's log.
 */
export function expectAccepted(
  samples: Sample[],
  exports: TeedExport[],
  collector: CollectorProcess,
  records: Record<string, number>,
): void {
  expect(exports.map((e) => e.status)).toEqual(exports.map(() => 200));
  for (const e of exports) expect(rejected(e)).toBe(0);
  expect(sumBy(samples, 'hookscope_collector_otlp_requests_total', ['code'])).toEqual({
    '200': exports.length,
  });
  const table: Record<string, number> = {};
  for (const signal of ['metrics', 'logs'])
    for (const result of ['used', 'ignored', 'unknown', 'invalid'])
      table[`${signal}/${result}`] = records[`${signal}/${result}`] ?? 0;
  expect(sumBy(samples, 'hookscope_collector_otlp_records_total', ['signal', 'result'])).toEqual(
    table,
  );
  expect(collector.output()).not.toMatch(/error|refus|reject|skipped/i);
}

/** Items counted (or `value` summed) by their attributes `keys`, joined with '/'. */
export function countBy(
  items: { attributes: Record<string, unknown> }[],
  keys: string[],
  value: (item: { attributes: Record<string, unknown> }) => number = () => 1,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const key = keys.map((k) => String(item.attributes[k])).join('/');
    out[key] = (out[key] ?? 0) + value(item);
  }
  return out;
}

/** Hook spans in the spool (the receiver's own files there hold other signals too). */
export function hookSpans(spoolDir: string) {
  return readdirSync(spoolDir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(spoolDir, f), 'utf8').split('\n'))
    .filter((line) => line.startsWith('{"resourceSpans"'))
    .flatMap((line) => readSpoolLine(line))
    .filter((s) => s.attributes['hookscope.kind'] === 'hook');
}

/** What each wrapper recorded (event, name, outcome, signal, exit code, warnings): says why on a mismatch. */
export function recordedHooks(spoolDir: string): string {
  return hookSpans(spoolDir)
    .map((span) =>
      ['event', 'name', 'outcome', 'signal']
        .map((k) => span.attributes[`hookscope.hook.${k}`])
        .concat(span.attributes['process.exit.code'], span.attributes['hookscope.exec.warnings'])
        .join(' '),
    )
    .join('; ');
}

export function total(samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return Object.values(sumBy(samples, name, [], where)).reduce((a, b) => a + b, 0);
}

/** Equal keys, values equal to the precision of the exposition format. */
export function expectClose(
  actual: Record<string, number>,
  expected: Record<string, number>,
  what: string,
) {
  expect(Object.keys(actual).sort(), what).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected))
    expect(actual[k], `${what} ${k}`).toBeCloseTo(v, 9);
}

/** Items the collector's answer says it rejected (an empty answer rejects nothing). */
export function rejected(e: TeedExport): number {
  if (e.answer.length === 0) return 0;
  if (!e.contentType.includes('json')) return e.answer.length; // a non-empty protobuf answer carries a partial success
  const p =
    (JSON.parse(e.answer.toString()) as { partialSuccess?: Record<string, unknown> })
      .partialSuccess ?? {};
  return (
    Number(p['rejectedSpans'] ?? 0) +
    Number(p['rejectedDataPoints'] ?? 0) +
    Number(p['rejectedLogRecords'] ?? 0)
  );
}

/** Text as it appears inside the JSON of a request. */
export function esc(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** The spans of one spool line, attributes as plain values. */
function readSpoolLine(line: string) {
  const req = JSON.parse(line) as { resourceSpans: { scopeSpans: { spans: SpoolSpan[] }[] }[] };
  return req.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((span) => ({ ...span, attributes: attrs(span.attributes) })),
    ),
  );
}
