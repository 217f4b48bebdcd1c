// The real Gemini CLI (pinned in scripts/agent-clis.json), headless and offline against a
// stand-in of the Gemini API, with hooks in bash and Python: run once as it is and once after
// `hookscope install --agent gemini-cli`, the agent must not notice, and the collector must
// count every hook and every piece of Gemini CLI's own telemetry exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { geminiCli } from '../support/agents/gemini-cli.mjs';
import { agentCli } from '../support/agents/clis.mjs';
import { freshProject, sessionAgainst, type AgentRun } from '../support/agents/run.mjs';
import { scrape, sumBy } from '../support/metrics-text.js';
import { geminiText, startGeminiStandIn, type ModelTurn } from '../support/model-apis/gemini.mjs';
import { decodeExports, type OtlpTee, type SentEvent } from '../support/otlp-tee.js';
import { HOOKSCOPE_LAUNCHER, REPO_ROOT, tempDir } from '../support/paths.js';
import { waitFor } from '../support/ports.js';
import { runToEnd, type CollectorProcess } from '../support/processes.js';

const FIXTURE = join(REPO_ROOT, 'test', 'real-agents', 'fixtures', 'gemini-cli');
const PROMPT = 'Write hello into out.txt, then clean up the build directory.';
const BLOCKED = 'Blocked: recursive deletes are not allowed in this project';
const DENIED = 'Denied: no network access from this project';
const ANSWER = 'Wrote out.txt; the hooks did not let me remove build/ or fetch anything.';

/** A shell command that runs, one a hook blocks with exit 2, one a hook denies in JSON, an answer. */
const TURNS: ModelTurn[] = [
  { tool: 'run_shell_command', input: { command: 'echo hello > out.txt', description: 'Write' } },
  { tool: 'run_shell_command', input: { command: 'rm -rf build', description: 'Remove build/' } },
  {
    tool: 'run_shell_command',
    input: { command: 'curl http://example.invalid/', description: 'Fetch' },
  },
  { text: ANSWER },
];

interface Session extends SessionEffects {
  run: AgentRun;
  texts: string[];
}

describe('Gemini CLI, for real, without and with hookscope', () => {
  const tmp = tempDir('hookscope-gemini-');
  let spoolDir: string;
  const project = join(tmp.dir, 'project');
  const home = join(tmp.dir, 'home');
  let collector: CollectorProcess;
  let tee: OtlpTee;
  let plain: Session;
  let wrapped: Session;

  /** One session in a fresh copy of the fixture, against a fresh stand-in. */
  const session = async (bin: string, install: boolean): Promise<Session> => {
    freshProject(FIXTURE, project);
    if (install) {
      const r = await runToEnd(HOOKSCOPE_LAUNCHER, ['install', '--agent', 'gemini-cli'], {
        cwd: project,
        env: { PATH: process.env['PATH'], HOME: home },
      });
      expect(r.code, r.stderr).toBe(0);
    }
    const { run, read } = await sessionAgainst(
      geminiCli,
      bin,
      () => startGeminiStandIn({ turns: TURNS }),
      (model) => model.conversation().map((r) => normalize(geminiText(r.body))),
      {
        project,
        home,
        prompt: PROMPT,
        timeoutMs: 60_000,
        env: {
          HOOKSCOPE_SPOOL_DIR: spoolDir,
          GEMINI_TELEMETRY_ENABLED: 'true',
          GEMINI_TELEMETRY_TARGET: 'local',
          GEMINI_TELEMETRY_OTLP_PROTOCOL: 'http',
          GEMINI_TELEMETRY_OTLP_ENDPOINT: tee.url,
        },
      },
    );
    return { run, texts: read, ...effectsIn(project) };
  };

  beforeAll(async () => {
    const { bin } = agentCli(geminiCli.cli);
    ({ collector, tee, spoolDir } = await startCollectorWithTee(tmp.dir));
    plain = await session(bin, false);
    wrapped = await session(bin, true);
  }, 150_000);

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
      'post run_shell_command',
      'guard rm -rf build',
      'guard curl http://example.invalid/',
    ]);
    expect(plain.run.stdout.trim()).toBe(ANSWER);
    expect(wrapped.run.stdout).toBe(plain.run.stdout);
  });

  it('sends the model the same text, request by request', () => {
    expect(plain.texts).toHaveLength(TURNS.length);
    // Gemini CLI tells the model a hook's reason, never its command: nothing differs.
    expect(plain.texts.at(-1)).toContain(esc(`Tool execution blocked: ${BLOCKED}`));
    expect(plain.texts.at(-1)).toContain(esc(`Tool execution blocked: ${DENIED}`));
    // One thing differs: Gemini CLI lists the workspace's files to the model, and install left
    // its backup of the settings beside them (docs/exec-and-install.md).
    const backup = /\n\s*\S+settings\.json\.hookscope-backup(?=\n)/g;
    for (const text of wrapped.texts) expect(text).toMatch(backup);
    expect(wrapped.texts.map((t) => t.replace(backup, ''))).toEqual(plain.texts);
  });

  it('counts every hook by event, name, tool and outcome', async () => {
    const samples = await waitFor('the wrapped hook runs on /metrics', async () => {
      const s = await scrape(collector.metricsUrl);
      return total(s, 'hookscope_hook_duration_seconds_count') >= 10 ? s : undefined;
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
      'gemini-cli/SessionStart/session_start/unknown/success': 1,
      'gemini-cli/BeforeAgent/prompt_note/unknown/success': 1,
      'gemini-cli/BeforeTool/guard_shell/run_shell_command/success': 2,
      'gemini-cli/BeforeTool/guard_shell/run_shell_command/blocked': 1,
      'gemini-cli/BeforeTool/no-network/run_shell_command/success': 2,
      'gemini-cli/BeforeTool/no-network/run_shell_command/blocked': 1,
      'gemini-cli/AfterTool/log_tool/run_shell_command/success': 1,
      // `sleep 5` with "timeout": 1000 (ms): Gemini CLI stops it with SIGTERM.
      'gemini-cli/AfterAgent/sleep/unknown/timeout': 1,
    });
  });

  it("lands Gemini CLI's own telemetry in /metrics with the values it sent", async () => {
    // Every export of both sessions (it may flush its last ones after it exited).
    const all = tee.exports;
    const sent = decodeExports(all);
    const events = (name: string) => sent.events.filter((e) => e.name === name);
    const used = ['gemini_cli.hook_call', 'gemini_cli.tool_call', 'gemini_cli.api_response'];
    const samples = await waitFor('everything Gemini CLI sent, on /metrics', async () => {
      const s = await scrape(collector.metricsUrl);
      const records = total(s, 'hookscope_collector_otlp_records_total');
      return records === sent.events.length + sent.points.length ? s : undefined;
    });

    // Its metrics and other events are left aside on purpose; nothing is unknown.
    const usedEvents = sent.events.filter((e) => used.includes(e.name)).length;
    expectAccepted(samples, all, collector, {
      'metrics/ignored': sent.points.length,
      'logs/used': usedEvents,
      'logs/ignored': sent.events.length - usedEvents,
    });
    const result = (e: SentEvent) => (e.attributes['success'] === true ? 'success' : 'failure');

    // Hook calls: Gemini CLI's own timing of every hook run, as it sent them. It names an
    // unnamed hook by its whole command (after install, the "name" install wrote: the command as
    // it was); the label is the script's name (a command without a path stays as it is).
    const hooks = events('gemini_cli.hook_call').map((e) => ({
      ...e,
      attributes: {
        ...e.attributes,
        result: result(e),
        hook_name: String(e.attributes['hook_name']).replace(/^.*\/(\w+)\.(sh|py)$/, '$1'),
      },
    }));
    expect(new Set(hooks.map((e) => e.attributes['hook_name']))).toEqual(
      new Set(['session_start', 'prompt_note', 'guard_shell', 'no-network', 'log_tool', 'sleep 5']),
    );
    expect(hooks).toHaveLength(2 * 10);
    // The hook it stopped at its timeout is a failure in its own words.
    expect(hooks.filter((e) => e.attributes['hook_name'] === 'sleep 5').map(result)).toEqual([
      'failure',
      'failure',
    ]);
    // Install writes an unnamed hook's command into its "name": Gemini CLI calls each hook what it
    // did without hookscope, in both runs (wrapped commands would be six names more).
    expect(new Set(events('gemini_cli.hook_call').map((e) => e.attributes['hook_name'])).size).toBe(
      6,
    );
    const hookKey = ['hook_event_name', 'hook_name', 'result'];
    const labels = ['hook_event', 'hook_name', 'result'];
    expect(
      sumBy(samples, 'hookscope_coding_agent_hook_duration_seconds_count', labels, {
        agent: 'gemini-cli',
      }),
    ).toEqual(countBy(hooks, hookKey));
    expectClose(
      sumBy(samples, 'hookscope_coding_agent_hook_duration_seconds_sum', labels, {
        agent: 'gemini-cli',
      }),
      countBy(hooks, hookKey, (e) => Number(e.attributes['duration_ms']) / 1000),
      'hook seconds',
    );
    expect(
      sumBy(samples, 'hookscope_coding_agent_hook_runs_total', ['hook_event', 'result'], {
        agent: 'gemini-cli',
      }),
    ).toEqual(countBy(hooks, ['hook_event_name', 'result']));

    // Tool calls, and the model's answers.
    const tools = events('gemini_cli.tool_call').map((e) => ({
      ...e,
      attributes: {
        ...e.attributes,
        outcome: e.attributes['success'] === true ? 'success' : 'error',
      },
    }));
    expect(tools.length).toBeGreaterThan(0);
    expect(
      sumBy(samples, 'hookscope_coding_agent_tool_duration_seconds_count', ['tool', 'outcome'], {
        agent: 'gemini-cli',
      }),
    ).toEqual(countBy(tools, ['function_name', 'outcome']));
    expectClose(
      sumBy(samples, 'hookscope_coding_agent_tool_duration_seconds_sum', ['tool', 'outcome'], {
        agent: 'gemini-cli',
      }),
      countBy(
        tools,
        ['function_name', 'outcome'],
        (e) => Number(e.attributes['duration_ms']) / 1000,
      ),
      'tool seconds',
    );
    const answers = events('gemini_cli.api_response');
    expect(sumBy(samples, 'hookscope_conversation_turns_total', ['model', 'outcome'])).toEqual(
      Object.fromEntries(
        Object.entries(countBy(answers, ['model'])).map(([k, v]) => [`${k}/success`, v]),
      ),
    );
    expect(sumBy(samples, 'hookscope_conversation_tokens_total', ['token_type'])).toEqual({
      input: answers.reduce((a, e) => a + Number(e.attributes['input_token_count']), 0),
      output: answers.reduce((a, e) => a + Number(e.attributes['output_token_count']), 0),
    });
  });
});

/** Tool call ids and process groups differ from run to run, whatever runs the hooks. */
function normalize(text: string): string {
  return text
    .replace(/run_shell_command_\d+_\d+/g, 'run_shell_command_<id>')
    .replace(/Process Group PGID: \d+/g, 'Process Group PGID: <pgid>');
}
