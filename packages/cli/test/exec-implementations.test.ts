import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  ENV_VALUE_CASES,
  sanitizeFileNameComponent,
  SPOOL_FILE_NAME_CASES,
} from '@hookscope/runtime';
import { decodeTraceRequest, type IngestSpan } from '../../collector/src/otlp-json-decode.js';
import { HOOKSCOPE_LAUNCHER, REPO_ROOT, tempDir } from '../../../test/support/paths.js';
import { runToEnd } from '../../../test/support/processes.js';
import { typedAttrs } from '../../../test/support/spool.js';
import { deriveHookName, deriveHookNameFromShell } from '@hookscope/runtime';
import { AGENTS } from '../src/agents/index.js';
import { denyRulesFor, exit2Blocks, isDenyDecision } from '../src/exec/decision.js';
import { readClaudePayload } from '../src/exec/payload.js';
import { DENY_RULES_HEADER, renderDenyRules } from '../native/deny-rules.mjs';
import { DECISION_CASES, EXIT2_CASES } from './support/decision-cases.js';
import { hookLauncher } from '../src/install/wrap.js';
import {
  available,
  build,
  HAS_COMPILER,
  HOOK_NAMES,
  IMPLEMENTATIONS,
} from './support/exec-implementations.js';

// One contract, two implementations: the native launcher must derive the same names, read the
// same payload fields, follow the same rules for variables and spool file names, and write the
// same span as the Node wrapper. The parts are compared through a probe program built from the
// launcher's own sources; whole runs through the collector's decoder.

const tmp = tempDir('hookscope-exec-impl-');
afterAll(() => tmp.cleanup());
const HOOKS = join(REPO_ROOT, 'packages/cli/test/fixtures/hooks');
const PRE_TOOL_USE = readFileSync(
  join(REPO_ROOT, 'packages/cli/test/fixtures/payloads/pre-tool-use.json'),
  'utf8',
);

describe.skipIf(!HAS_COMPILER)('the native launcher follows the same tables of cases', () => {
  const probePath = join(tmp.dir, 'probe');
  const probe = (args: string[], opts: { input?: Buffer; env?: NodeJS.ProcessEnv } = {}) => {
    const r = spawnSync(probePath, args, { input: opts.input, env: opts.env ?? process.env });
    expect(r.status, r.stderr.toString()).toBe(0);
    return r.stdout.toString().replace(/\n$/, '');
  };
  beforeAll(() => {
    const r = build.compile({
      cc: build.findCompiler()!,
      sources: [...build.LAUNCHER_SOURCES.filter((s) => s !== 'launcher.c'), 'test/probe.c'],
      out: probePath,
    });
    expect(r.ok, r.output).toBe(true);
  });

  it.each(HOOK_NAMES.shell)('names $command as $name', ({ command, name }) => {
    expect(probe(['name-shell', command])).toBe(name);
    expect(deriveHookNameFromShell(command)).toBe(name);
  });

  it.each(HOOK_NAMES.argv)('names $argv as $name', ({ argv, name }) => {
    expect(probe(['name-argv', ...argv])).toBe(name);
    expect(deriveHookName(argv)).toBe(name);
  });

  it('sanitises spool file name components as the catalog says', () => {
    for (const [raw, safe] of SPOOL_FILE_NAME_CASES) {
      // A C string ends at NUL: no value with one reaches the launcher (host names, numbers).
      if (raw.includes('\0')) continue;
      // The rule goes by UTF-16 code units in JavaScript and by bytes in C: a non-ASCII
      // character is one `-` per byte there. Both names are safe and both parse.
      const bytes = Buffer.from(raw, 'utf8').toString('latin1');
      const expected = bytes === raw ? safe : sanitizeFileNameComponent(bytes);
      expect(probe(['spool-name', raw]), JSON.stringify(raw)).toBe(expected);
    }
  });

  it('reads an empty or blank variable as unset, as the catalog says', () => {
    for (const [raw, value] of ENV_VALUE_CASES) {
      const env: NodeJS.ProcessEnv = { ...process.env };
      if (raw === undefined) delete env['HOOKSCOPE_PROBE'];
      else env['HOOKSCOPE_PROBE'] = raw;
      expect(JSON.parse(probe(['env', 'HOOKSCOPE_PROBE'], { env })), JSON.stringify(raw)).toBe(
        value ?? null,
      );
    }
  });

  const payloads: [string, Buffer][] = [
    ['a Claude Code PreToolUse payload', Buffer.from(PRE_TOOL_USE)],
    [
      'a Stop payload, content left out',
      Buffer.from(
        '{"session_id":"s","hook_event_name":"Stop","stop_hook_active":false,"last_assistant_message":"x"}',
      ),
    ],
    [
      'a payload cut in a nested value',
      Buffer.from('{"hook_event_name": "Stop", "session_id": "abc", "tool_input": {"command": "ls'),
    ],
    [
      'a decoy inside a nested value',
      Buffer.from(
        '{"tool_input":{"hook_event_name":"nested","s":"}"},"hook_event_name":"PreToolUse","tool_name":"Edit","arr":[1,{"x":"]"}]}',
      ),
    ],
    [
      'escapes, surrogate pairs and lone surrogates',
      Buffer.from(
        String.raw`{"hook_event_name":"E","session_id":"\u00e9\ud83d\ude00 \ud800 \udc00x \"q\" \\ \/ \b\f\n\r\t \u0001","cwd":"é😀"}`,
      ),
    ],
    ['an escaped key', Buffer.from(String.raw`{"hook\u005fevent_name":"E","tool\u005fname":"T"}`)],
    [
      'a bad escape ends the reading',
      Buffer.from(String.raw`{"hook_event_name":"E","session_id":"a\x","tool_name":"T"}`),
    ],
    [
      'a raw control character ends the reading',
      Buffer.from('{"hook_event_name":"E","cwd":"a\u0001b","tool_name":"T"}'),
    ],
    [
      'numbers',
      Buffer.from(
        '{"hook_event_name":"E","reason":-0,"trigger":1e400,"source":0.1,"prompt_id":12345678901234567890,"model":-1.5e-7,"agent_id":01}',
      ),
    ],
    [
      'a repeated member and bare words',
      Buffer.from(
        '{"x": nul, "hook_event_name":"A","tool_name":"T1","tool_name":"T2","hook_event_name":"B"}',
      ),
    ],
    ['a value the text ends on', Buffer.from('{"hook_event_name":"E","stop_hook_active":true')],
    [
      'a string cut at the attribute limit, in a surrogate pair',
      Buffer.from(
        JSON.stringify({ hook_event_name: 'E', session_id: 'a'.repeat(4095) + '😀tail' }),
      ),
    ],
    [
      'bytes that are not UTF-8',
      Buffer.concat([
        Buffer.from('{"hook_event_name":"E\xff","cwd":"a'),
        Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98]),
        Buffer.from('","tool_name":"T"}'),
      ]),
    ],
    [
      'white space around everything',
      Buffer.from(' \n\t{ "hook_event_name" :\r"E" , "tool_name":"T" }'),
    ],
    ['a byte-order mark', Buffer.from('\ufeff{"hook_event_name":"E"}')],
    ['not an object', Buffer.from('[{"hook_event_name":"E"}]')],
    ['not JSON', Buffer.from('hello')],
    ['nothing', Buffer.alloc(0)],
    ['no event', Buffer.from('{"session_id":"x","tool_name":"T"}')],
  ];

  it.each(payloads)('reads %s as the Node wrapper does', (_label, bytes) => {
    const native = JSON.parse(probe(['payload'], { input: bytes })) as {
      event: string | null;
      tool: string | null;
      attributes: Parameters<typeof typedAttrs>[0];
    };
    const node = readClaudePayload(bytes.toString('utf8'), []);
    // What the span gets: strings cut as the library's span limits cut them, numbers that JSON
    // cannot hold written as null, -0 as 0.
    const onSpan = (v: string | number | boolean) =>
      typeof v === 'string'
        ? v.slice(0, 4096)
        : typeof v === 'number' && !isFinite(v)
          ? null
          : v === 0
            ? 0
            : v;
    expect({
      event: native.event,
      tool: native.tool,
      attributes: typedAttrs(native.attributes),
    }).toEqual({
      event: node?.event ?? null,
      tool: node?.tool ?? null,
      attributes: Object.fromEntries(
        Object.entries(node?.attributes ?? {}).map(([k, v]) => [k, onSpan(v)]),
      ),
    });
  });

  it.each(EXIT2_CASES)(
    'exit 2 of a $agent hook on $event blocks: $blocks',
    ({ agent, event, blocks }) => {
      expect(probe(['exit2', agent, event])).toBe(blocks ? '1' : '0');
      expect(exit2Blocks(agent, event)).toBe(blocks);
    },
  );

  it.each(DECISION_CASES.map((c, i) => ({ ...c, i })))(
    'case $i: $agent output is a deny decision: $deny',
    ({ agent, output, deny }) => {
      const bytes = Buffer.isBuffer(output) ? output : Buffer.from(output);
      expect(probe(['decision', agent], { input: bytes })).toBe(deny ? '1' : '0');
      const rules = denyRulesFor(agent, {}) ?? [];
      expect(isDenyDecision(bytes.toString('utf8'), rules)).toBe(deny);
    },
  );
});

const [native, , node] = IMPLEMENTATIONS as [
  (typeof IMPLEMENTATIONS)[number],
  unknown,
  (typeof IMPLEMENTATIONS)[number],
];

it("the native launcher's deny rules are the adapters' (npm run native:rules writes them)", () => {
  expect(readFileSync(DENY_RULES_HEADER, 'utf8')).toBe(renderDenyRules(AGENTS));
});

describe.skipIf(!available(native))('both implementations write the same span', () => {
  let run = 0;
  /** Runs a hook under an implementation; its span and resource through the collector's decoder. */
  async function underBoth(
    execArgs: string[],
    o: { input?: string; env?: NodeJS.ProcessEnv; shell?: (launcher: string) => string } = {},
  ) {
    const out = [];
    for (const impl of [native, node]) {
      const spool = join(tmp.dir, `spool-${++run}`);
      const env: NodeJS.ProcessEnv = { ...process.env, HOOKSCOPE_SPOOL_DIR: spool, ...impl.env };
      for (const k of [
        'TRACEPARENT',
        'TRACESTATE',
        'OTEL_RESOURCE_ATTRIBUTES',
        'OTEL_SERVICE_NAME',
      ])
        delete env[k];
      Object.assign(env, o.env);
      const r = o.shell
        ? await runToEnd('/bin/sh', ['-c', o.shell(`'${impl.launcher}' exec`)], {
            env,
            input: o.input,
          })
        : await runToEnd(impl.launcher, ['exec', ...execArgs], { env, input: o.input });
      const lines = readdirSync(spool).flatMap((f) =>
        readFileSync(join(spool, f), 'utf8').split('\n').filter(Boolean),
      );
      expect(lines).toHaveLength(1);
      const decoded = decodeTraceRequest(JSON.parse(lines[0]!));
      expect(decoded.ok).toBe(true);
      const span = (decoded as { spans: IngestSpan[] }).spans[0]!;
      const raw = JSON.parse(lines[0]!).resourceSpans[0].scopeSpans[0].spans[0];
      out.push({ r, span, warnings: typedAttrs(raw.attributes)['hookscope.exec.warnings'] });
    }
    const [n, j] = out as [(typeof out)[number], (typeof out)[number]];
    expect([n.r.code, n.r.stdout.toString(), n.r.stderr]).toEqual([
      j.r.code,
      j.r.stdout.toString(),
      j.r.stderr,
    ]);
    expect(n.span.resource['telemetry.sdk.language']).toBe('c');
    expect(j.span.resource['telemetry.sdk.language']).toBe('nodejs');
    // Measured values differ from run to run; each implementation measures them its own way.
    const MEASURED = [
      'hookscope.hook.overhead',
      'hookscope.hook.cpu.user',
      'hookscope.hook.cpu.system',
      'hookscope.hook.max_rss',
    ];
    const comparable = (s: IngestSpan) => ({
      name: s.name,
      statusCode: s.statusCode,
      parentSpanId: s.parentSpanId,
      traceId: s.parentSpanId ? s.traceId : 'new',
      events: s.events,
      attributes: Object.fromEntries(
        Object.entries(s.attributes).filter(([k]) => !MEASURED.includes(k)),
      ),
      resource: Object.fromEntries(
        Object.entries(s.resource).filter(
          ([k]) => k !== 'process.pid' && k !== 'telemetry.sdk.language',
        ),
      ),
    });
    expect(comparable(n.span)).toEqual(comparable(j.span));
    expect(n.warnings).toEqual(j.warnings);
    expect(n.span.attributes['hookscope.hook.overhead']).toBeGreaterThan(0);
    return { native: n.span, node: j.span };
  }

  it('a blocking hook with a payload on a socket, options and a wrong one', async () => {
    const { native: n } = await underBoth(
      ['--timeout', '30', '--bogus=1', '--', 'python3', join(HOOKS, 'bytes.py'), '2', '0'],
      { input: PRE_TOOL_USE },
    );
    expect(n.attributes).toMatchObject({
      'hookscope.hook.outcome': 'blocked',
      'hookscope.hook.tool': 'Bash',
      'hookscope.hook.timeout': 30,
    });
    // wait4 measures the hook exactly, however short: both modes, and its peak memory.
    expect(n.attributes['hookscope.hook.max_rss']).toBeGreaterThan(1024 * 1024);
    expect(n.attributes['hookscope.hook.cpu.user']).toBeGreaterThan(0);
  });

  it('the command install writes: the event from the payload, the name from the expanded command', async () => {
    // As an agent runs it: its own sh -c expands "$HOOKS" before the wrapper starts.
    const { native: n } = await underBoth([], {
      input: PRE_TOOL_USE,
      env: { HOOKS },
      shell: (exec) => `${exec} --agent=claude-code -- "$HOOKS"/exit-with.sh 2`,
    });
    expect(n.attributes).toMatchObject({
      'hookscope.hook.event': 'PreToolUse',
      'hookscope.hook.name': 'exit-with',
      'hookscope.hook.agent': 'claude-code',
      'hookscope.hook.outcome': 'blocked',
    });
  });

  it('a payload the agent writes only after a fast hook ended, without --event', async () => {
    // A busy machine can delay the agent's write past the hook's end; the event is in it.
    const { native: n } = await underBoth([], {
      env: { PAYLOAD: PRE_TOOL_USE },
      shell: (exec) => `(sleep 0.1; printf '%s' "$PAYLOAD") | ${exec} --agent=claude-code -- true`,
    });
    expect(n.attributes).toMatchObject({
      'hookscope.hook.event': 'PreToolUse',
      'hookscope.hook.tool': 'Bash',
      'hookscope.hook.outcome': 'success',
    });
  });

  it('a shell command that fails, with --event', async () => {
    await underBoth(['--event', 'pre-commit', '-c', `${join(HOOKS, 'exit-with.sh')} 3 | cat`]);
  });

  it('a hook killed by a signal of its own', async () => {
    await underBoth(['--name', 'kamikaze', '--', 'sh', '-c', 'kill -KILL $$']);
  });

  it('a command that does not exist', async () => {
    await underBoth(['--', 'no-such-hook-xyz', 'a']);
  });

  it('a hook past --timeout', async () => {
    await underBoth(['--timeout', '0.5', '--', 'sleep', '5']);
  });

  it('a payload in a file, a parent trace, resource attributes from the environment', async () => {
    const file = join(tmp.dir, 'stop.json');
    writeFileSync(
      file,
      JSON.stringify({
        session_id: 's-1',
        hook_event_name: 'Stop',
        stop_hook_active: true,
        agent_id: 'a-1',
        agent_type: 'reviewer',
      }),
    );
    const { native: n } = await underBoth([], {
      shell: (exec) => `${exec} -- cat > /dev/null < '${file}'`,
      env: {
        TRACEPARENT: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        TRACESTATE: 'vendor=x, other = y ,vendor=z',
        OTEL_RESOURCE_ATTRIBUTES:
          'team=a%20b,deployment.environment=dev,bad=%zz,=x,service.name=svc',
        OTEL_SERVICE_NAME: ' ',
      },
    });
    expect(n.parentSpanId).toBe('00f067aa0ba902b7');
    expect(n.resource).toMatchObject({ team: 'a b', 'service.name': 'svc' });
    expect(n.attributes['gen_ai.agent.name']).toBe('reviewer');
  });
});

describe.skipIf(!HAS_COMPILER)('a per-platform package of the launcher', () => {
  it('is made for this machine, and install writes its binary into hook commands', async () => {
    const r = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'packages/cli/native/package-platform.mjs')],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const dir = r.stdout.trim();
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: `@hookscope/cli-${process.platform}-${process.arch}`,
      os: [process.platform],
      cpu: [process.arch],
      files: ['bin/hookscope'],
    });
    // Installed as npm would: node_modules/@hookscope/{cli, cli-<os>-<cpu>}, no build in cli.
    const scope = join(tmp.dir, 'node_modules', '@hookscope');
    mkdirSync(join(scope, 'cli', 'bin'), { recursive: true });
    copyFileSync(HOOKSCOPE_LAUNCHER, join(scope, 'cli', 'bin', 'hookscope'));
    cpSync(dir, join(scope, manifest.name.split('/')[1]), { recursive: true });
    const binary = join(scope, manifest.name.split('/')[1], 'bin', 'hookscope');
    expect(hookLauncher(join(scope, 'cli', 'bin', 'hookscope'))).toBe(binary);
    const spool = join(tmp.dir, 'spool-platform');
    const w = await runToEnd(binary, ['exec', '--', join(HOOKS, 'exit-with.sh'), '2'], {
      env: { ...process.env, HOOKSCOPE_SPOOL_DIR: spool },
    });
    expect([w.code, w.stdout.toString(), w.stderr]).toEqual([2, 'out', 'err']);
    expect(readdirSync(spool)).toHaveLength(1);
  });
});

describe('without a C compiler', () => {
  it('the build says so and leaves no launcher; bin/hookscope runs hooks through the Node wrapper; install writes bin/hookscope', async () => {
    const out = join(tmp.dir, 'no-cc', 'hookscope');
    const r = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'packages/cli/native/build.mjs'), '--out', out],
      { env: { ...process.env, CC: 'no-such-compiler-xyz' }, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no C compiler');
    expect(existsSync(out)).toBe(false);

    // A package as a machine without a compiler builds it: everything but dist/native.
    const pkg = join(tmp.dir, 'pkg');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    mkdirSync(join(pkg, 'dist'));
    copyFileSync(HOOKSCOPE_LAUNCHER, join(pkg, 'bin', 'hookscope'));
    const dist = join(REPO_ROOT, 'packages/cli/dist');
    for (const entry of readdirSync(dist)) {
      if (entry !== 'native') symlinkSync(join(dist, entry), join(pkg, 'dist', entry));
    }
    const launcher = join(pkg, 'bin', 'hookscope');
    expect(hookLauncher(launcher)).toBe(launcher);
    const spool = join(tmp.dir, 'spool-no-cc');
    const w = await runToEnd(launcher, ['exec', '--', join(HOOKS, 'exit-with.sh'), '2'], {
      env: { ...process.env, HOOKSCOPE_SPOOL_DIR: spool },
      input: PRE_TOOL_USE,
    });
    expect([w.code, w.stdout.toString(), w.stderr]).toEqual([2, 'out', 'err']);
    const line = JSON.parse(readFileSync(join(spool, readdirSync(spool)[0]!), 'utf8'));
    const span = (decodeTraceRequest(line) as { spans: IngestSpan[] }).spans[0]!;
    expect(span.resource['telemetry.sdk.language']).toBe('nodejs');
    expect(span.attributes).toMatchObject({
      'hookscope.hook.outcome': 'blocked',
      'hookscope.hook.tool': 'Bash',
    });
  });
});
