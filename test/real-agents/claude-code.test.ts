// The real Claude Code CLI (pinned in scripts/agent-clis.json), headless and offline against a
// stand-in of the Messages API, with hooks in bash and Python: run once as it is and once after
// `hookscope install --claude-telemetry`, the agent must not notice, and the collector must
// count every hook and every piece of Claude Code's own telemetry exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { hookLauncher } from '../../packages/cli/src/install/wrap.js';
import { claudeCode } from '../support/agents/claude-code.mjs';
import { agentCli } from '../support/agents/clis.mjs';
import { freshHome, freshProject, runAgent, type AgentRun } from '../support/agents/run.mjs';
import {
  countBy,
  effectsIn,
  esc,
  expectAccepted,
  expectClose,
  expectSameEffects,
  hookSpans as spooledHookSpans,
  recordedHooks,
  startCollectorWithTee,
  total,
  type SessionEffects,
} from '../support/agent-run-checks.js';
import { scrape, sumBy } from '../support/metrics-text.js';
import {
  conversationText,
  startAnthropicStandIn,
  type AnthropicScript,
} from '../support/model-apis/anthropic.mjs';
import {
  decodeExports,
  type OtlpTee,
  type SentEvent,
  type TeedExport,
} from '../support/otlp-tee.js';
import { HOOKSCOPE_LAUNCHER, REPO_ROOT, tempDir } from '../support/paths.js';
import { waitFor } from '../support/ports.js';
import { runToEnd, type CollectorProcess } from '../support/processes.js';
import { CC_IGNORED_EVENTS, CLAUDE_CODE_COUNTERS } from '@hookscope/catalog';

const FIXTURE = join(REPO_ROOT, 'test', 'real-agents', 'fixtures', 'claude-code');
const PROMPT = 'Write hello into out.txt, then clean up the build directory.';
const BLOCK_REASON = 'Blocked: recursive deletes are not allowed in this project';
const DENY_REASON = 'Denied: no network access from this project';

/** A Bash call that runs, one a PreToolUse hook blocks with exit 2, one a hook denies in JSON, an answer. */
const SCRIPT: AnthropicScript = {
  turns: [
    { tool: 'Bash', input: { command: 'echo hello > out.txt', description: 'Write out.txt' } },
    { tool: 'Bash', input: { command: 'rm -rf build', description: 'Remove build/' } },
    { tool: 'Bash', input: { command: 'curl http://example.invalid/', description: 'Fetch' } },
    { text: 'Wrote out.txt; the hooks did not let me remove build/ or fetch anything.' },
  ],
  usage: { input_tokens: 120, output_tokens: 15 },
};

interface Session extends SessionEffects {
  run: AgentRun;
  result: { result?: string; is_error?: boolean; num_turns?: number };
  texts: string[];
  exports: TeedExport[];
  /** The PreToolUse hook's command as the session's settings held it. */
  guardCommand: string;
}

describe('Claude Code, for real, without and with hookscope', () => {
  const tmp = tempDir('hookscope-claude-code-');
  let spoolDir: string;
  const project = join(tmp.dir, 'project');
  const home = join(tmp.dir, 'home');
  let collector: CollectorProcess;
  let tee: OtlpTee;
  let plain: Session;
  let wrapped: Session;

  /** One session in a fresh copy of the fixture, against a fresh stand-in. */
  const session = async (
    prepare: () => Promise<void>,
    env: Record<string, string>,
    bin: string,
  ): Promise<Session> => {
    freshProject(FIXTURE, project);
    freshHome(claudeCode, home, project);
    await prepare();
    const model = await startAnthropicStandIn(SCRIPT);
    const before = tee.exports.length;
    try {
      const run = await runAgent(claudeCode, bin, {
        project,
        home,
        prompt: PROMPT,
        modelUrl: model.url,
        env: { HOOKSCOPE_SPOOL_DIR: spoolDir, ...env },
        timeoutMs: 60_000,
      });
      const settings = JSON.parse(readFileSync(join(project, '.claude', 'settings.json'), 'utf8'));
      return {
        run,
        result: run.stdout ? JSON.parse(run.stdout) : {},
        texts: model.messages().map((m) => conversationText(m.body)),
        ...effectsIn(project),
        exports: tee.exports.slice(before),
        guardCommand: settings.hooks.PreToolUse[0].hooks[0].command,
      };
    } finally {
      await model.close();
    }
  };

  beforeAll(async () => {
    const { bin } = agentCli(claudeCode.cli);
    ({ collector, tee, spoolDir } = await startCollectorWithTee(tmp.dir));
    // Without hookscope: Claude Code's telemetry from the environment, as OTLP/JSON.
    plain = await session(
      async () => undefined,
      {
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_TRACES_EXPORTER: 'otlp',
        CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: '1',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: tee.url,
      },
      bin,
    );
    // With hookscope: the hooks wrapped, and the telemetry settings that
    // `hookscope install --claude-telemetry` writes into the user's settings (OTLP/protobuf).
    wrapped = await session(
      async () => {
        const r = await runToEnd(
          HOOKSCOPE_LAUNCHER,
          ['install', '--claude-telemetry', '--otlp-endpoint', tee.url],
          { cwd: project, env: { PATH: process.env['PATH'], HOME: home } },
        );
        expect(r.code, r.stderr).toBe(0);
      },
      {},
      bin,
    );
  }, 240_000);

  afterAll(async () => {
    await tee?.close();
    await collector?.stop();
    tmp.cleanup();
  });

  it('gives the same exit code, answer and hook side effects', () => {
    expectSameEffects(plain, wrapped, [
      'session-start startup',
      `prompt ${PROMPT.length} chars`,
      'guard echo hello > out.txt',
      'post Bash interrupted=False',
      'guard rm -rf build',
      'guard curl http://example.invalid/',
    ]);
    expect(plain.result.result).toBe(
      SCRIPT.turns[3] && 'text' in SCRIPT.turns[3] ? SCRIPT.turns[3].text : '',
    );
    expect(wrapped.result.result).toBe(plain.result.result);
    expect(wrapped.result.is_error).toBe(false);
  });

  it('sends the model the same text, request by request', () => {
    expect(plain.texts.length).toBe(SCRIPT.turns.length);
    expect(plain.texts.at(-1)).toContain(BLOCK_REASON);
    // A deny decision's reason reaches the model without the hook's command.
    expect(plain.texts.at(-1)).toContain(DENY_REASON);
    // Claude Code quotes the blocking hook's command to the model ("PreToolUse:Bash hook error:
    // [<command>]: <stderr>"), and after install that command runs hookscope. Everything else
    // the model reads is the same; the quoted command is exactly the wrapped one: the launcher,
    // `exec --agent=claude-code --` and the original (the event comes from the payload, the name
    // from the command; docs/exec-and-install.md says what remains and why).
    expect(plain.texts.at(-1)).toContain(esc(`[${plain.guardCommand}]: ${BLOCK_REASON}`));
    expect(wrapped.guardCommand).toBe(
      `${hookLauncher(realpathSync(HOOKSCOPE_LAUNCHER))} exec --agent=claude-code -- ${plain.guardCommand}`,
    );
    expect(wrapped.texts.at(-1)).toContain(esc(`[${wrapped.guardCommand}]: ${BLOCK_REASON}`));
    const quoted = (texts: string[], command: string) =>
      texts.map((t) => t.split(esc(command)).join('<the hook command>'));
    expect(quoted(wrapped.texts, wrapped.guardCommand)).toEqual(
      quoted(plain.texts, plain.guardCommand),
    );
  });

  const hookSpans = () => spooledHookSpans(spoolDir);

  it('counts every hook by event, name, tool and outcome', async () => {
    const samples = await waitFor('ten wrapped hook runs on /metrics', async () => {
      const s = await scrape(collector.metricsUrl);
      return total(s, 'hookscope_hook_duration_seconds_count') === 10 ? s : undefined;
    });
    expect(
      sumBy(samples, 'hookscope_hook_duration_seconds_count', [
        'hook_event',
        'hook_name',
        'tool',
        'outcome',
      ]),
      recordedHooks(spoolDir),
    ).toEqual({
      'SessionStart/session_start/unknown/success': 1,
      'UserPromptSubmit/prompt_note/unknown/success': 1,
      'PreToolUse/guard_bash/Bash/success': 2,
      'PreToolUse/guard_bash/Bash/blocked': 1,
      // Its deny decision printed with exit 0 (the hooks of one call run side by side).
      'PreToolUse/no_network/Bash/success': 2,
      'PreToolUse/no_network/Bash/blocked': 1,
      'PostToolUse/log_tool/Bash/success': 1,
      // `sleep 5` with "timeout": 1: Claude Code stops it and reports it cancelled.
      'Stop/sleep/unknown/timeout': 1,
    });
  });

  it("puts the hook spans of a prompt under Claude Code's interaction span", () => {
    const sent = decodeExports(wrapped.exports).spans;
    const interactions = sent.filter((s) => s.name === 'claude_code.interaction');
    expect(interactions).toHaveLength(1);
    const [interaction] = interactions;
    const spans = hookSpans();
    expect(spans).toHaveLength(10);
    for (const span of spans) {
      const event = span.attributes['hookscope.hook.event'];
      if (event === 'SessionStart') {
        // It runs before the first prompt, so before any interaction span exists.
        expect(span.parentSpanId ?? '').toBe('');
      } else {
        expect({ event, trace: span.traceId, parent: span.parentSpanId }).toEqual({
          event,
          trace: interaction!.traceId,
          parent: interaction!.spanId,
        });
      }
    }
  });

  it("lands Claude Code's own telemetry in /metrics with the values it sent", async () => {
    const all = [...plain.exports, ...wrapped.exports];
    expect(new Set(plain.exports.map((e) => e.contentType))).toEqual(new Set(['application/json']));
    expect(new Set(wrapped.exports.map((e) => e.contentType))).toEqual(
      new Set(['application/x-protobuf']),
    );
    const sent = decodeExports(all);
    expect(new Set(all.map((e) => e.signal))).toEqual(new Set(['metrics', 'logs', 'traces']));
    const events = (name: string) => sent.events.filter((e) => e.name === name);
    const ignored = sent.events.filter((e) => CC_IGNORED_EVENTS.includes(e.name));
    const samples = await waitFor('everything Claude Code sent, on /metrics', async () => {
      const s = await scrape(collector.metricsUrl);
      const records = total(s, 'hookscope_collector_otlp_records_total');
      const spans = total(s, 'hookscope_collector_spans_ingested_total', { source: 'otlp' });
      return records === sent.events.length + sent.points.length && spans === sent.spans.length
        ? s
        : undefined;
    });

    // Nothing refused, nothing unknown: every record is used, or one of the events left aside.
    expectAccepted(samples, all, collector, {
      'metrics/used': sent.points.length,
      'logs/used': sent.events.length - ignored.length,
      'logs/ignored': ignored.length,
    });

    // Counters: each series is the sum of the deltas sent (Claude Code's default temporality).
    expect(sent.points.length).toBeGreaterThan(0);
    for (const def of CLAUDE_CODE_COUNTERS) {
      const points = sent.points.filter((p) => p.metric === def.instrument);
      expect(points.every((p) => p.temporality === 1)).toBe(true);
      const expected: Record<string, number> = {};
      for (const p of points) {
        const key = def.labels.map((l) => String(p.attributes[l] ?? 'unknown')).join('/');
        expected[key] = (expected[key] ?? 0) + p.value;
      }
      expectClose(sumBy(samples, def.name, def.labels), expected, def.name);
    }

    // Events: one observation or increment each, values as sent.
    const hooks = events('hook_execution_complete');
    expect(hooks.length).toBe(14); // seven hook groups (PreToolUse three times), two sessions
    const hookKey = ['hook_event', 'hook_name'];
    expect(sumBy(samples, 'hookscope_claude_code_hook_duration_seconds_count', hookKey)).toEqual(
      countBy(hooks, hookKey),
    );
    expectClose(
      sumBy(samples, 'hookscope_claude_code_hook_duration_seconds_sum', hookKey),
      countBy(hooks, hookKey, (e) => Number(e.attributes['total_duration_ms']) / 1000),
      'hook group seconds',
    );
    const runs = sumBy(samples, 'hookscope_claude_code_hook_runs_total', [...hookKey, 'result']);
    for (const result of ['success', 'blocking', 'non_blocking_error', 'cancelled']) {
      const expected = countBy(hooks, hookKey, (e) => Number(e.attributes[`num_${result}`]));
      for (const [key, n] of Object.entries(expected)) {
        expect(runs[`${key}/${result}`] ?? 0, `${key} ${result}`).toBe(n);
      }
    }
    expect(runs['Stop/Stop/cancelled']).toBe(2);
    // Exit 2 and the deny decision alike, in each session.
    expect(runs['PreToolUse/PreToolUse:Bash/blocking']).toBe(4);

    const tools = events('tool_result');
    const toolKey = (e: SentEvent) =>
      `${e.attributes['tool_name']}/${e.attributes['success'] === 'true' || e.attributes['success'] === true ? 'success' : 'error'}`;
    const toolCounts: Record<string, number> = {};
    const toolSeconds: Record<string, number> = {};
    for (const e of tools) {
      toolCounts[toolKey(e)] = (toolCounts[toolKey(e)] ?? 0) + 1;
      toolSeconds[toolKey(e)] =
        (toolSeconds[toolKey(e)] ?? 0) + Number(e.attributes['duration_ms']) / 1000;
    }
    expect(toolCounts).toEqual({ 'Bash/success': 2 });
    expect(
      sumBy(samples, 'hookscope_claude_code_tool_duration_seconds_count', ['tool', 'outcome']),
    ).toEqual(toolCounts);
    expectClose(
      sumBy(samples, 'hookscope_claude_code_tool_duration_seconds_sum', ['tool', 'outcome']),
      toolSeconds,
      'tool seconds',
    );

    const requests = events('api_request');
    expect(requests.length).toBe(2 * SCRIPT.turns.length);
    expect(sumBy(samples, 'hookscope_conversation_turns_total', ['model', 'outcome'])).toEqual(
      countBy(requests, ['model']) &&
        Object.fromEntries(
          Object.entries(countBy(requests, ['model'])).map(([k, v]) => [`${k}/success`, v]),
        ),
    );
    expect(sumBy(samples, 'hookscope_conversation_tokens_total', ['token_type'])).toEqual({
      input: requests.reduce((a, e) => a + Number(e.attributes['input_tokens']), 0),
      output: requests.reduce((a, e) => a + Number(e.attributes['output_tokens']), 0),
    });

    const decisions = events('tool_decision');
    expect(countBy(decisions, ['tool_name', 'decision', 'source'])).toEqual({
      'Bash/accept/config': 2,
      'Bash/reject/hook': 4,
    });
    expect(
      sumBy(samples, 'hookscope_claude_code_tool_decisions_total', ['tool', 'decision', 'source']),
    ).toEqual(countBy(decisions, ['tool_name', 'decision', 'source']));
    const registered = events('hook_registered');
    expect(registered.length).toBe(12);
    expect(
      sumBy(samples, 'hookscope_claude_code_hooks_registered_total', [
        'hook_event',
        'hook_type',
        'hook_source',
      ]),
    ).toEqual(countBy(registered, ['hook_event', 'hook_type', 'hook_source']));
    expect(events('user_prompt').length).toBe(2);
    expect(total(samples, 'hookscope_claude_code_prompts_total')).toBe(2);
  });
});
