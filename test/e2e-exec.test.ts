import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HOOKSCOPE_LAUNCHER, REPO_ROOT, tempDir } from './support/paths.js';
import { runToEnd, startCollectorProcess, type CollectorProcess } from './support/processes.js';
import { startPrometheus, type PrometheusServer } from './support/prometheus.js';
import { waitFor } from './support/ports.js';

const HOOKS = join(REPO_ROOT, 'packages', 'cli', 'test', 'fixtures', 'hooks');

/** Hooks in bash and Python, wrapped as `hookscope install` wraps them, driven by Claude Code-shaped payloads. */
describe('wrapped hooks to Prometheus', () => {
  const tmp = tempDir();
  const spoolDir = join(tmp.dir, 'spool');
  let collector: CollectorProcess;
  let prom: PrometheusServer;

  beforeAll(async () => {
    collector = await startCollectorProcess([
      '--spool-dir',
      spoolDir,
      '--state-dir',
      join(tmp.dir, 'state'),
      '--no-host-metrics',
    ]);
    prom = await startPrometheus({ targets: [`127.0.0.1:${collector.port}`] });
  });

  afterAll(async () => {
    await prom?.stop();
    await collector?.stop();
    tmp.cleanup();
  });

  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, HOOKSCOPE_SPOOL_DIR: spoolDir };
    delete e['TRACEPARENT'];
    delete e['HOOKSCOPE_DISABLED'];
    delete e['OTEL_SDK_DISABLED'];
    return e;
  };
  const payload = (event: string, tool?: string) =>
    JSON.stringify({
      session_id: 'e2e-session',
      transcript_path: '/tmp/t.jsonl',
      cwd: REPO_ROOT,
      hook_event_name: event,
      ...(tool ? { tool_name: tool, tool_input: { command: 'ls' }, tool_use_id: 'toolu_1' } : {}),
    });

  it('counts every execution by event, name, tool and outcome, with CPU and peak memory', async () => {
    // [event, tool, --name, command, expected exit code, times]
    const plan: [string, string | undefined, string, string[], number, number][] = [
      ['PreToolUse', 'Bash', 'guard', [join(HOOKS, 'exit-with.sh'), '2'], 2, 3],
      ['PreToolUse', 'Edit', 'guard', [join(HOOKS, 'exit-with.sh'), '0'], 0, 4],
      ['PostToolUse', 'Edit', 'format', ['python3', join(HOOKS, 'bytes.py'), '0', '10'], 0, 2],
      ['Stop', undefined, 'burn', ['python3', join(HOOKS, 'burn.py'), '0.3', '64'], 0, 1],
      ['Stop', undefined, 'crash', [join(HOOKS, 'exit-with.sh'), '1'], 1, 2],
    ];
    for (const [event, tool, name, command, code, times] of plan) {
      for (let i = 0; i < times; i++) {
        const r = await runToEnd(HOOKSCOPE_LAUNCHER, ['exec', '--name', name, '--', ...command], {
          env: env(),
          input: payload(event, tool),
        });
        expect(r.code).toBe(code);
      }
    }
    await waitFor(
      '12 executions in Prometheus',
      async () =>
        (await prom.scalar('sum(hookscope_hook_duration_seconds_count)')) === 12 ? true : undefined,
      45_000,
    );

    const counts = Object.fromEntries(
      (await prom.query('hookscope_hook_duration_seconds_count')).map((r) => [
        `${r.metric['hook_event']}/${r.metric['hook_name']}/${r.metric['tool']}/${r.metric['outcome']}`,
        Number(r.value[1]),
      ]),
    );
    expect(counts).toEqual({
      'PreToolUse/guard/Bash/blocked': 3,
      'PreToolUse/guard/Edit/success': 4,
      'PostToolUse/format/Edit/success': 2,
      'Stop/burn/unknown/success': 1,
      'Stop/crash/unknown/error': 2,
    });

    // Peak memory is sampled: every Python run lives long enough to be measured (bash ones may
    // end first); the 64 MiB hook's peak is at least that.
    const rssCount = (await prom.scalar('sum(hookscope_hook_max_rss_bytes_count)')) ?? 0;
    expect(rssCount).toBeGreaterThanOrEqual(3);
    expect(rssCount).toBeLessThanOrEqual(12);
    expect(
      await prom.scalar('hookscope_hook_max_rss_bytes_count{hook_event="Stop",hook_name="burn"}'),
    ).toBe(1);
    expect(
      await prom.scalar('hookscope_hook_max_rss_bytes_sum{hook_event="Stop",hook_name="burn"}'),
    ).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    const burnCpu = await prom.scalar(
      'sum(hookscope_hook_cpu_seconds_total{hook_event="Stop",hook_name="burn"})',
    );
    expect(burnCpu).toBeGreaterThanOrEqual(0.28);
    const modes = (await prom.query('hookscope_hook_cpu_seconds_total{hook_name="guard"}'))
      .map((r) => `${r.metric['hook_event']}/${r.metric['mode']}`)
      .sort();
    expect(modes).toEqual(['PreToolUse/system', 'PreToolUse/user']);
    // CPU is counted for every execution, so each hook has a user and a system series.
    // Session ids and tool_use ids stay on spans: no label carries them.
    const labels = await (await fetch(`${prom.url}/api/v1/labels`)).json();
    expect(labels.data).not.toContain('session_id');
    const values = await (await fetch(`${prom.url}/api/v1/label/tool/values`)).json();
    expect(values.data.sort()).toEqual(['Bash', 'Edit', 'unknown']);
  });

  it('every agent: its payload through the wrapper as installed, into exact series by agent, deny decisions included', async () => {
    const payloads = join(REPO_ROOT, 'packages', 'cli', 'test', 'fixtures', 'payloads');
    // [agent, payload fixture, event, tool label expected, exit code, what the hook prints
    // (a decision: its output is read), times]
    const plan: [string, string, string, string, number, string, number][] = [
      ['gemini-cli', 'gemini-cli-before-tool.json', 'BeforeTool', 'run_shell_command', 2, '', 2],
      ['codex', 'codex-pre-tool-use.json', 'PreToolUse', 'Bash', 0, '', 3],
      ['cursor', 'cursor-before-shell-execution.json', 'beforeShellExecution', 'unknown', 2, '', 1],
      ['copilot', 'copilot-pre-tool-use.json', 'preToolUse', 'bash', 0, '', 2],
      // A deny decision printed with exit 0, each agent its own way; and an allow.
      [
        'gemini-cli',
        'gemini-cli-before-tool.json',
        'BeforeTool',
        'run_shell_command',
        0,
        '{"decision":"deny","reason":"no"}',
        1,
      ],
      [
        'codex',
        'codex-pre-tool-use.json',
        'PreToolUse',
        'Bash',
        0,
        '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no"}}',
        1,
      ],
      [
        'cursor',
        'cursor-before-shell-execution.json',
        'beforeShellExecution',
        'unknown',
        0,
        '{"permission":"deny","user_message":"no"}',
        1,
      ],
      [
        'cursor',
        'cursor-before-shell-execution.json',
        'beforeShellExecution',
        'unknown',
        0,
        '{"permission":"allow"}',
        1,
      ],
      [
        'copilot',
        'copilot-pre-tool-use.json',
        'preToolUse',
        'bash',
        0,
        '{"permissionDecision":"deny","permissionDecisionReason":"no"}',
        1,
      ],
    ];
    const expected: Record<string, number> = {};
    for (const [agent, fixture, event, tool, code, output, times] of plan) {
      const blocked = code === 2 || (output !== '' && !output.includes('allow'));
      const key = `${agent}/${event}/${tool}/${blocked ? 'blocked' : 'success'}`;
      expected[key] = (expected[key] ?? 0) + times;
      for (let i = 0; i < times; i++) {
        // Agents write the payload into a pipe, run the command `hookscope install` wrote, and
        // read what the hook prints.
        const hookCommand = output ? `/bin/sh -c 'printf "%s" "$HOOK_OUTPUT"'` : `"$3" ${code}`;
        const script = `cat "$1" | "$2" exec --agent=${agent} --event ${event} --name agent-guard -- ${hookCommand}`;
        const r = await runToEnd(
          '/bin/sh',
          [
            '-c',
            script,
            'sh',
            join(payloads, fixture),
            HOOKSCOPE_LAUNCHER,
            join(HOOKS, 'exit-with.sh'),
          ],
          { env: { ...env(), HOOK_OUTPUT: output } },
        );
        expect(r.code).toBe(code);
        if (output) expect(r.stdout.toString()).toBe(output);
      }
    }
    const total = plan.reduce((n, row) => n + row[6], 0);
    await waitFor(
      `${total} agent hook executions in Prometheus`,
      async () =>
        (await prom.scalar(
          'sum(hookscope_hook_duration_seconds_count{hook_name="agent-guard"})',
        )) === total
          ? true
          : undefined,
      45_000,
    );
    const counts = Object.fromEntries(
      (await prom.query('hookscope_hook_duration_seconds_count{hook_name="agent-guard"}')).map(
        (r) => [
          `${r.metric['agent']}/${r.metric['hook_event']}/${r.metric['tool']}/${r.metric['outcome']}`,
          Number(r.value[1]),
        ],
      ),
    );
    expect(counts).toEqual(expected);
    const byAgent = await prom.query(
      'sum by (agent) (hookscope_hook_cpu_seconds_total{hook_name="agent-guard",mode="user"} >= 0)',
    );
    expect(byAgent.map((r) => r.metric['agent']).sort()).toEqual([
      'codex',
      'copilot',
      'cursor',
      'gemini-cli',
    ]);
  });
});
