// What `hookscope exec` adds to a hook's wall time: the native launcher and the Node wrapper
// side by side with the hook run directly, a bare `node -e 0` and a Python sender that POSTs
// the payload to a local server (the other usual way of monitoring hooks), all round-robin in
// one loop so machine noise hits them alike. Two hooks (a no-op, and a bash + jq guard as hooks
// are commonly written), two kinds of stdin carrying a Claude Code PreToolUse payload: a socket
// (what a Node program such as Claude Code passes) and a pipe through `sh` under Claude Code.
// stdout is a socket too, as agents read it: the launchers relay it to read deny decisions.
// BENCH_EXEC_BEFORE=<git ref> adds the native launcher built from that commit, to compare a
// change to the launcher before and after in the same run; BENCH_BASELINE=<a built checkout>
// adds that checkout's Node wrapper (its bundles and code cache), likewise for a change to the JS.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countInstructions, hasCallgrind } from './callgrind.mjs';
import { fmt, median, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'packages', 'cli');
const HOOKSCOPE = join(CLI, 'bin', 'hookscope');
const NATIVE = join(CLI, 'dist', 'native', 'hookscope');
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const BEFORE = process.env.BENCH_EXEC_BEFORE;
const BASELINE = process.env.BENCH_BASELINE;

/** The native launcher as built at git `ref` (its own sources and build script), in `dir`. */
function buildLauncherAt(ref, dir) {
  const tree = join(dir, 'before');
  const repo = join(here, '..');
  execFileSync('sh', [
    '-c',
    `mkdir -p "$2" && git -C "$1" archive "$3" packages/cli/native packages/cli/package.json | tar -x -C "$2"`,
    'sh',
    repo,
    tree,
    ref,
  ]);
  const out = join(dir, 'hookscope-before');
  execFileSync(process.execPath, [join(tree, 'packages/cli/native/build.mjs'), '--out', out]);
  return out;
}

// A Claude Code PreToolUse payload, as the tests use it.
const PAYLOAD = JSON.stringify(
  JSON.parse(readFileSync(join(CLI, 'test/fixtures/payloads/pre-tool-use.json'), 'utf8')),
);
const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

const GUARD = `#!/usr/bin/env bash
# A typical guard hook: read the Bash command from the payload, block a dangerous one.
cmd=$(jq -r .tool_input.command)
if [[ $cmd == *"rm -rf /"* ]]; then echo "blocked: $cmd" >&2; exit 2; fi
exit 0
`;
const SENDER = `import sys, urllib.request
data = sys.stdin.buffer.read()
req = urllib.request.Request(sys.argv[1], data=data, headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=5).read()
`;

export default async function execOverhead() {
  if (!existsSync(NATIVE)) throw new Error(`no native launcher at ${NATIVE}: npm run build`);
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-exec-'));
  const spool = join(dir, 'spool');
  const guard = join(dir, 'guard.sh');
  writeFileSync(guard, GUARD);
  chmodSync(guard, 0o755);
  const sender = join(dir, 'sender.py');
  writeFileSync(sender, SENDER);
  const server = await startServer(dir);
  const url = `http://127.0.0.1:${server.port}/hook`;

  const hooks = [
    ['no-op hook (true)', ['true']],
    ['bash + jq guard', [guard]],
  ];
  const before = BEFORE ? buildLauncherAt(BEFORE, dir) : undefined;
  const modes = [
    ['directly', (argv) => argv, {}],
    ...(before
      ? [
          [
            `native launcher at ${BEFORE}`,
            (argv) => [before, 'exec', '--event', 'PreToolUse', '--', ...argv],
            {},
          ],
        ]
      : []),
    ['native launcher', (argv) => [NATIVE, 'exec', '--event', 'PreToolUse', '--', ...argv], {}],
    [
      'Node wrapper',
      (argv) => [HOOKSCOPE, 'exec', '--event', 'PreToolUse', '--', ...argv],
      { HOOKSCOPE_NATIVE: '0' },
    ],
    ...(BASELINE
      ? [
          [
            'Node wrapper, baseline build',
            (argv) => [
              join(BASELINE, 'packages', 'cli', 'bin', 'hookscope'),
              ...['exec', '--event', 'PreToolUse', '--', ...argv],
            ],
            { HOOKSCOPE_NATIVE: '0' },
          ],
        ]
      : []),
  ];
  const stdins = ['socket', 'pipe'];
  // [label, argv, extra env, group]
  const variants = [
    ['node -e 0', ['node', '-e', '0'], {}, 'socket'],
    ['Python sender (urllib POST), stdin a socket', ['python3', sender, url], {}, 'socket'],
    [
      'Python sender (urllib POST), stdin a pipe',
      ['sh', '-c', `printf '%s' ${quote(PAYLOAD)} | python3 ${quote(sender)} ${url}`],
      {},
      'pipe',
    ],
  ];
  for (const stdin of stdins) {
    for (const [hookLabel, hookArgv] of hooks) {
      for (const [modeLabel, wrap, env] of modes) {
        const argv = wrap(hookArgv);
        variants.push([
          `${hookLabel}, stdin a ${stdin}, ${modeLabel}`,
          stdin === 'socket'
            ? argv
            : ['sh', '-c', `printf '%s' ${quote(PAYLOAD)} | ${argv.map(quote).join(' ')}`],
          env,
          stdin,
          { hook: hookLabel, mode: modeLabel, stdin },
        ]);
      }
    }
  }

  const base = { ...process.env, HOOKSCOPE_SPOOL_DIR: spool, CLAUDE_PROJECT_DIR: dir };
  for (const k of ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'TRACEPARENT', 'HOOKSCOPE_DISABLED']) {
    delete base[k];
  }
  let launcherInstructions = [];
  const times = variants.map(() => []);
  const cpu = variants.map(() => []);
  try {
    for (let i = 0; i < 3; i++) for (const v of variants) run(v, base); // warm caches
    for (let r = 0; r < RUNS; r++) {
      variants.forEach((v, i) => {
        const c0 = childrenCpuMs();
        times[i].push(run(v, base));
        cpu[i].push(childrenCpuMs() - c0);
      });
      if (process.stderr.isTTY) process.stderr.write(`\rexec: run ${r + 1}/${RUNS}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    // A wrapper that fell open (no build, an error) would look free: every wrapped run must
    // have left its hook span in the spool.
    const wrapped = variants.filter((v) => v[4] && v[4].mode !== 'directly').length;
    const spans = spoolLines(spool);
    if (spans !== wrapped * (RUNS + 3)) {
      throw new Error(`expected ${wrapped * (RUNS + 3)} hook spans in the spool, found ${spans}`);
    }
    if (before) launcherInstructions = countLauncherInstructions(before, base);
    if (server.requests() !== 2 * (RUNS + 3)) {
      throw new Error(`the Python sender's requests: ${server.requests()}`);
    }
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const med = times.map((t) => median(t));
  const p95 = times.map((t) => quantile(t, 0.95));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = variants.map(([label], i) => [
    label,
    fmt(med[i], 2),
    fmt(p95[i], 2),
    fmt(mean(cpu[i])),
  ]);

  const find = (hook, mode, stdin) =>
    variants.findIndex(
      (v) => v[4] && v[4].hook === hook && v[4].mode === mode && v[4].stdin === stdin,
    );
  const summary = [];
  for (const stdin of stdins) {
    for (const [hook] of hooks) {
      const d = find(hook, 'directly', stdin);
      const n = find(hook, 'native launcher', stdin);
      const j = find(hook, 'Node wrapper', stdin);
      const addedN = med[n] - med[d];
      const addedJ = med[j] - med[d];
      const addedNp95 = p95[n] - p95[d];
      const ratio = addedJ / Math.max(addedN, 0.01);
      const met = addedN <= 1.5 && addedNp95 <= 3 && ratio >= 20;
      summary.push([
        `${hook}, stdin a ${stdin}`,
        fmt(addedN, 2),
        fmt(addedNp95, 2),
        fmt(addedJ, 1),
        fmt(p95[j] - p95[d], 1),
        fmt(ratio, 0),
        met
          ? 'met'
          : `not met (${[
              addedN > 1.5 ? `median +${fmt(addedN - 1.5, 2)} ms` : '',
              addedNp95 > 3 ? `p95 +${fmt(addedNp95 - 3, 2)} ms` : '',
              ratio < 20 ? `ratio ${fmt(ratio, 0)}x` : '',
            ]
              .filter(Boolean)
              .join(', ')})`,
      ]);
    }
  }
  function beforeAfter() {
    const rowsBA = [];
    for (const stdin of stdins) {
      for (const [hook] of hooks) {
        const b = find(hook, `native launcher at ${BEFORE}`, stdin);
        const n = find(hook, 'native launcher', stdin);
        rowsBA.push([
          `${hook}, stdin a ${stdin}`,
          fmt(med[b], 2),
          fmt(med[n], 2),
          fmt(med[n] - med[b], 2),
          fmt(p95[b], 2),
          fmt(p95[n], 2),
          fmt(p95[n] - p95[b], 2),
        ]);
      }
    }
    return [
      `The native launcher at ${BEFORE} and now, same runs:`,
      '',
      table(
        [
          'hook',
          'before median ms',
          'now median ms',
          'difference',
          'before p95 ms',
          'now p95 ms',
          'difference',
        ],
        rowsBA,
      ),
    ].join('\n');
  }
  const instructions = countWrapperInstructions(base);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return [
    `### hookscope exec: native launcher and Node wrapper (${RUNS} runs each, interleaved; Node ${process.version}; load average ${load} at the end)`,
    '',
    table(['variant', 'median ms', 'p95 ms', 'CPU ms (mean)'], rows),
    '',
    'Added wall time over the hook run directly (same stdin); goal for the native launcher: at most 1.5 ms median and 3 ms p95 added, at least 20 times less than the Node wrapper adds.',
    '',
    ...(before ? ['', beforeAfter(), '', ...launcherInstructions, ''] : []),
    table(
      [
        'hook',
        'native added median ms',
        'native added p95 ms',
        'Node added median ms',
        'Node added p95 ms',
        'Node / native',
        'goal',
      ],
      summary,
    ),
    ...instructions,
  ].join('\n');
}

/**
 * The native launcher's own instructions (callgrind, the launcher's process only: the hook is not
 * traced), at BENCH_EXEC_BEFORE and now, with stdin and stdout sockets as Node-based agents give
 * them: around a no-op hook, and around one that prints a deny decision (relayed and read now).
 */
function countLauncherInstructions(before, base) {
  if (!hasCallgrind()) return [];
  const hooks = [
    ['no-op hook (true)', ['true']],
    [
      'hook printing a deny decision',
      ['sh', '-c', 'printf \'{"decision":"block","reason":"no"}\''],
    ],
  ];
  const count = (launcher, argv) =>
    countInstructions([launcher, 'exec', '--agent=claude-code', '--', ...argv], {
      env: base,
      input: PAYLOAD,
    });
  const rows = hooks.map(([label, argv]) => {
    const [b, n] = [count(before, argv), count(NATIVE, argv)];
    return [label, fmt(b / 1e3, 1), fmt(n / 1e3, 1), fmt((n - b) / 1e3, 1)];
  });
  return [
    `Instructions the native launcher executes itself (valgrind --tool=callgrind, median of 3; stdin and stdout sockets), at ${BEFORE} and now:`,
    '',
    table(['hook', 'before (thousands)', 'now (thousands)', 'difference'], rows),
  ];
}

/**
 * Wall time on a shared machine is noisy; instructions counted by valgrind's callgrind are not
 * (much): the Node wrapper's own process (dist/exec.cjs, what bin/hookscope starts; the hook is
 * not traced) around a no-op hook, when valgrind is installed.
 */
function countWrapperInstructions(base) {
  if (!hasCallgrind()) return [];
  const builds = [['Node wrapper', CLI]];
  if (BASELINE) builds.push(['Node wrapper, baseline build', join(BASELINE, 'packages', 'cli')]);
  const spool = mkdtempSync(join(tmpdir(), 'hookscope-bench-callgrind-'));
  const env = { ...base, HOOKSCOPE_SPOOL_DIR: spool };
  const rows = builds.map(([label, cli]) => [
    label,
    countInstructions(
      [process.execPath, join(cli, 'dist', 'exec.cjs'), '--event', 'PreToolUse', '--', 'true'],
      { env, input: PAYLOAD },
    ),
  ]);
  rmSync(spool, { recursive: true, force: true });
  return [
    '',
    "Instructions executed by the Node wrapper's process around a no-op hook, stdin a socket (valgrind --tool=callgrind, median of 3):",
    '',
    table(
      ['variant', 'instructions (M)', 'ratio to this build'],
      rows.map(([label, n]) => [label, fmt(n / 1e6), fmt(n / rows[0][1], 3)]),
    ),
  ];
}

/**
 * A local HTTP server (its own process, since spawnSync blocks this one) that answers 200 and
 * counts requests in a file, one byte each.
 */
async function startServer(dir) {
  const counter = join(dir, 'requests');
  writeFileSync(counter, '');
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('node:fs');
       const s = require('node:http').createServer((q, r) => {
         q.resume();
         q.on('end', () => { fs.appendFileSync(${JSON.stringify(counter)}, '.'); r.end('ok'); });
       });
       s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the local server did not start')), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return {
    port,
    requests: () => readFileSync(counter, 'utf8').length,
    stop: () => child.kill(),
  };
}

/**
 * CPU time (user + system) of this process's finished children, from /proc/self/stat: in clock
 * ticks (10 ms), so one run's value is coarse, but the mean over many runs is not.
 */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return NaN;
  }
}

function spoolLines(dir) {
  let n = 0;
  if (!existsSync(dir)) return 0;
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.jsonl'))
      n += readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).length;
  }
  return n;
}

function run([label, argv, env, stdin], base) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    env: { ...base, ...env },
    input: stdin === 'socket' ? PAYLOAD : undefined,
    // stdout a socket, as agents read it (what the hook prints is discarded after the run).
    stdio: [stdin === 'socket' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr}`);
  return ms;
}
