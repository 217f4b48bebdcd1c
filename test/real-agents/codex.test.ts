// The real Codex CLI (pinned in scripts/agent-clis.json), headless and offline against a
// stand-in of the Responses API, with hooks in bash and Python: run once as it is and once after
// `hookscope install --agent codex`, each time after trusting the hooks as Codex's /hooks screen
// does, the agent must not notice, and the collector must count every hook and what Codex
// reports itself exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  countBy,
  effectsIn,
  esc,
  expectAccepted,
  expectClose,
  expectSameEffects,
  recordedHooks,
  startCollectorWithTee,
  total,
  type SessionEffects,
} from '../support/agent-run-checks.js';
import { codex } from '../support/agents/codex.mjs';
import { codexHooks, trustCodexHooks, type CodexHook } from '../support/agents/codex-hooks.mjs';
import { agentCli } from '../support/agents/clis.mjs';
import { freshHome, freshProject, runAgent, type AgentRun } from '../support/agents/run.mjs';
import { scrape, sumBy } from '../support/metrics-text.js';
import {
  responsesText,
  startResponsesStandIn,
  type ModelTurn,
} from '../support/model-apis/openai-responses.mjs';
import { decodeExports, type OtlpTee } from '../support/otlp-tee.js';
import { HOOKSCOPE_LAUNCHER, REPO_ROOT, tempDir } from '../support/paths.js';
import { waitFor } from '../support/ports.js';
import { runToEnd, type CollectorProcess } from '../support/processes.js';

const FIXTURE = join(REPO_ROOT, 'test', 'real-agents', 'fixtures', 'codex');
const PROMPT = 'Write hello into out.txt, then show me the secrets.';
const BLOCKED = 'Blocked: reading .env is not allowed in this project';
const DENIED = 'Denied: no network access from this project';
const ANSWER = 'Wrote out.txt; the hooks did not let me read .env or fetch anything.';

/** A command that runs, one a hook blocks with exit 2, one a hook denies in JSON, an answer. */
const TURNS: ModelTurn[] = [
  { tool: 'exec_command', input: { cmd: 'echo hello > out.txt' } },
  { tool: 'exec_command', input: { cmd: 'cat .env' } },
  { tool: 'exec_command', input: { cmd: 'curl http://example.invalid/' } },
  { text: ANSWER },
];

interface Session extends SessionEffects {
  run: AgentRun;
  texts: string[];
  /** The hooks that needed review before the run, and were trusted. */
  trusted: CodexHook[];
  installOutput: string;
}

describe('Codex, for real, without and with hookscope', () => {
  const tmp = tempDir('hookscope-codex-');
  let spoolDir: string;
  const project = join(tmp.dir, 'project');
  const home = join(tmp.dir, 'home');
  let collector: CollectorProcess;
  let tee: OtlpTee;
  let bin: string;
  let plain: Session;
  let wrapped: Session;
  /** The hooks Codex sees right after install, before they were trusted again. */
  let afterInstall: CodexHook[];
  /** The hook log of a session between install and trusting the hooks again. */
  let untrustedHookLog: string;

  /** One session in a fresh copy of the fixture and a fresh home, against a fresh stand-in. */
  const session = async (install: boolean): Promise<Session> => {
    freshProject(FIXTURE, project);
    freshHome(codex, home, project);
    const model = await startResponsesStandIn({ turns: TURNS });
    try {
      const env: Record<string, string> = {
        PATH: process.env['PATH']!,
        HOME: home,
        ...codex.env({ home, modelUrl: model.url }),
      };
      // Hooks on, the project trusted (so that its .codex/ counts), telemetry to the tee.
      appendFileSync(
        join(home, '.codex', 'config.toml'),
        [
          '[features]',
          'hooks = true',
          `[projects.${JSON.stringify(project)}]`,
          'trust_level = "trusted"',
          '[otel]',
          'log_user_prompt = false',
          `exporter = { otlp-http = { endpoint = "${tee.url}/v1/logs", protocol = "json" } }`,
          `metrics_exporter = { otlp-http = { endpoint = "${tee.url}/v1/metrics", protocol = "json" } }`,
          '',
        ].join('\n'),
      );
      // The user reviewed and trusted the project's hooks once, as they are.
      expect((await trustCodexHooks(bin, env, project)).length).toBe(5);
      const runOnce = () =>
        runAgent(codex, bin, {
          project,
          home,
          prompt: PROMPT,
          modelUrl: model.url,
          env: { HOOKSCOPE_SPOOL_DIR: spoolDir },
          timeoutMs: 60_000,
        });
      let installOutput = '';
      let trusted: CodexHook[] = [];
      if (install) {
        const r = await runToEnd(HOOKSCOPE_LAUNCHER, ['install', '--agent', 'codex'], {
          cwd: project,
          env: { PATH: process.env['PATH'], HOME: home },
        });
        expect(r.code, r.stderr).toBe(0);
        installOutput = r.stdout.toString();
        afterInstall = await codexHooks(bin, env, project);
        // Before they are trusted again, the wrapped hooks do not run at all (one more session).
        const untrusted = await runOnce();
        expect(untrusted.code, untrusted.stderr).toBe(0);
        untrustedHookLog = effectsIn(project).hookLog;
        rmSync(join(project, 'out.txt'), { force: true });
        model.requests.length = 0;
        // What install's message asks the user to do: trust the changed hooks in /hooks.
        trusted = await trustCodexHooks(bin, env, project);
      }
      const run = await runOnce();
      return {
        run,
        texts: model.responses().map((r) => normalize(responsesText(r.body))),
        ...effectsIn(project),
        trusted,
        installOutput,
      };
    } finally {
      await model.close();
    }
  };

  beforeAll(async () => {
    bin = agentCli(codex.cli).bin;
    ({ collector, tee, spoolDir } = await startCollectorWithTee(tmp.dir));
    plain = await session(false);
    wrapped = await session(true);
  }, 150_000);

  afterAll(async () => {
    await tee?.close();
    await collector?.stop();
    tmp.cleanup();
  });

  it('skips changed hooks until they are trusted again, as install says', () => {
    // Every hook install wrapped is "modified" for Codex, and skipped until trusted again.
    expect(
      afterInstall.map((h) => [h.command?.includes(' exec --agent=codex -- '), h.trustStatus]),
    ).toEqual(afterInstall.map(() => [true, 'modified']));
    expect(afterInstall).toHaveLength(5);
    expect(untrustedHookLog).toBe('');
    expect(wrapped.trusted.map((h) => h.key).sort()).toEqual(afterInstall.map((h) => h.key).sort());
    expect(wrapped.installOutput).toContain(
      `open /hooks and trust the ${afterInstall.length} hooks hookscope wrapped`,
    );
  });

  it('gives the same exit code, answer and hook side effects', () => {
    expectSameEffects(plain, wrapped, [
      'session-start startup',
      `prompt ${PROMPT.length} chars`,
      'guard echo hello > out.txt',
      'post Bash',
      'guard cat .env',
      'guard curl http://example.invalid/',
    ]);
    expect(plain.run.stdout.trim().split('\n').at(-1)).toBe(ANSWER);
    expect(wrapped.run.stdout).toBe(plain.run.stdout);
  });

  it('sends the model the same text, request by request', () => {
    expect(plain.texts).toHaveLength(TURNS.length);
    expect(plain.texts.at(-1)).toContain(esc(BLOCKED));
    expect(plain.texts.at(-1)).toContain(esc(DENIED));
    expect(wrapped.texts).toEqual(plain.texts);
  });

  it('counts every hook by event, name, tool and outcome', async () => {
    const samples = await waitFor('the wrapped hook runs on /metrics', async () => {
      const s = await scrape(collector.metricsUrl);
      return total(s, 'hookscope_hook_duration_seconds_count') >= 9 ? s : undefined;
    });
    expect(
      sumBy(samples, 'hookscope_hook_duration_seconds_count', [
        'agent',
        'hook_event',
        'hook_name',
        'tool',
        'outcome',
      ]),
      recordedHooks(spoolDir),
    ).toEqual({
      'codex/SessionStart/session_start/unknown/success': 1,
      'codex/UserPromptSubmit/prompt_note/unknown/success': 1,
      'codex/PreToolUse/guard_bash/Bash/success': 2,
      'codex/PreToolUse/guard_bash/Bash/blocked': 1,
      'codex/PreToolUse/no_network/Bash/success': 2,
      'codex/PreToolUse/no_network/Bash/blocked': 1,
      'codex/PostToolUse/log_tool/Bash/success': 1,
    });
  });

  it("lands Codex's own telemetry in /metrics with the values it sent", async () => {
    // Every export of both sessions (Codex may flush its last ones after it exited).
    const all = tee.exports;
    const sent = decodeExports(all);
    const events = (name: string) => sent.events.filter((e) => e.name === name);
    const completed = events('codex.sse_event').filter(
      (e) => e.attributes['event.kind'] === 'response.completed',
    );
    const used = [...events('codex.tool_result'), ...events('codex.api_request'), ...completed];
    // Codex also exports a log line of its own ("flushing OTEL metrics"), not an event.
    const notEvents = sent.events.filter((e) => !e.name.startsWith('codex.'));
    const samples = await waitFor('everything Codex sent, on /metrics', async () => {
      const s = await scrape(collector.metricsUrl);
      const records = total(s, 'hookscope_collector_otlp_records_total');
      return records === sent.events.length + sent.points.length ? s : undefined;
    });
    const hookRuns = sent.points.filter((p) => p.metric === 'codex.hooks.run');
    expectAccepted(samples, all, collector, {
      'metrics/used': hookRuns.length,
      'metrics/ignored': sent.points.length - hookRuns.length,
      'logs/used': used.length,
      'logs/ignored': sent.events.length - used.length - notEvents.length,
      'logs/unknown': notEvents.length,
    });
    // Hook runs: Codex counts them per event (its hook_name) and status, as deltas.
    expect(hookRuns.every((p) => p.temporality === 1)).toBe(true);
    expect(
      sumBy(samples, 'hookscope_coding_agent_hook_runs_total', ['hook_event', 'result'], {
        agent: 'codex',
      }),
    ).toEqual(
      countBy(hookRuns, ['hook_name', 'status'], (p) => (p as unknown as { value: number }).value),
    );
    expect(
      sumBy(samples, 'hookscope_coding_agent_hook_runs_total', ['hook_event', 'result'], {
        agent: 'codex',
      }),
    ).toEqual({
      'SessionStart/completed': 2,
      'UserPromptSubmit/completed': 2,
      'PreToolUse/completed': 8,
      'PreToolUse/blocked': 4,
      'PostToolUse/completed': 2,
    });

    // Tool results (the command that ran), model requests and their tokens.
    const tools = events('codex.tool_result').map((e) => ({
      attributes: {
        ...e.attributes,
        outcome: String(e.attributes['success']) === 'false' ? 'error' : 'success',
      },
    }));
    // Three sessions: as written (one command ran), after install before trusting the hooks
    // again (no hook ran, so all three commands did), trusted (one ran).
    expect(tools).toHaveLength(5);
    expect(
      sumBy(samples, 'hookscope_coding_agent_tool_duration_seconds_count', ['tool', 'outcome'], {
        agent: 'codex',
      }),
    ).toEqual(countBy(tools, ['tool_name', 'outcome']));
    expectClose(
      sumBy(samples, 'hookscope_coding_agent_tool_duration_seconds_sum', ['tool', 'outcome'], {
        agent: 'codex',
      }),
      countBy(tools, ['tool_name', 'outcome'], (e) => Number(e.attributes['duration_ms']) / 1000),
      'tool seconds',
    );
    const requests = events('codex.api_request');
    expect(requests).toHaveLength(3 * TURNS.length);
    expect(sumBy(samples, 'hookscope_conversation_turns_total', ['model', 'outcome'])).toEqual(
      Object.fromEntries(
        Object.entries(countBy(requests, ['model'])).map(([k, v]) => [`${k}/success`, v]),
      ),
    );
    expectClose(
      sumBy(samples, 'hookscope_conversation_response_duration_seconds_sum', ['model']),
      countBy(requests, ['model'], (e) => Number(e.attributes['duration_ms']) / 1000),
      'request seconds',
    );
    expect(sumBy(samples, 'hookscope_conversation_tokens_total', ['token_type'])).toEqual({
      // (Not every completed response carries counts.)
      input: completed.reduce((a, e) => a + Number(e.attributes['input_token_count'] ?? 0), 0),
      output: completed.reduce((a, e) => a + Number(e.attributes['output_token_count'] ?? 0), 0),
    });
  });
});

/** What differs from run to run whatever runs the hooks. */
function normalize(text: string): string {
  return text
    .replace(/Chunk ID: [0-9a-f]+/g, 'Chunk ID: <id>')
    .replace(/Wall time: [0-9.]+ seconds/g, 'Wall time: <t> seconds');
}
