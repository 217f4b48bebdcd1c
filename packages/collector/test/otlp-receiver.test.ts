// The OTLP/HTTP receiver as a client sees it: answers per the OTLP/HTTP specification (status,
// content type, partial success, error bodies), limits, and what reaches /metrics and the spool.
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { Collector } from '../src/index.js';
import { collectorFixture } from '../../../test/support/collector.js';
import { hookRequest, protoSpanRequest, spanRequest } from '../../../test/support/otlp.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'claude-code');
const { start, stop, dir, cleanup } = collectorFixture();
afterEach(cleanup);

interface Reply {
  status: number;
  type: string | null;
  body: Buffer;
  headers: Headers;
}

async function post(
  c: Collector,
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Reply> {
  const res = await fetch(c.otlpUrl + path, { method: 'POST', headers, body });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
    headers: res.headers,
  };
}

/** The value of one series of /metrics after the spool has been read, e.g. `name{l="v"}`. */
async function sample(c: Collector, series: string): Promise<number | undefined> {
  await c.scanNow();
  const text = await (await fetch(c.metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const requests = (signal: string, encoding: string, code: number) =>
  `hookscope_collector_otlp_requests_total{signal="${signal}",encoding="${encoding}",code="${code}"}`;

describe('OTLP/HTTP answers', () => {
  it('acknowledges a JSON request with an empty response and counts its spans', async () => {
    const { c } = await start();
    const r = await post(
      c,
      '/v1/traces',
      hookRequest([{ event: 'Stop', name: 'ack', seconds: 0.5 }]),
    );
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json');
    expect(JSON.parse(r.body.toString())).toEqual({});
    expect(
      await sample(
        c,
        'hookscope_hook_duration_seconds_sum{hook_event="Stop",hook_name="ack",tool="unknown",outcome="success",agent="unknown"}',
      ),
    ).toBe(0.5);
    expect(await sample(c, 'hookscope_collector_spans_ingested_total{source="otlp"}')).toBe(1);
    expect(await sample(c, requests('traces', 'json', 200))).toBe(1);
  });

  it('reports rejected spans as a partial success and keeps the valid ones', async () => {
    const { c } = await start();
    const body = JSON.parse(
      spanRequest([
        {
          name: 'good',
          seconds: 1,
          attributes: {
            'hookscope.kind': 'hook',
            'hookscope.hook.event': 'Stop',
            'hookscope.hook.name': 'partial',
          },
        },
      ]),
    );
    const spans = body.resourceSpans[0].scopeSpans[0].spans;
    spans.push({ ...spans[0], spanId: 'not-hex', name: 'bad id' });
    spans.push({
      ...spans[0],
      startTimeUnixNano: '2000',
      endTimeUnixNano: '1000',
      name: 'ends before it starts',
    });
    const r = await post(c, '/v1/traces', JSON.stringify(body));
    expect(r.status).toBe(200);
    const answer = JSON.parse(r.body.toString());
    expect(answer.partialSuccess.rejectedSpans).toBe('2');
    expect(answer.partialSuccess.errorMessage).toMatch(/2 spans rejected/);
    expect(
      await sample(
        c,
        'hookscope_hook_duration_seconds_count{hook_event="Stop",hook_name="partial",tool="unknown",outcome="success",agent="unknown"}',
      ),
    ).toBe(1);
    expect(await sample(c, 'hookscope_collector_spans_rejected_total{reason="invalid_span"}')).toBe(
      2,
    );
  });

  it('answers protobuf with protobuf, readable by the OpenTelemetry exporters', async () => {
    const { c } = await start();
    const now = BigInt(Date.now()) * 1_000_000n;
    const hook = {
      'hookscope.kind': 'hook',
      'hookscope.hook.event': 'Stop',
      'hookscope.hook.name': 'proto',
    };
    const good = { name: 'p', start: now - 250_000_000n, end: now, attributes: hook };
    const bad = { name: 'backwards', start: now, end: now - 1n };
    const r = await post(c, '/v1/traces', protoSpanRequest([good, bad]), {
      'content-type': 'application/x-protobuf',
    });
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/x-protobuf');
    const answer = ProtobufTraceSerializer.deserializeResponse(r.body);
    expect(Number(answer.partialSuccess?.rejectedSpans)).toBe(1);
    expect(answer.partialSuccess?.errorMessage).toMatch(/1 spans rejected/);
    expect(
      await sample(
        c,
        'hookscope_hook_duration_seconds_sum{hook_event="Stop",hook_name="proto",tool="unknown",outcome="success",agent="unknown"}',
      ),
    ).toBe(0.25);

    const empty = await post(c, '/v1/logs', new Uint8Array(0), {
      'content-type': 'application/x-protobuf',
    });
    expect(empty.status).toBe(200);
    expect(ProtobufLogsSerializer.deserializeResponse(empty.body).partialSuccess).toBeUndefined();
    const metrics = await post(c, '/v1/metrics', new Uint8Array(0), {
      'content-type': 'application/x-protobuf',
    });
    expect(ProtobufMetricsSerializer.deserializeResponse(metrics.body)).toEqual({});
    expect(await sample(c, requests('traces', 'protobuf', 200))).toBe(1);
    expect(await sample(c, requests('logs', 'protobuf', 200))).toBe(1);
  });

  it('refuses malformed bodies with 400 and a Status message in the request encoding', async () => {
    const { c, logs } = await start();
    const cases: [string, string | Uint8Array, string, RegExp][] = [
      ['/v1/traces', '{"resourceSpans": [', 'application/json', /not valid JSON/],
      ['/v1/traces', '[1, 2]', 'application/json', /not an OTLP\/JSON export request/],
      ['/v1/traces', '{"resourceSpans": 5}', 'application/json', /no resourceSpans array/],
      [
        '/v1/metrics',
        '{"resourceMetrics": [{"scopeMetrics": {}}]}',
        'application/json',
        /scopeMetrics is not an array/,
      ],
      [
        '/v1/logs',
        '{"resourceLogs": ["x"]}',
        'application/json',
        /resourceLogs entry is not an object/,
      ],
      [
        '/v1/traces',
        new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
        'application/x-protobuf',
        /not a valid protobuf/,
      ],
    ];
    for (const [path, body, type, message] of cases) {
      const r = await post(c, path, body, { 'content-type': type });
      expect(r.status, `${path} ${String(body)}`).toBe(400);
      expect(r.type).toBe(type);
      const status =
        type === 'application/json'
          ? JSON.parse(r.body.toString())
          : protobuf
              .parse('syntax="proto3"; message S { int32 code = 1; string message = 2; }')
              .root.lookupType('S')
              .decode(r.body);
      expect(status.code).toBe(3); // INVALID_ARGUMENT
      expect(status.message).toMatch(message);
    }
    expect(await sample(c, requests('traces', 'json', 400))).toBe(3);
    expect(await sample(c, requests('traces', 'protobuf', 400))).toBe(1);
    // Logged once per signal and status, then only counted.
    expect(logs.filter((l) => /traces request refused with 400/.test(l))).toHaveLength(1);
  });

  it('answers 415 for other content types and encodings, 404 and 405 elsewhere', async () => {
    const { c } = await start();
    const body = hookRequest([{ event: 'Stop', name: 'x', seconds: 1 }]);
    const text = await post(c, '/v1/traces', body, { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(JSON.parse(text.body.toString()).message).toMatch(
      /application\/json or application\/x-protobuf/,
    );
    const brotli = await post(c, '/v1/traces', body, {
      'content-type': 'application/json',
      'content-encoding': 'br',
    });
    expect(brotli.status).toBe(415);
    expect((await post(c, '/v1/other', body)).status).toBe(404);
    const get = await fetch(c.otlpUrl + '/v1/traces');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    // JSON with a charset parameter is still JSON.
    expect(
      (await post(c, '/v1/traces', body, { 'content-type': 'application/json; charset=utf-8' }))
        .status,
    ).toBe(200);
    expect(await sample(c, requests('traces', 'other', 415))).toBe(1);
    expect(await sample(c, requests('traces', 'json', 415))).toBe(1);
    expect(await sample(c, requests('other', 'other', 404))).toBe(1);
    expect(await sample(c, requests('traces', 'other', 405))).toBe(1);
  });

  it('accepts gzip, and refuses gzip that is broken or inflates past the limit', async () => {
    const { c } = await start({ otlpMaxBodyBytes: 64 * 1024 });
    const gz = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const ok = await post(
      c,
      '/v1/traces',
      gzipSync(hookRequest([{ event: 'Stop', name: 'gz', seconds: 2 }])),
      gz,
    );
    expect(ok.status).toBe(200);
    expect(
      await sample(
        c,
        'hookscope_hook_duration_seconds_sum{hook_event="Stop",hook_name="gz",tool="unknown",outcome="success",agent="unknown"}',
      ),
    ).toBe(2);
    const broken = await post(c, '/v1/traces', Buffer.from('not gzip at all'), gz);
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body.toString()).message).toMatch(/not valid gzip/);
    // 16 MiB of spaces compress to a few KiB: the limit applies to the inflated size too.
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, ' '));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const refused = await post(c, '/v1/traces', bomb, gz);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body.toString()).message).toMatch(
      /larger than 65536 bytes once decompressed/,
    );
  });

  it('refuses bodies over the limit, declared or streamed, without reading them whole', async () => {
    const { c } = await start({ otlpMaxBodyBytes: 4096 });
    const big = `{"resourceSpans": [], "pad": "${'x'.repeat(10_000)}"}`;
    const declared = await post(c, '/v1/traces', big);
    expect(declared.status).toBe(413);
    // Chunked: no Content-Length, the limit is found while the body streams in.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        c.otlpUrl + '/v1/traces',
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(1000));
      req.end();
    });
    expect(streamed).toBe(413);
    expect(await sample(c, requests('traces', 'json', 413))).toBe(2);
    expect(
      (await post(c, '/v1/traces', hookRequest([{ event: 'Stop', name: 'small', seconds: 1 }])))
        .status,
    ).toBe(200);
  });
});

describe('what the receiver keeps', () => {
  it('has a span in the spool when it answers 200, and counts it once, from the spool', async () => {
    const { c, spoolDir } = await start({ pollIntervalMs: 60_000 });
    const r = await post(
      c,
      '/v1/traces',
      hookRequest([{ event: 'Stop', name: 'spooled-first', seconds: 1 }]),
    );
    expect(r.status).toBe(200);
    const files = readdirSync(spoolDir).filter((f) => f.includes('_otlp'));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(spoolDir, files[0]!), 'utf8')).toContain('spooled-first');
    const series =
      'hookscope_hook_duration_seconds_count{hook_event="Stop",hook_name="spooled-first",tool="unknown",outcome="success",agent="unknown"}';
    expect(await sample(c, series)).toBe(1);
    await c.scanNow();
    expect(await sample(c, series)).toBe(1);
  });

  it('splits a request longer than a spool line into several lines, losing nothing', async () => {
    const { c, spoolDir } = await start({ maxLineBytes: 4096 });
    const spans = Array.from({ length: 60 }, (_, i) => ({
      event: 'Stop',
      name: `split-${i % 3}`,
      seconds: 0.5,
    }));
    const body = hookRequest(spans);
    expect(body.length).toBeGreaterThan(4 * 4096);
    expect((await post(c, '/v1/traces', body)).status).toBe(200);
    const file = readdirSync(spoolDir).find((f) => f.includes('_otlp'))!;
    const lines = readFileSync(join(spoolDir, file), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(4096);
    for (let i = 0; i < 3; i++) {
      expect(
        await sample(
          c,
          `hookscope_hook_duration_seconds_count{hook_event="Stop",hook_name="split-${i}",tool="unknown",outcome="success",agent="unknown"}`,
        ),
      ).toBe(20);
    }
    expect(
      await sample(c, 'hookscope_collector_spool_lines_rejected_total{reason="oversized"}'),
    ).toBe(0);
  });

  it('counts events with missing attributes as invalid and unknown events as unknown', async () => {
    const { c } = await start();
    const event = (name: string, attributes: Record<string, string>) => ({
      body: { stringValue: `claude_code.${name}` },
      attributes: Object.entries(attributes).map(([key, v]) => ({
        key,
        value: { stringValue: v },
      })),
    });
    const body = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                event('api_request', { model: 'm' }), // no duration_ms
                event('tool_result', { tool_name: 'Bash', duration_ms: 'soon' }),
                event('hook_execution_complete', { hook_event: 'Stop' }),
                event('some_future_event', { duration_ms: '5' }),
                { body: { stringValue: 'an application log line, not an event' } },
                event('tool_result', { tool_name: 'Bash', success: 'true', duration_ms: '5' }),
              ],
            },
          ],
        },
      ],
    };
    expect((await post(c, '/v1/logs', JSON.stringify(body))).status).toBe(200);
    expect(
      await sample(c, 'hookscope_collector_otlp_records_total{signal="logs",result="invalid"}'),
    ).toBe(3);
    expect(
      await sample(c, 'hookscope_collector_otlp_records_total{signal="logs",result="unknown"}'),
    ).toBe(2);
    expect(
      await sample(c, 'hookscope_collector_otlp_records_total{signal="logs",result="used"}'),
    ).toBe(1);
  });

  it('never writes prompts, tool input or error text from log records to disk', async () => {
    const { c, spoolDir } = await start();
    const secret = 'PROMPT-TEXT do not keep';
    const kv = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const body = {
      resourceLogs: [
        {
          resource: {
            attributes: [kv('service.name', 'claude-code'), kv('user.email', 'dev@example.com')],
          },
          scopeLogs: [
            {
              logRecords: [
                {
                  body: { stringValue: 'claude_code.user_prompt' },
                  attributes: [kv('event.name', 'user_prompt'), kv('prompt', secret)],
                },
                {
                  body: { stringValue: 'claude_code.tool_result' },
                  attributes: [
                    ...[
                      kv('event.name', 'tool_result'),
                      kv('tool_name', 'Bash'),
                      kv('success', 'false'),
                    ],
                    ...[
                      kv('duration_ms', '30'),
                      kv('tool_input', `{"command":"${secret}"}`),
                      kv('error', secret),
                    ],
                  ],
                },
                { body: { stringValue: `an application log line: ${secret}`.repeat(10) } },
              ],
            },
          ],
        },
      ],
    };
    expect((await post(c, '/v1/logs', JSON.stringify(body))).status).toBe(200);
    const spooled = readdirSync(spoolDir)
      .map((f) => readFileSync(join(spoolDir, f), 'utf8'))
      .join('');
    expect(spooled).toContain('tool_result');
    expect(spooled).not.toContain('PROMPT-TEXT');
    expect(spooled).not.toContain('dev@example.com');
    expect(
      await sample(
        c,
        'hookscope_claude_code_tool_duration_seconds_sum{tool="Bash",outcome="error"}',
      ),
    ).toBe(0.03);
    // The prompt is counted, its text never read; the application log line is unknown.
    expect(await sample(c, 'hookscope_claude_code_prompts_total')).toBe(1);
    expect(
      await sample(c, 'hookscope_collector_otlp_records_total{signal="logs",result="unknown"}'),
    ).toBe(1);
  });

  it('keeps session and user ids off labels unless the user opts in', async () => {
    const metricsFixture = readFileSync(join(FIXTURES, 'metrics.json'));
    const plain = await start();
    expect((await post(plain.c, '/v1/metrics', metricsFixture)).status).toBe(200);
    await plain.c.scanNow();
    const text = await (await fetch(plain.c.metricsUrl)).text();
    expect(text).toMatch(/^claude_code_session_count_total\{start_type="fresh"\} 1$/m);
    expect(text).not.toMatch(/session_id|user_id|5d8e2f1a/);

    const opted = await start({ claudeCodeIdLabels: true });
    expect((await post(opted.c, '/v1/metrics', metricsFixture)).status).toBe(200);
    expect(
      await sample(
        opted.c,
        'claude_code_session_count_total{start_type="resume",session_id="9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f",user_id="7f3a9c2e4b1d8f6a0c5e9b3d7a1f4c8e2b6d0a9f3c7e1b5d9a3f7c1e5b9d3a7f"}',
      ),
    ).toBe(1);
  });

  it('adds cumulative counters by their increase, across a restart', async () => {
    const base = dir();
    const point = (value: number, start: string) =>
      JSON.stringify({
        resourceMetrics: [
          {
            resource: {
              attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }],
            },
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'claude_code.commit.count',
                    sum: {
                      aggregationTemporality: 2,
                      isMonotonic: true,
                      dataPoints: [
                        {
                          asInt: String(value),
                          startTimeUnixNano: start,
                          timeUnixNano: '1763679700000000000',
                          attributes: [{ key: 'session.id', value: { stringValue: 's1' } }],
                        },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        ],
      });
    const first = await start({}, base);
    await post(first.c, '/v1/metrics', point(10, '1763679600000000000'));
    expect(await sample(first.c, 'claude_code_commit_count_total')).toBe(10);
    await stop(first.c);

    const second = await start({}, base);
    await post(second.c, '/v1/metrics', point(15, '1763679600000000000'));
    expect(await sample(second.c, 'claude_code_commit_count_total')).toBe(15);
    // A new start time is a reset: the whole value is new.
    await post(second.c, '/v1/metrics', point(4, '1763679650000000000'));
    expect(await sample(second.c, 'claude_code_commit_count_total')).toBe(19);
  });

  it('warns when the receiver listens beyond loopback', async () => {
    const { logs, c } = await start({ otlpHost: '0.0.0.0' });
    expect(c.otlpUrl).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(logs.join('\n')).toMatch(
      /warning: the OTLP receiver listens on 0\.0\.0\.0, reachable from other machines/,
    );
    const quiet = await start();
    expect(quiet.logs.join('\n')).not.toMatch(/warning/);
  });

  it('can be turned off', async () => {
    const { c } = await start({ otlp: false });
    expect(c.otlpUrl).toBeUndefined();
  });
});
