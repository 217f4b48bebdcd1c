// What the real-agent tests check the same way for every agent: the hook spans the wrappers
// wrote, sums over /metrics, and whether the collector refused anything of an export.
import { expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sumBy, type Sample } from './metrics-text.js';
import type { TeedExport } from './otlp-tee.js';
import { attrs, type SpoolSpan } from './spool.js';

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
