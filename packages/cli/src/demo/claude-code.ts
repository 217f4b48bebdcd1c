import {
  ATTR_EVENT_NAME,
  CC_ATTR_AGENT_TYPE,
  CC_ATTR_CACHE_CREATION_TOKENS,
  CC_ATTR_CACHE_READ_TOKENS,
  CC_ATTR_DURATION_MS,
  CC_ATTR_HOOK_EVENT,
  CC_ATTR_HOOK_NAME,
  CC_ATTR_INPUT_TOKENS,
  CC_ATTR_MODEL,
  CC_ATTR_NUM_BLOCKING,
  CC_ATTR_NUM_CANCELLED,
  CC_ATTR_NUM_NON_BLOCKING_ERROR,
  CC_ATTR_NUM_SUCCESS,
  CC_ATTR_OUTPUT_TOKENS,
  CC_ATTR_POST_TOKENS,
  CC_ATTR_PRE_TOKENS,
  CC_ATTR_QUERY_SOURCE,
  CC_ATTR_START_TYPE,
  CC_ATTR_SUCCESS,
  CC_ATTR_TOOL_NAME,
  CC_ATTR_TOTAL_DURATION_MS,
  CC_ATTR_TRIGGER,
  CC_ATTR_TYPE,
  CC_EVENT_API_REQUEST,
  CC_EVENT_COMPACTION,
  CC_EVENT_HOOK_EXECUTION_COMPLETE,
  CC_EVENT_SUBAGENT_COMPLETED,
  CC_EVENT_TOOL_RESULT,
  CC_METRIC_ACTIVE_TIME,
  CC_METRIC_COST_USAGE,
  CC_METRIC_SESSION_COUNT,
  CC_METRIC_TOKEN_USAGE,
  CLAUDE_CODE_PREFIX,
  CLAUDE_CODE_SERVICE_NAME,
} from '@hookscope/catalog';
import type { Random } from './random.js';

/**
 * A Claude Code session's own telemetry, as Claude Code exports it with
 * `CLAUDE_CODE_ENABLE_TELEMETRY=1` and OTLP/HTTP JSON: delta counters (tokens, cost, sessions,
 * active time) on /v1/metrics and events (api_request, tool_result, hook_execution_complete,
 * compaction, subagent_completed) on /v1/logs, posted to the collector's OTLP receiver.
 */

type Value = string | number | boolean;
type AnyValue =
  { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
type KeyValue = { key: string; value: AnyValue };

function kv(attrs: Record<string, Value | undefined>): KeyValue[] {
  return Object.entries(attrs)
    .filter((e): e is [string, Value] => e[1] !== undefined)
    .map(([key, v]): KeyValue => ({
      key,
      value:
        typeof v === 'boolean'
          ? { boolValue: v }
          : typeof v === 'number'
            ? Number.isInteger(v)
              ? { intValue: String(v) }
              : { doubleValue: v }
            : { stringValue: v },
    }));
}

const RESOURCE = {
  attributes: kv({ 'service.name': CLAUDE_CODE_SERVICE_NAME, 'service.version': '2.1.200' }),
};
const SCOPE = { name: 'com.anthropic.claude_code', version: '2.1.200' };
const MODELS = ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'] as const;
const TOOLS = [
  { name: 'Read', ms: 5 },
  { name: 'Edit', ms: 40 },
  { name: 'Bash', ms: 900 },
  { name: 'Grep', ms: 60 },
] as const;
const HOOKS = [
  { event: 'PreToolUse', name: 'PreToolUse:Bash' },
  { event: 'PostToolUse', name: 'PostToolUse:Edit' },
  { event: 'UserPromptSubmit', name: 'UserPromptSubmit' },
] as const;
/** Per million tokens, input and output (list prices of the models' class). */
const PRICE = { 'claude-sonnet-4-5-20250929': [3, 15], 'claude-haiku-4-5-20251001': [1, 5] };

interface Sum {
  attrs: Record<string, string>;
  value: number;
}

export class ClaudeCodeSession {
  private events: { name: string; attrs: Record<string, Value | undefined> }[] = [];
  private sums = new Map<string, Map<string, Sum>>();
  private lastExportNs = BigInt(Date.now()) * 1_000_000n;
  private started = false;

  constructor(
    private readonly random: Random,
    private readonly endpoint: string,
  ) {}

  private add(metric: string, attrs: Record<string, string>, value: number): void {
    const series = this.sums.get(metric) ?? new Map<string, Sum>();
    this.sums.set(metric, series);
    const key = JSON.stringify(attrs);
    const s = series.get(key) ?? { attrs, value: 0 };
    s.value += value;
    series.set(key, s);
  }

  private event(name: string, attrs: Record<string, Value | undefined>): void {
    this.events.push({ name, attrs });
  }

  /** What the session did since the last export: a few requests, tool calls and hook runs. */
  simulate(seconds: number): void {
    const r = this.random;
    if (!this.started || r.chance(0.02)) {
      this.add(
        CC_METRIC_SESSION_COUNT,
        { [CC_ATTR_START_TYPE]: this.started ? r.pick(['resume', 'continue']) : 'fresh' },
        1,
      );
      this.started = true;
    }
    this.add(CC_METRIC_ACTIVE_TIME, { [CC_ATTR_TYPE]: 'cli' }, seconds * 0.6);
    for (let i = r.int(1, 4); i > 0; i--) {
      const subagent = r.chance(0.2);
      const model = subagent ? MODELS[1] : MODELS[0];
      const input = r.int(500, 6_000);
      const output = r.int(80, 1_800);
      const cost = (input * PRICE[model][0]! + output * PRICE[model][1]!) / 1e6;
      const source = subagent ? 'agent:Explore' : 'repl_main_thread';
      this.event(CC_EVENT_API_REQUEST, {
        [CC_ATTR_MODEL]: model,
        [CC_ATTR_QUERY_SOURCE]: source,
        [CC_ATTR_DURATION_MS]: Math.round(r.latency(subagent ? 1500 : 4000, 0.5, 300, 60_000)),
        [CC_ATTR_INPUT_TOKENS]: input,
        [CC_ATTR_OUTPUT_TOKENS]: output,
        [CC_ATTR_CACHE_READ_TOKENS]: r.int(0, 40_000),
        [CC_ATTR_CACHE_CREATION_TOKENS]: r.int(0, 2_000),
        cost_usd: Number(cost.toFixed(6)),
      });
      const q = { [CC_ATTR_MODEL]: model, [CC_ATTR_QUERY_SOURCE]: subagent ? 'agent' : 'main' };
      this.add(CC_METRIC_TOKEN_USAGE, { [CC_ATTR_TYPE]: 'input', ...q }, input);
      this.add(CC_METRIC_TOKEN_USAGE, { [CC_ATTR_TYPE]: 'output', ...q }, output);
      this.add(CC_METRIC_COST_USAGE, q, cost);
    }
    for (let i = r.int(2, 6); i > 0; i--) {
      const tool = r.pick(TOOLS);
      this.event(CC_EVENT_TOOL_RESULT, {
        [CC_ATTR_TOOL_NAME]: tool.name,
        [CC_ATTR_SUCCESS]: r.chance(0.95) ? 'true' : 'false',
        [CC_ATTR_DURATION_MS]: Math.round(r.latency(tool.ms, 0.7, 1, 120_000)),
      });
      const hook = r.pick(HOOKS);
      const blocking = r.chance(0.05) ? 1 : 0;
      this.event(CC_EVENT_HOOK_EXECUTION_COMPLETE, {
        [CC_ATTR_HOOK_EVENT]: hook.event,
        [CC_ATTR_HOOK_NAME]: hook.name,
        num_hooks: '2',
        [CC_ATTR_NUM_SUCCESS]: String(2 - blocking),
        [CC_ATTR_NUM_BLOCKING]: String(blocking),
        [CC_ATTR_NUM_NON_BLOCKING_ERROR]: '0',
        [CC_ATTR_NUM_CANCELLED]: '0',
        [CC_ATTR_TOTAL_DURATION_MS]: String(Math.round(r.latency(250, 0.6, 10, 30_000))),
      });
    }
    if (r.chance(0.1)) {
      const pre = r.int(120_000, 180_000);
      this.event(CC_EVENT_COMPACTION, {
        [CC_ATTR_TRIGGER]: r.chance(0.8) ? 'auto' : 'manual',
        [CC_ATTR_SUCCESS]: 'true',
        [CC_ATTR_DURATION_MS]: String(r.int(5_000, 20_000)),
        [CC_ATTR_PRE_TOKENS]: String(pre),
        [CC_ATTR_POST_TOKENS]: String(Math.round(pre * r.latency(0.2, 0.3, 0.05, 0.6))),
      });
    }
    if (r.chance(0.15)) {
      this.event(CC_EVENT_SUBAGENT_COMPLETED, {
        [CC_ATTR_AGENT_TYPE]: r.pick(['general-purpose', 'Explore']),
        [CC_ATTR_MODEL]: MODELS[0],
        [CC_ATTR_DURATION_MS]: String(Math.round(r.latency(30_000, 0.5, 3_000, 300_000))),
      });
    }
  }

  /** Posts what accumulated; returns an error message when the receiver did not take it. */
  async export(): Promise<string | undefined> {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const startNs = this.lastExportNs;
    this.lastExportNs = nowNs;
    const logs = {
      resourceLogs: [
        {
          resource: RESOURCE,
          scopeLogs: [
            {
              scope: { name: 'com.anthropic.claude_code.events', version: SCOPE.version },
              logRecords: this.events.map((e) => ({
                timeUnixNano: nowNs.toString(),
                observedTimeUnixNano: nowNs.toString(),
                body: { stringValue: CLAUDE_CODE_PREFIX + e.name },
                attributes: kv({ [ATTR_EVENT_NAME]: e.name, ...e.attrs }),
              })),
            },
          ],
        },
      ],
    };
    const metrics = {
      resourceMetrics: [
        {
          resource: RESOURCE,
          scopeMetrics: [
            {
              scope: SCOPE,
              metrics: [...this.sums].map(([name, series]) => ({
                name,
                sum: {
                  aggregationTemporality: 1, // delta, Claude Code's default
                  isMonotonic: true,
                  dataPoints: [...series.values()].map((s) => ({
                    attributes: kv(s.attrs),
                    startTimeUnixNano: startNs.toString(),
                    timeUnixNano: nowNs.toString(),
                    ...(name === CC_METRIC_COST_USAGE || name === CC_METRIC_ACTIVE_TIME
                      ? { asDouble: s.value }
                      : { asInt: String(Math.round(s.value)) }),
                  })),
                },
              })),
            },
          ],
        },
      ],
    };
    this.events = [];
    this.sums.clear();
    for (const [path, body] of [
      ['/v1/logs', logs],
      ['/v1/metrics', metrics],
    ] as const) {
      try {
        const res = await fetch(this.endpoint + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(5000),
        });
        await res.arrayBuffer();
        if (!res.ok) return `${this.endpoint}${path} answered HTTP ${res.status}`;
      } catch (err) {
        return `${this.endpoint}${path}: ${(err as Error).message}`;
      }
    }
    return undefined;
  }
}
