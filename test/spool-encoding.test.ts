import { afterEach, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTelemetry, type TelemetryHandle } from '../packages/telemetry/src/index.js';
import { decodeTraceRequest } from '../packages/collector/src/otlp-json-decode.js';
import { tempDir } from './support/paths.js';

// The library writes spool lines as text it builds itself (not JSON.stringify of objects): every
// string must come out escaped, every value typed as OTLP/JSON says, and the collector's
// decoder must read back exactly what the hook recorded.
let handle: TelemetryHandle | undefined;
const tmp = tempDir('hookscope-encoding-');
afterEach(() => {
  handle?.shutdown();
  handle = undefined;
});

const NASTY = [
  'quote " and backslash \\',
  'newline\n tab\t return\r',
  'controls \u0000\u0001\u001f and del \u007f',
  'separators \u2028\u2029',
  'emoji 😀 and ünïcödé',
  'lone surrogate \ud800 here',
  '</script>',
  'x'.repeat(300),
];

function spoolLines(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter(Boolean);
}

it('writes valid OTLP/JSON the collector decodes to the values recorded', () => {
  const spoolDir = join(tmp.dir, 'spool');
  handle = initTelemetry({
    spoolDir,
    env: { OTEL_RESOURCE_ATTRIBUTES: 'team=a%22b,deployment.environment=dev' },
    serviceName: 'svc "quoted"',
  });
  const attributes: Record<string, unknown> = {
    int: 42,
    negative: -7,
    double: 2.5,
    bool: false,
    'key with "quotes"': 'v',
    array: ['a', 1, 1.5, true, null],
  };
  NASTY.forEach((s, i) => (attributes[`nasty.${i}`] = s));
  // Twice, so that remembered encodings are used as well as fresh ones.
  for (let round = 0; round < 2; round++) {
    const span = handle.tracer.startSpan(`span "${round}"\n`, {
      attributes: { ...attributes, nan: NaN } as never,
    });
    span.addEvent('event "e"', { detail: NASTY[0]! });
    span.setStatus({ code: 2, message: 'failed: "why"\n' });
    span.end();
  }
  handle.flush();

  const lines = spoolLines(spoolDir);
  expect(lines).toHaveLength(2);
  for (const [round, line] of lines.entries()) {
    const body = JSON.parse(line) as {
      resourceSpans: {
        scopeSpans: { spans: { attributes: { key: string; value: object }[] }[] }[];
      }[];
    };
    const raw = body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    // JSON has no NaN: written as null, as JSON.stringify would.
    expect(raw.attributes.find((kv) => kv.key === 'nan')?.value).toEqual({ doubleValue: null });
    expect(raw.attributes.find((kv) => kv.key === 'array')?.value).toEqual({
      arrayValue: {
        values: [
          { stringValue: 'a' },
          { intValue: '1' },
          { doubleValue: 1.5 },
          { boolValue: true },
        ],
      },
    });

    const decoded = decodeTraceRequest(body);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.spans).toHaveLength(1);
    const span = decoded.spans[0]!;
    expect(span.name).toBe(`span "${round}"\n`);
    expect(span.statusCode).toBe(2);
    const { array: _array, ...scalars } = attributes;
    expect(span.attributes).toEqual(scalars);
    expect(span.events).toEqual([{ name: 'event "e"', attributes: { detail: NASTY[0] } }]);
    expect(span.resource).toMatchObject({
      'service.name': 'svc "quoted"',
      team: 'a"b',
      'deployment.environment': 'dev',
    });
  }
});
