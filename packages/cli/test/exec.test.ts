import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  HOOKSCOPE_BIN,
  HOOKSCOPE_LAUNCHER,
  REPO_ROOT,
  tempDir,
} from '../../../test/support/paths.js';
import { runToEnd, startProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/ports.js';
import { readSpool, typedAttrs, type SpoolSpan } from '../../../test/support/spool.js';
import {
  available,
  HAS_COMPILER,
  IMPLEMENTATIONS,
  NATIVE_LAUNCHER,
  type ExecImplementation,
} from './support/exec-implementations.js';
import { DECISION_CASES } from './support/decision-cases.js';

const FIXTURES = join(REPO_ROOT, 'packages', 'cli', 'test', 'fixtures', 'hooks');
const hook = (name: string) => join(FIXTURES, name);

const tmp = tempDir('hookscope-exec-');
let spoolDir: string;
let run = 0;

beforeEach(() => {
  spoolDir = join(tmp.dir, `spool-${++run}`);
});
afterAll(() => tmp.cleanup());

/** The implementation the tests below run against (one contract, two implementations). */
let impl: ExecImplementation = IMPLEMENTATIONS[0]!;
let launcher = HOOKSCOPE_LAUNCHER;

/** The caller's environment for a hook run: the test's spool, no inherited trace or switches. */
function hookEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOOKSCOPE_SPOOL_DIR: spoolDir, ...impl.env };
  for (const k of ['TRACEPARENT', 'TRACESTATE', 'HOOKSCOPE_DISABLED', 'OTEL_SDK_DISABLED']) {
    delete env[k];
  }
  delete env['HOOKSCOPE_CAPTURE_CONTENT'];
  return { ...env, ...extra };
}

type RunOpts = { input?: string | Buffer; env?: NodeJS.ProcessEnv };
const direct = (argv: string[], o: RunOpts = {}) =>
  runToEnd(argv[0]!, argv.slice(1), { input: o.input, env: o.env ?? hookEnv() });
const wrapped = (execArgs: string[], o: RunOpts = {}) =>
  runToEnd(launcher, ['exec', ...execArgs], { input: o.input, env: o.env ?? hookEnv() });

/** The spans `hookscope exec` wrote, in the order of the runs, with their attributes decoded. */
function execSpans(): (SpoolSpan & { a: Record<string, unknown> })[] {
  if (!existsSync(spoolDir)) return [];
  // One spool file per run, listed in directory order: sort by start time to get the run order.
  return readSpool(spoolDir)
    .map(({ span }) => ({ ...span, a: typedAttrs(span.attributes) }))
    .sort((x, y) => (BigInt(x.startTimeUnixNano) < BigInt(y.startTimeUnixNano) ? -1 : 1));
}
function onlySpan() {
  const spans = execSpans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
}
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A Claude Code PreToolUse payload, shaped as Claude Code sends it (a secret in the command). */
const PRE_TOOL_USE = JSON.parse(
  readFileSync(join(REPO_ROOT, 'packages/cli/test/fixtures/payloads/pre-tool-use.json'), 'utf8'),
) as { session_id: string; tool_use_id: string; cwd: string; transcript_path: string };

describe.each(IMPLEMENTATIONS)('hookscope exec, $name', (implementation) => {
  beforeAll(() => {
    impl = implementation;
    launcher = implementation.launcher;
    if (available(implementation)) implementation.prepare?.();
  });

  describe.skipIf(!available(implementation))('hookscope exec is invisible to the caller', () => {
    it('passes binary stdin, large binary stdout and stderr through byte for byte, with the exit code', async () => {
      const input = randomBytes(3 * 1024 * 1024); // binary, with NULs, larger than any pipe buffer
      for (const code of [0, 1, 2, 42]) {
        const argv = ['python3', hook('bytes.py'), String(code), String(2 * 1024 * 1024), '70000'];
        const [d, w] = [await direct(argv, { input }), await wrapped(['--', ...argv], { input })];
        expect(w.code).toBe(code);
        expect(d.code).toBe(code);
        expect(w.stdout.toString('latin1').split('\n')[0]).toBe(`${sha256(input)} ${input.length}`);
        expect(w.stdout.equals(d.stdout)).toBe(true);
        expect(w.stderrBytes.equals(d.stderrBytes)).toBe(true);
        expect(w.stdout.length).toBe(d.stdout.length);
      }
      expect(execSpans().map((s) => s.a['hookscope.hook.outcome'])).toEqual([
        'success',
        'error',
        'blocked',
        'error',
      ]);
      expect(execSpans().map((s) => s.a['process.exit.code'])).toEqual([0, 1, 2, 42]);
    });

    it('adds no newline and nothing else to output without one', async () => {
      for (const code of [0, 1, 2]) {
        const w = await wrapped(['--', hook('exit-with.sh'), String(code)]);
        expect([w.code, w.stdout.toString(), w.stderr]).toEqual([code, 'out', 'err']);
      }
    });

    it('gives the hook the same kind of stdin: pipe, socket or file, with the same content', async () => {
      const payload = JSON.stringify(PRE_TOOL_USE);
      const file = join(tmp.dir, 'payload.json');
      writeFileSync(file, payload);
      const printEnv = hook('print-env.py');
      const underClaude = hookEnv({ CLAUDE_PROJECT_DIR: tmp.dir });
      const cases: [string, string, NodeJS.ProcessEnv][] = [
        // A pipe is relayed through a new pipe under Claude Code, inherited as is elsewhere.
        ['fifo', `printf '%s' '${payload.replace(/'/g, `'\\''`)}' | HOOK`, underClaude],
        ['fifo', `printf '%s' '${payload.replace(/'/g, `'\\''`)}' | HOOK`, hookEnv()],
        ['file', `HOOK < '${file}'`, hookEnv()],
      ];
      for (const [kind, shell, env] of cases) {
        const d = await direct(['sh', '-c', shell.replace('HOOK', `python3 ${printEnv}`)], { env });
        const w = await direct(
          ['sh', '-c', shell.replace('HOOK', `'${launcher}' exec -- python3 ${printEnv}`)],
          { env },
        );
        const [dj, wj] = [JSON.parse(d.stdout.toString()), JSON.parse(w.stdout.toString())];
        expect(dj.stdin).toBe(kind);
        expect([wj.stdin, wj.read]).toEqual([dj.stdin, payload]);
      }
      // Node (and so Claude Code) passes a socket pair: the hook gets one too.
      const d = await direct(['python3', printEnv], { input: payload });
      const w = await wrapped(['--', 'python3', printEnv], { input: payload });
      const [dj, wj] = [JSON.parse(d.stdout.toString()), JSON.parse(w.stdout.toString())];
      expect([wj.stdin, wj.read]).toEqual([dj.stdin, payload]);
      // The payload was read on its way through wherever it was relayed or peeked at.
      expect(execSpans().map((s) => s.a['hookscope.hook.tool'])).toEqual([
        'Bash',
        undefined,
        'Bash',
        'Bash',
      ]);
    });

    it("hands the caller's environment to the hook unchanged, adding only the trace context and the hook's name and span", async () => {
      const env = hookEnv({
        NODE_EXTRA_CA_CERTS: join(tmp.dir, 'extra-ca.pem'),
        NODE_OPTIONS: '--max-old-space-size=64',
        EMPTY_VALUE: '',
      });
      const d = JSON.parse(
        (await direct(['python3', hook('print-env.py')], { env })).stdout.toString(),
      );
      const w = JSON.parse(
        (await wrapped(['--', 'python3', hook('print-env.py')], { env })).stdout.toString(),
      );
      const span = onlySpan();
      expect(w.env['TRACEPARENT']).toBe(`00-${span.traceId}-${span.spanId}-01`);
      expect(w.env['HOOKSCOPE_HOOK_NAME']).toBe(span.a['hookscope.hook.name']);
      expect(w.env['HOOKSCOPE_HOOK_EVENT']).toBeUndefined(); // no --event given
      expect(w.env['HOOKSCOPE_EXEC_SPAN_ID']).toBe(span.spanId);
      delete w.env['TRACEPARENT'];
      delete w.env['HOOKSCOPE_HOOK_NAME'];
      delete w.env['HOOKSCOPE_EXEC_SPAN_ID'];
      expect(w.env).toEqual(d.env);

      const noNodeVars = hookEnv();
      delete noNodeVars['NODE_OPTIONS'];
      delete noNodeVars['NODE_EXTRA_CA_CERTS'];
      const w2 = JSON.parse(
        (
          await wrapped(['--', 'python3', hook('print-env.py')], { env: noNodeVars })
        ).stdout.toString(),
      );
      expect(
        Object.keys(w2.env).filter((k) => /NODE_OPTIONS|NODE_EXTRA_CA|HOOKSCOPE_STASH/.test(k)),
      ).toEqual([]);
    });

    it('reports a hook killed by a signal as a shell does (128 + n)', async () => {
      const viaShell = await direct(['sh', '-c', `sh -c 'kill -TERM $$'; echo $?`]);
      expect(viaShell.stdout.toString().trim()).toBe('143');
      for (const [sig, code] of [
        ['TERM', 143],
        ['KILL', 137],
      ] as const) {
        const w = await wrapped(['--', 'sh', '-c', `kill -${sig} $$`]);
        expect([w.code, w.signal, w.stderr]).toEqual([code, null, '']);
      }
      expect(
        execSpans().map((s) => [s.a['hookscope.hook.outcome'], s.a['hookscope.hook.signal']]),
      ).toEqual([
        ['signal', 'SIGTERM'],
        ['signal', 'SIGKILL'],
      ]);
    });

    it('passes SIGTERM, SIGINT and SIGHUP sent to the wrapper on to the hook', async () => {
      for (const [sig, num] of [
        ['SIGTERM', 15],
        ['SIGINT', 2],
        ['SIGHUP', 1],
      ] as const) {
        const dir = join(tmp.dir, `sig-${sig}-${impl.name.replace(/\W/g, '')}`);
        mkdirSync(dir);
        const p = startProcess(launcher, ['exec', '--', hook('signals.sh'), dir], hookEnv());
        await waitFor(
          'hook ready',
          () => (existsSync(join(dir, 'ready')) ? true : undefined),
          20_000,
          20,
        );
        p.child.kill(sig);
        expect(await p.exited).toBe(100 + num);
        expect(readFileSync(join(dir, 'got'), 'utf8').trim()).toBe(sig.slice(3));
      }
      // The caller stopped the hook (as an agent does at its own hook timeout): not a failure of
      // the hook's own, and not `signal`, which is for a hook that died of a signal by itself.
      expect(
        execSpans().map((s) => [
          s.a['process.exit.code'],
          s.a['hookscope.hook.outcome'],
          s.a['error.type'],
        ]),
      ).toEqual([
        [115, 'timeout', 'SIGTERM'],
        [102, 'timeout', 'SIGINT'],
        [101, 'timeout', 'SIGHUP'],
      ]);
    });

    it('records a hook stopped by its caller as timeout when the signal kills it', async () => {
      const dir = join(tmp.dir, `sig-kill-${impl.name.replace(/\W/g, '')}`);
      mkdirSync(dir);
      const p = startProcess(
        launcher,
        ['exec', '--', 'sh', '-c', `echo $$ > '${dir}/ready'; exec sleep 30`],
        hookEnv(),
      );
      await waitFor(
        'hook ready',
        () => (existsSync(join(dir, 'ready')) ? true : undefined),
        20_000,
        20,
      );
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(143);
      expect(onlySpan().a).toMatchObject({
        'hookscope.hook.outcome': 'timeout',
        'hookscope.hook.signal': 'SIGTERM',
        'error.type': 'SIGTERM',
        'process.exit.code': 143,
      });
    });

    it('answers like a shell when the command cannot run: 127 not found, 126 not executable', async () => {
      const notFound = await wrapped(['--', 'no-such-hook-xyz', '--flag']);
      expect(notFound.code).toBe(127);
      expect(notFound.stderr).toBe('hookscope exec: no-such-hook-xyz: command not found\n');
      expect((await direct(['sh', '-c', 'no-such-hook-xyz'])).code).toBe(127);

      const missingPath = await wrapped(['--', join(tmp.dir, 'missing.sh')]);
      expect(missingPath.code).toBe(127);
      expect(missingPath.stderr).toContain('No such file or directory');

      const notExecutable = join(tmp.dir, 'not-executable.sh');
      writeFileSync(notExecutable, 'echo hi\n', { mode: 0o644 });
      const denied = await wrapped(['--', notExecutable]);
      expect([denied.code, denied.stderr]).toEqual([
        126,
        `hookscope exec: ${notExecutable}: Permission denied\n`,
      ]);

      expect(execSpans().map((s) => [s.a['hookscope.hook.outcome'], s.a['error.type']])).toEqual([
        ['error', 'ENOENT'],
        ['error', 'ENOENT'],
        ['error', 'EACCES'],
      ]);
    });

    it('stops a hook that outlives --timeout, with its children, and exits 124', async () => {
      const pidFile = join(tmp.dir, 'sleep.pid');
      const started = Date.now();
      const w = await wrapped(['--timeout', '1', '--', hook('spawn-and-wait.sh'), pidFile]);
      expect(w.code).toBe(124);
      expect(Date.now() - started).toBeLessThan(20_000);
      const sleepPid = Number(readFileSync(pidFile, 'utf8'));
      await waitFor(
        'the grandchild to be gone',
        () => (isGone(sleepPid) ? true : undefined),
        10_000,
        50,
      );
      const span = onlySpan();
      expect(span.a['hookscope.hook.outcome']).toBe('timeout');
      expect(span.a['hookscope.hook.timeout']).toBe(1);
      expect(span.status?.code).toBe(2);
    });
  });

  /** Whether a process is gone or a zombie nobody reaped yet. */
  function isGone(pid: number): boolean {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
    } catch {
      return true;
    }
  }

  describe.skipIf(!available(implementation))('what hookscope exec records', () => {
    it('reads a Claude Code payload into labels and span attributes, never its content', async () => {
      const payload = JSON.stringify(PRE_TOOL_USE);
      const w = await wrapped(['--', 'python3', hook('bytes.py'), '2', '0'], { input: payload });
      expect(w.code).toBe(2);
      expect(w.stdout.toString()).toBe(`${sha256(payload)} ${payload.length}\n`);
      const span = onlySpan();
      expect(span.name).toBe('PreToolUse bytes');
      expect(span.a).toMatchObject({
        'hookscope.kind': 'hook',
        'hookscope.hook.event': 'PreToolUse',
        'hookscope.hook.name': 'bytes',
        'hookscope.hook.tool': 'Bash',
        'hookscope.hook.outcome': 'blocked',
        'session.id': PRE_TOOL_USE.session_id,
        'gen_ai.tool.call.id': PRE_TOOL_USE.tool_use_id,
        'hookscope.claude.cwd': PRE_TOOL_USE.cwd,
        'hookscope.claude.transcript_path': PRE_TOOL_USE.transcript_path,
        'hookscope.claude.permission_mode': 'default',
      });
      const spool = readdirSync(spoolDir)
        .map((f) => readFileSync(join(spoolDir, f), 'utf8'))
        .join('');
      expect(spool).not.toContain('curl');
      expect(spool).not.toContain('sk-ant');
    });

    /**
     * Each agent's payload, as its hooks get it (through a pipe, as agents spawn hooks), under the
     * command `hookscope install` writes: the one table both implementations answer to.
     */
    const AGENT_PAYLOADS: [string, string, string, Record<string, unknown>][] = [
      [
        'gemini-cli',
        'gemini-cli-before-tool.json',
        'BeforeTool',
        {
          'hookscope.hook.tool': 'run_shell_command',
          'session.id': '4f0c2c8e-2a0b-4c1e-9b1e-2c8f0d1a3b5c',
          'hookscope.claude.cwd': '/home/dev/repo',
        },
      ],
      [
        'codex',
        'codex-pre-tool-use.json',
        'PreToolUse',
        {
          'hookscope.hook.tool': 'Bash',
          'session.id': '019adf2e-7c1a-7d40-9a3e-5b6c7d8e9f00',
          'gen_ai.tool.call.id': 'call_Yx2mQ8',
          'hookscope.claude.turn_id': '3',
          'hookscope.claude.model': 'gpt-5.1-codex',
        },
      ],
      [
        'cursor',
        'cursor-before-shell-execution.json',
        'beforeShellExecution',
        {
          'gen_ai.conversation.id': 'c0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b',
          'hookscope.claude.generation_id': 'g-5e6f7a8b',
          'hookscope.claude.model': 'claude-4.5-sonnet',
        },
      ],
      [
        'copilot',
        'copilot-pre-tool-use.json',
        'preToolUse',
        { 'hookscope.hook.tool': 'bash', 'hookscope.claude.cwd': '/home/dev/repo' },
      ],
    ];

    it.each(AGENT_PAYLOADS)(
      '%s: reads its payload from a pipe, records the agent, passes everything through',
      async (agent, fixture, event, expected) => {
        const file = join(REPO_ROOT, 'packages/cli/test/fixtures/payloads', fixture);
        const payload = readFileSync(file);
        const script = `cat "$1" | "$2" exec --agent=${agent} --event ${event} --name guard -- python3 "$3" 2 0`;
        const r = await runToEnd(
          '/bin/sh',
          ['-c', script, 'sh', file, launcher, hook('bytes.py')],
          {
            env: hookEnv(),
          },
        );
        expect(r.code).toBe(2);
        expect(r.stdout.toString()).toBe(`${sha256(payload)} ${payload.length}\n`);
        const span = onlySpan();
        expect(span.a).toMatchObject({
          'hookscope.hook.agent': agent,
          'hookscope.hook.event': event,
          'hookscope.hook.name': 'guard',
          // Exit 2 blocks, but for Copilot, which takes it as a warning on preToolUse.
          'hookscope.hook.outcome': agent === 'copilot' ? 'error' : 'blocked',
          ...expected,
        });
        if (agent === 'cursor') expect(span.a['hookscope.hook.tool']).toBeUndefined();
        const spool = readdirSync(spoolDir)
          .map((f) => readFileSync(join(spoolDir, f), 'utf8'))
          .join('');
        expect(spool).not.toContain('push');
        expect(spool).not.toContain('left-pad');
      },
    );

    /** Two deny and two other cases of each agent from the shared table, run whole (printable ones: they go through the environment). */
    const WHOLE_RUNS = DECISION_CASES.filter(
      (c) => typeof c.output === 'string' && c.output !== '' && /^[\x20-\x7e\s]+$/.test(c.output),
    ).filter(
      (c, i, all) => all.filter((d) => d.agent === c.agent && d.deny === c.deny).indexOf(c) < 2,
    );
    const printOutput = ['sh', '-c', 'printf "%s" "$HOOK_OUTPUT"'];

    it.each(['socket', 'pipe'])(
      'records a deny decision printed with exit 0 as blocked, passing the output on unchanged (stdout a %s)',
      async (kind) => {
        for (const c of WHOLE_RUNS) {
          const env = hookEnv({ HOOK_OUTPUT: c.output as string });
          const exec = [
            'exec',
            `--agent=${c.agent}`,
            '--event',
            'PreToolUse',
            '--',
            ...printOutput,
          ];
          // Node gives its children a socket pair; a shell pipeline, a pipe.
          const r =
            kind === 'socket'
              ? await runToEnd(launcher, exec, { env })
              : await runToEnd('/bin/sh', ['-c', '"$@" | cat', 'sh', launcher, ...exec], { env });
          expect(r.code).toBe(0);
          expect(r.stdout.toString()).toBe(c.output);
        }
        const spans = execSpans();
        expect(
          spans.map((s) => [s.a['hookscope.hook.agent'], s.a['hookscope.hook.outcome']]),
        ).toEqual(WHOLE_RUNS.map((c) => [c.agent, c.deny ? 'blocked' : 'success']));
        expect(spans.every((s) => s.a['process.exit.code'] === 0)).toBe(true);
      },
    );

    it('records an exit 2 as the agent takes it: blocked, but for Copilot off permissionRequest', async () => {
      const cases: [string, string, string][] = [
        ['copilot', 'preToolUse', 'error'],
        ['copilot', 'permissionRequest', 'blocked'],
        ['codex', 'PreToolUse', 'blocked'],
      ];
      for (const [agent, event] of cases) {
        const r = await wrapped([
          `--agent=${agent}`,
          '--event',
          event,
          '--',
          hook('exit-with.sh'),
          '2',
        ]);
        expect([r.code, r.stdout.toString(), r.stderr]).toEqual([2, 'out', 'err']);
      }
      const spans = execSpans();
      expect(spans.map((s) => [s.a['hookscope.hook.outcome'], s.a['error.type']])).toEqual(
        cases.map(([, , outcome]) => [outcome, outcome === 'error' ? '2' : undefined]),
      );
      expect(spans.map((s) => s.status?.code)).toEqual([2, undefined, undefined]);
    });

    it("reads Claude Code's decisions without --agent, under Claude Code only", async () => {
      const deny = '{"decision":"block","reason":"no"}';
      for (const extra of [{ CLAUDE_PROJECT_DIR: tmp.dir }, {}]) {
        const env = hookEnv({ HOOK_OUTPUT: deny, ...extra });
        if (!('CLAUDE_PROJECT_DIR' in extra)) delete env['CLAUDE_PROJECT_DIR'];
        const r = await runToEnd(launcher, ['exec', '--', ...printOutput], { env });
        expect([r.code, r.stdout.toString()]).toEqual([0, deny]);
      }
      expect(execSpans().map((s) => s.a['hookscope.hook.outcome'])).toEqual(['blocked', 'success']);
    });

    it('passes large binary output on unchanged; output too long to be a decision is none', async () => {
      const env = hookEnv();
      const argv = ['python3', hook('bytes.py'), '0', String(2 * 1024 * 1024)];
      const [d, w] = [
        await direct(argv, { env }),
        await wrapped(['--agent=codex', '--', ...argv], { env }),
      ];
      expect(w.code).toBe(0);
      expect(w.stdout.equals(d.stdout)).toBe(true);
      const long = `{"decision":"block","pad":"${'x'.repeat(70_000)}"}`;
      const r = await wrapped(['--agent=codex', '--', ...printOutput], {
        env: hookEnv({ HOOK_OUTPUT: long }),
      });
      expect([r.code, r.stdout.toString() === long]).toEqual([0, true]);
      expect(execSpans().map((s) => s.a['hookscope.hook.outcome'])).toEqual(['success', 'success']);
    });

    it.each(['socket', 'pipe'])(
      'passes output on as it comes: the caller reads a line while the hook still runs (stdout a %s)',
      async (kind) => {
        // The hook waits for the caller to have read its first line: output held back until the
        // hook exits would never arrive, and the run would be killed.
        const mark = join(tmp.dir, `read-${kind}-${impl.name.replace(/\W/g, '')}`);
        const script = `printf 'first\\n'; while [ ! -e '${mark}' ]; do sleep 0.01; done; printf 'second\\n'`;
        const exec = ['exec', '--agent=gemini-cli', '--', 'sh', '-c', script];
        const child = spawn(
          kind === 'socket' ? launcher : '/bin/sh',
          kind === 'socket' ? exec : ['-c', '"$@" | cat', 'sh', launcher, ...exec],
          { env: hookEnv(), stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('first')) writeFileSync(mark, '');
        });
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        const code = await new Promise((resolve) => child.once('close', resolve));
        clearTimeout(killer);
        expect([code, out]).toEqual([0, 'first\nsecond\n']);
        expect(onlySpan().a['hookscope.hook.outcome']).toBe('success');
      },
    );

    it('does not wait for a process the hook leaves behind holding its stdout', async () => {
      // The hook prints the pid of a background sleep that keeps the relayed stdout open.
      const r = await wrapped(
        ['--agent=cursor', '--', 'sh', '-c', 'sleep 30 2>/dev/null & echo $!'],
        {
          env: hookEnv(),
        },
      );
      const pid = Number(r.stdout.toString().trim());
      expect([r.code, r.signal, Number.isInteger(pid) && pid > 0]).toEqual([0, null, true]);
      // The run ended, its output complete, while the background process still ran.
      expect(() => process.kill(pid, 0)).not.toThrow();
      process.kill(pid, 'SIGKILL');
      expect(onlySpan().a['hookscope.hook.outcome']).toBe('success');
    });

    it('fails open: a caller that stops reading stops the hook as it would without hookscope', async () => {
      // `yes` dies of SIGPIPE once `head` has had enough, wrapped or not.
      const r = await runToEnd(
        '/bin/sh',
        ['-c', '"$1" exec --agent=cursor -- yes | head -c 10', 'sh', launcher],
        { env: hookEnv() },
      );
      expect(r.stdout.toString()).toBe('y\n'.repeat(5));
      const span = onlySpan();
      expect([span.a['hookscope.hook.outcome'], span.a['hookscope.hook.signal']]).toEqual([
        'signal',
        'SIGPIPE',
      ]);
    });

    it('without --agent, a pipe from anything but Claude Code is not read', async () => {
      const file = join(REPO_ROOT, 'packages/cli/test/fixtures/payloads/codex-pre-tool-use.json');
      const script = `cat "$1" | "$2" exec --event PreToolUse -- python3 "$3" 0 0`;
      const env = hookEnv();
      delete env['CLAUDE_PROJECT_DIR'];
      const r = await runToEnd('/bin/sh', ['-c', script, 'sh', file, launcher, hook('bytes.py')], {
        env,
      });
      expect(r.code).toBe(0);
      const span = onlySpan();
      expect(span.a['hookscope.hook.agent']).toBeUndefined();
      expect(span.a['hookscope.hook.tool']).toBeUndefined();
      expect(span.a['session.id']).toBeUndefined();
    });

    it('reads the payload even from a hook that ends at once without reading it', async () => {
      for (let i = 0; i < 8; i++) {
        expect((await wrapped(['--', 'true'], { input: JSON.stringify(PRE_TOOL_USE) })).code).toBe(
          0,
        );
      }
      expect(execSpans().map((s) => s.a['hookscope.hook.tool'])).toEqual(Array(8).fill('Bash'));
    });

    it('records content only when opted in, with secrets redacted', async () => {
      const payload = JSON.stringify(PRE_TOOL_USE);
      await wrapped(
        ['--capture-content', 'tool_input', '--', 'python3', hook('bytes.py'), '0', '0'],
        {
          input: payload,
        },
      );
      const prompt = {
        session_id: 's-2',
        hook_event_name: 'UserPromptSubmit',
        prompt: 'deploy with password=hunter2 and token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
      };
      await wrapped(['--', 'python3', hook('bytes.py'), '0', '0'], {
        input: JSON.stringify(prompt),
        env: hookEnv({ HOOKSCOPE_CAPTURE_CONTENT: 'all' }),
      });
      const [tool, user] = execSpans();
      const toolInput = String(tool!.a['hookscope.claude.tool_input']);
      expect(JSON.parse(toolInput)).toMatchObject({ description: 'Call the API' });
      expect(toolInput).toContain('curl -H \\"Authorization: Bearer [REDACTED]\\"');
      expect(toolInput).not.toContain('sk-ant');
      expect(user!.a['hookscope.hook.event']).toBe('UserPromptSubmit');
      expect(user!.a['hookscope.hook.tool']).toBeUndefined();
      expect(user!.a['hookscope.claude.prompt']).toBe(
        'deploy with password=[REDACTED] and token [REDACTED]',
      );
    });

    it('finds the event and tool in a payload far larger than what it keeps, passing all of it on', async () => {
      const big = JSON.stringify({
        session_id: 's-3',
        hook_event_name: 'PostToolUse',
        tool_name: 'Read',
        tool_use_id: 'toolu_big',
        tool_input: { file_path: '/x' },
        tool_response: { content: 'y'.repeat(5 * 1024 * 1024) },
      });
      const w = await wrapped(['--', 'python3', hook('bytes.py'), '0', '0'], { input: big });
      expect(w.stdout.toString()).toBe(`${sha256(big)} ${big.length}\n`);
      expect(onlySpan().a).toMatchObject({
        'hookscope.hook.event': 'PostToolUse',
        'hookscope.hook.tool': 'Read',
      });
    });

    it('prefers --event and --name; without --name derives a stable name from the command', async () => {
      await wrapped(['--event', 'pre-commit', '--name', 'lint', '--', hook('exit-with.sh'), '0']);
      await wrapped(['--event', 'pre-push', '--', hook('exit-with.sh'), '0']);
      await wrapped(['-c', `${hook('exit-with.sh')} 1 | cat`]);
      expect(
        execSpans().map((s) => [s.name, s.a['hookscope.hook.event'], s.a['hookscope.hook.name']]),
      ).toEqual([
        ['pre-commit lint', 'pre-commit', 'lint'],
        ['pre-push exit-with', 'pre-push', 'exit-with'],
        ['unknown exit-with', 'unknown', 'exit-with'],
      ]);
    });

    it('writes one line per run to a new spool file of its own, readable by its owner only', async () => {
      for (let i = 0; i < 3; i++) await wrapped(['--', 'true']);
      const files = readdirSync(spoolDir);
      expect(files).toHaveLength(3);
      for (const f of files) {
        expect(f).toMatch(/^hs_\d+_[0-9a-z]+_[0-9a-z]+@[A-Za-z0-9.-]+\.jsonl$/);
        expect(statSync(join(spoolDir, f)).mode & 0o777).toBe(0o600);
        expect(readFileSync(join(spoolDir, f), 'utf8').split('\n')).toHaveLength(2);
      }
      expect(statSync(spoolDir).mode & 0o777).toBe(0o700);
    });

    it("measures the hook's CPU time and peak memory", async () => {
      const w = await wrapped(['--', 'python3', hook('burn.py'), '0.6', '160']);
      expect(w.code).toBe(0);
      const a = onlySpan().a;
      const cpu = Number(a['hookscope.hook.cpu.user']) + Number(a['hookscope.hook.cpu.system']);
      expect(cpu).toBeGreaterThanOrEqual(0.55);
      expect(cpu).toBeLessThan(5);
      expect(Number(a['hookscope.hook.max_rss'])).toBeGreaterThanOrEqual(160 * 1024 * 1024);
      expect(Number(a['hookscope.hook.max_rss'])).toBeLessThan(1024 * 1024 * 1024);
    });

    it("records its own cost as the monitoring overhead, without the hook's time", async () => {
      const started = performance.now();
      const w = await wrapped(['--name', 'sleepy', '--', 'sleep', '1']);
      const elapsed = (performance.now() - started) / 1000;
      expect(w.code).toBe(0);
      const overhead = Number(onlySpan().a['hookscope.hook.overhead']);
      expect(overhead).toBeGreaterThan(0);
      // The hook slept a second; the wrapper's own part is at most the rest of the wall time.
      expect(overhead).toBeLessThan(elapsed - 1);
    });

    it('passes its span to the hook as the parent trace, under the trace it inherited', async () => {
      const parentTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
      const env = hookEnv({
        TRACEPARENT: `00-${parentTrace}-00f067aa0ba902b7-01`,
        TRACESTATE: 'vendor=x',
      });
      const w = JSON.parse(
        (
          await wrapped(['--event', 'PreToolUse', '--', 'python3', hook('print-env.py')], { env })
        ).stdout.toString(),
      );
      const span = onlySpan();
      expect(w.env['HOOKSCOPE_HOOK_EVENT']).toBe('PreToolUse');
      expect(span.traceId).toBe(parentTrace);
      expect(span.parentSpanId).toBe('00f067aa0ba902b7');
      expect(w.env['TRACEPARENT']).toBe(`00-${parentTrace}-${span.spanId}-01`);
      expect(w.env['TRACESTATE']).toBe('vendor=x');
    });

    it('nests the spans of a hook instrumented with @hookscope/telemetry under its own, counting the run once', async () => {
      const instrumented = join(REPO_ROOT, 'test', 'fixtures', 'instrumented-hook.mjs');
      const w = await wrapped([
        '--event',
        'Stop',
        '--',
        process.execPath,
        instrumented,
        'Stop',
        'inner',
        'success',
        '1',
      ]);
      expect(w.code).toBe(0);
      const spans = execSpans();
      const outer = spans.find((s) => s.name === 'Stop instrumented-hook')!;
      const inner = spans.find((s) => s.name === 'Stop inner')!;
      expect(inner.traceId).toBe(outer.traceId);
      expect(inner.parentSpanId).toBe(outer.spanId);
      // One hook span: the library's is the body of the wrapper's, with its labels.
      expect(spans.filter((s) => s.a['hookscope.kind'] === 'hook')).toEqual([outer]);
      expect(inner.a).toMatchObject({
        'hookscope.kind': 'hook_body',
        'hookscope.hook.event': 'Stop',
        'hookscope.hook.name': 'instrumented-hook',
      });
      // Each layer reports its own cost.
      expect(outer.a['hookscope.hook.overhead']).toBeGreaterThan(0);
      expect(inner.a['hookscope.hook.overhead']).toBeGreaterThan(0);
    });
  });

  describe.skipIf(!available(implementation))('hookscope exec fails open', () => {
    it('runs the hook unchanged when the spool cannot be written', async () => {
      const file = join(tmp.dir, 'a-file');
      writeFileSync(file, '');
      const env = hookEnv({ HOOKSCOPE_SPOOL_DIR: join(file, 'spool') });
      const w = await wrapped(['--', hook('exit-with.sh'), '3'], { env });
      expect([w.code, w.stdout.toString(), w.stderr]).toEqual([3, 'out', 'err']);
    });

    it('runs the hook when an option is wrong, and records the problem', async () => {
      const w = await wrapped(['--bogus', '--timeout', 'soon', '--', hook('exit-with.sh'), '2']);
      expect([w.code, w.stdout.toString(), w.stderr]).toEqual([2, 'out', 'err']);
      expect(onlySpan().a['hookscope.exec.warnings']).toEqual([
        'unknown option --bogus ignored',
        "--timeout must be a number of seconds (0 < S <= 604800), got 'soon': no timeout",
      ]);
    });

    it('runs the hook without Node (measured by the native launcher, unmeasured by the Node wrapper), and unmeasured when disabled', async () => {
      const noNode = hookEnv({ HOOKSCOPE_NODE: join(tmp.dir, 'no-node') });
      for (const args of [
        ['--event', 'x', '--name', 'y', '--', hook('exit-with.sh'), '2'],
        ['--timeout', '5', '-c', `${hook('exit-with.sh')} 2`],
      ]) {
        const w = await wrapped(args, { env: noNode });
        expect([w.code, w.stdout.toString(), w.stderr]).toEqual([2, 'out', 'err']);
      }
      expect(execSpans().map((s) => s.a['hookscope.hook.outcome'])).toEqual(
        impl.native ? ['blocked', 'blocked'] : [],
      );
      rmSync(spoolDir, { recursive: true, force: true });
      const disabled = hookEnv({ HOOKSCOPE_DISABLED: '1' });
      const w = JSON.parse(
        (
          await wrapped(['--', 'python3', hook('print-env.py')], { env: disabled })
        ).stdout.toString(),
      );
      expect(w.env['TRACEPARENT']).toBeUndefined();
      expect(existsSync(spoolDir)).toBe(false);
    });

    it('works the same through dist/main.js', async () => {
      const w = await runToEnd(
        process.execPath,
        [HOOKSCOPE_BIN, 'exec', '--', hook('exit-with.sh'), '2'],
        {
          env: hookEnv(),
        },
      );
      expect([w.code, w.stdout.toString(), w.stderr]).toEqual([2, 'out', 'err']);
      expect(onlySpan().a['hookscope.hook.outcome']).toBe('blocked');
    });

    it('explains itself when no command is given', async () => {
      const w = await wrapped(['--event', 'x']);
      expect(w.code).toBe(2);
      expect(w.stderr).toContain('hookscope exec: no command given');
      rmSync(spoolDir, { recursive: true, force: true });
    });
  });
});

it('builds the native launcher wherever a C compiler is (npm run build)', () => {
  expect(existsSync(NATIVE_LAUNCHER)).toBe(HAS_COMPILER);
});
