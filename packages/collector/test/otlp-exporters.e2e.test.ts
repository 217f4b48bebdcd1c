// OTLP requests made by the real OpenTelemetry JS exporters (http/json and http/protobuf, gzip
// or not) and Claude Code-shaped fixtures reach a real Prometheus through `hookscope collector`
// with exact values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTLPTraceExporter as TraceJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as TraceProto } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as MetricsJson,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as MetricsProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import {
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
} from '@opentelemetry/sdk-logs';
import { havePrometheus } from '../../../test/support/prometheus.js';
import { startPipeline, type Pipeline } from '../../../test/support/pipeline.js';
import { waitFor } from '../../../test/support/ports.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'claude-code');
const VARIANTS = [
  { name: 'json', gzip: false },
  { name: 'proto', gzip: false },
  { name: 'json-gzip', gzip: true },
  { name: 'proto-gzip', gzip: true },
] as const;

describe.skipIf(!havePrometheus())('OTLP into Prometheus through the collector', () => {
  let pipeline: Pipeline;
  let url: string;

  /** Waits until Prometheus has scraped `expr` with the expected value. */
  const expectValue = async (expr: string, expected: number) => {
    const got = await waitFor(
      `${expr} == ${expected}`,
      async () => {
        const v = await pipeline.prom.scalar(expr);
        return v !== undefined && Math.abs(v - expected) < 1e-9 ? v : undefined;
      },
      20_000,
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message} (last value ${await pipeline.prom.scalar(expr)})\n${pipeline.collector.output()}`,
      );
    });
    expect(got).toBeCloseTo(expected, 9);
  };

  beforeAll(async () => {
    pipeline = await startPipeline();
    url = pipeline.collector.otlpUrl!;
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('counts Claude Code-shaped metrics and events posted as OTLP/JSON, without id labels', async () => {
    for (const [file, path] of [
      ['metrics.json', '/v1/metrics'],
      ['events.json', '/v1/logs'],
    ]) {
      const res = await fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: readFileSync(join(FIXTURES, file!)),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
    }
    const sonnet = 'model="claude-sonnet-4-5-20250929"';
    await expectValue('claude_code_session_count_total{start_type="fresh"}', 1);
    await expectValue('claude_code_session_count_total{start_type="resume"}', 1);
    await expectValue(
      `claude_code_token_usage_tokens_total{type="input",${sonnet},query_source="main"}`,
      1200,
    );
    await expectValue(`claude_code_token_usage_tokens_total{type="cacheRead",${sonnet}}`, 5000);
    await expectValue(
      'claude_code_token_usage_tokens_total{type="input",query_source="auxiliary"}',
      100,
    );
    await expectValue(`claude_code_cost_usage_usd_total{${sonnet}}`, 0.0421);
    await expectValue('claude_code_lines_of_code_count_total{type="added"}', 42);
    await expectValue('claude_code_lines_of_code_count_total{type="removed"}', 7);
    await expectValue('claude_code_commit_count_total', 1);
    await expectValue('claude_code_pull_request_count_total', 1);
    await expectValue(
      'claude_code_code_edit_tool_decision_total{tool_name="Edit",decision="accept",language="TypeScript"}',
      3,
    );
    await expectValue('claude_code_active_time_seconds_total{type="cli"}', 30.25);

    // API requests are conversation exchanges of the main conversation: response time 0.8 s,
    // 1.4 s, 2.6 s against the 1.5 s / 3 s thresholds, turns, tokens, context size.
    const main = `process_type="main",${sonnet}`;
    const api = `hookscope_conversation_response_duration_seconds_bucket{${main},outcome="success"`;
    await expectValue(`${api},le="1"}`, 1);
    await expectValue(`${api},le="1.5"}`, 2);
    await expectValue(`${api},le="3"}`, 3);
    await expectValue(
      `hookscope_conversation_response_duration_seconds_sum{${main},outcome="success"}`,
      4.8,
    );
    await expectValue(
      `hookscope_conversation_response_duration_seconds_count{${main},outcome="error"}`,
      1,
    );
    await expectValue(`hookscope_conversation_turns_total{${main},outcome="success"}`, 3);
    await expectValue(`hookscope_conversation_turns_total{${main},outcome="error"}`, 1);
    await expectValue(`hookscope_conversation_tokens_total{${main},token_type="input"}`, 3600);
    await expectValue(`hookscope_conversation_tokens_total{${main},token_type="output"}`, 1050);
    await expectValue(`hookscope_conversation_context_tokens_sum{${main}}`, 21000);
    await expectValue(`hookscope_conversation_context_tokens_bucket{${main},le="5000"}`, 0);
    await expectValue(`hookscope_conversation_context_tokens_bucket{${main},le="10000"}`, 3);
    // Sessions resumed or continued are restarts.
    await expectValue(
      'hookscope_conversation_restarts_total{process_type="main",outcome="success"}',
      1,
    );

    await expectValue(
      'hookscope_claude_code_tool_duration_seconds_count{tool="Bash",outcome="success"}',
      1,
    );
    await expectValue(
      'hookscope_claude_code_tool_duration_seconds_sum{tool="Bash",outcome="error"}',
      2.3,
    );
    await expectValue(
      'hookscope_claude_code_tool_duration_seconds_sum{tool="Read",outcome="success"}',
      0.004,
    );

    // Compactions are compressions: 150k -> 30k tokens (auto) keeps 0.2, 100k -> 60k keeps 0.6.
    const compression = 'process_type="main",trigger';
    await expectValue(`hookscope_conversation_compression_ratio_sum{${compression}="auto"}`, 0.2);
    await expectValue(
      `hookscope_conversation_compression_ratio_bucket{${compression}="manual",le="0.5"}`,
      0,
    );
    await expectValue(
      `hookscope_conversation_compression_ratio_bucket{${compression}="manual",le="0.6"}`,
      1,
    );
    await expectValue(
      `hookscope_conversation_compression_saved_tokens_total{${compression}="auto"}`,
      120000,
    );
    await expectValue(
      `hookscope_conversation_compression_saved_tokens_total{${compression}="manual"}`,
      40000,
    );
    await expectValue(
      `hookscope_conversation_compression_duration_seconds_sum{${compression}="auto"}`,
      12,
    );
    await expectValue(
      `hookscope_conversation_compressions_total{${compression}="auto",critical_info="unknown"}`,
      1,
    );

    await expectValue(
      'hookscope_agent_duration_seconds_sum{agent="general-purpose",outcome="success"}',
      45,
    );
    await expectValue(
      'hookscope_claude_code_hook_duration_seconds_sum{hook_event="PreToolUse",hook_name="PreToolUse:Bash"}',
      0.35,
    );
    await expectValue(
      'hookscope_claude_code_hook_runs_total{hook_name="PreToolUse:Bash",result="blocking"}',
      1,
    );
    await expectValue(
      'hookscope_claude_code_hook_runs_total{hook_name="PreToolUse:Bash",result="success"}',
      1,
    );
    await expectValue('hookscope_collector_otlp_records_total{signal="metrics",result="used"}', 16);
    await expectValue('hookscope_collector_otlp_records_total{signal="logs",result="used"}', 13);
    await expectValue('hookscope_collector_otlp_records_total{signal="logs",result="unknown"}', 0);
    // The user's prompt is counted (never its text), and the permission decision on the tool.
    await expectValue('hookscope_claude_code_prompts_total', 1);
    await expectValue(
      'hookscope_claude_code_tool_decisions_total{tool="Bash",decision="accept",source="config"}',
      1,
    );

    // Ids and identity never become labels (no --claude-code-id-labels).
    const series = await pipeline.prom.query(
      '{__name__=~"claude_code_.*|hookscope_claude_code_.*|hookscope_conversation_.*|hookscope_agent_.*"}',
    );
    expect(series.length).toBeGreaterThan(20);
    for (const s of series) {
      expect(Object.keys(s.metric)).not.toContain('session_id');
      expect(Object.keys(s.metric)).not.toContain('user_id');
      expect(JSON.stringify(s.metric)).not.toMatch(/dev@example\.com|5d8e2f1a|7f3a9c2e/);
    }
  });

  it('derives hook metrics from spans sent by the real trace exporters', async () => {
    for (const v of VARIANTS) {
      const options = {
        url: `${url}/v1/traces`,
        compression: v.gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
      };
      const exporter: SpanExporter = v.name.startsWith('json')
        ? new TraceJson(options)
        : new TraceProto(options);
      const provider = new TracerProvider({
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      });
      const start = Date.now() - 1000;
      const span = provider.getTracer('exporter-test').startSpan('hook PreToolUse', {
        startTime: start,
        attributes: {
          'hookscope.kind': 'hook',
          'hookscope.hook.event': 'PreToolUse',
          'hookscope.hook.name': `exporter-${v.name}`,
          'hookscope.hook.outcome': 'blocked',
        },
      });
      span.end(start + 250);
      await provider.forceFlush();
      await provider.shutdown();
    }
    for (const v of VARIANTS) {
      await expectValue(
        `hookscope_hook_duration_seconds_sum{hook_name="exporter-${v.name}",outcome="blocked"}`,
        0.25,
      );
      await expectValue(
        `hookscope_hook_duration_seconds_bucket{hook_name="exporter-${v.name}",le="0.25"}`,
        1,
      );
    }
    await expectValue('hookscope_collector_spans_ingested_total{source="otlp"}', VARIANTS.length);
    await expectValue(
      'sum(hookscope_collector_otlp_requests_total{signal="traces",code="200"})',
      VARIANTS.length,
    );
    await expectValue(
      'hookscope_collector_otlp_requests_total{signal="traces",encoding="protobuf",code="200"}',
      2,
    );
  });

  it('passes through counters from the real metric exporters, delta and cumulative', async () => {
    for (const v of VARIANTS) {
      for (const temporality of ['delta', 'cumulative'] as const) {
        const options = {
          url: `${url}/v1/metrics`,
          compression: v.gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
          temporalityPreference:
            temporality === 'delta'
              ? AggregationTemporalityPreference.DELTA
              : AggregationTemporalityPreference.CUMULATIVE,
        };
        const exporter: PushMetricExporter = v.name.startsWith('json')
          ? new MetricsJson(options)
          : new MetricsProto(options);
        const reader = new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: 3_600_000,
        });
        const provider = new MeterProvider({
          resource: resourceFromAttributes({ 'service.name': 'claude-code' }),
          readers: [reader],
        });
        const tokens = provider
          .getMeter('com.anthropic.claude_code')
          .createCounter('claude_code.token.usage', { unit: 'tokens' });
        const attrs = {
          type: 'output',
          model: `exporter-${v.name}-${temporality}`,
          query_source: 'main',
          'session.id': 'a-session',
        };
        tokens.add(100, attrs);
        await provider.forceFlush();
        tokens.add(50, attrs);
        await provider.forceFlush(); // cumulative: exports 150, which adds 50, not 150
        await provider.shutdown();
      }
    }
    for (const v of VARIANTS) {
      for (const temporality of ['delta', 'cumulative']) {
        await expectValue(
          `claude_code_token_usage_tokens_total{model="exporter-${v.name}-${temporality}",type="output"}`,
          150,
        );
      }
    }
  });

  it('turns events from the real log exporters into histograms', async () => {
    for (const v of VARIANTS) {
      const options = {
        url: `${url}/v1/logs`,
        compression: v.gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
      };
      const exporter: LogRecordExporter = v.name.startsWith('json')
        ? new LogsJson(options)
        : new LogsProto(options);
      const provider = new LoggerProvider({
        resource: resourceFromAttributes({ 'service.name': 'claude-code' }),
        processors: [new SimpleLogRecordProcessor({ exporter })],
      });
      const logger = provider.getLogger('com.anthropic.claude_code.events');
      logger.emit({
        body: 'claude_code.tool_result',
        attributes: {
          'event.name': 'tool_result',
          tool_name: `Exporter-${v.name}`,
          success: 'true',
          duration_ms: 1500,
        },
      });
      logger.emit({
        eventName: 'claude_code.subagent_completed',
        attributes: { agent_type: `exporter-${v.name}`, duration_ms: '61000' },
      });
      await provider.forceFlush();
      await provider.shutdown();
    }
    for (const v of VARIANTS) {
      await expectValue(
        `hookscope_claude_code_tool_duration_seconds_sum{tool="Exporter-${v.name}",outcome="success"}`,
        1.5,
      );
      await expectValue(
        `hookscope_agent_duration_seconds_bucket{agent="exporter-${v.name}",le="60"}`,
        0,
      );
      await expectValue(`hookscope_agent_duration_seconds_count{agent="exporter-${v.name}"}`, 1);
    }
  });
});
