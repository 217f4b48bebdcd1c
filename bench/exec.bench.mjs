// What `hookscope exec` adds to a hook's wall time, side by side with a bare Node start in the
// same run (issue #9). Variants run round-robin in one loop so machine noise hits them alike.
// Every hook gets a Claude Code PreToolUse payload on stdin, as Claude Code sends it (a socket).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const HOOKSCOPE = join(here, '..', 'packages', 'cli', 'bin', 'hookscope');
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const PAYLOAD = JSON.stringify({
  session_id: '8c35adc1-2b1f-4c55-9d0e-1f2a3b4c5d6e',
  transcript_path: '/home/dev/.claude/projects/-home-dev-app/8c35adc1.jsonl',
  cwd: '/home/dev/app',
  permission_mode: 'default',
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'npm test', description: 'Run the tests' },
  tool_use_id: 'toolu_01DUabcdefghijklmnop',
});
const PIPED = (cmd) => `printf '%s' '${PAYLOAD}' | ${cmd}`;

// [label, argv, options]: `ca` runs with NODE_EXTRA_CA_CERTS set, as on these machines.
const VARIANTS = [
  ['node -e 0, without NODE_EXTRA_CA_CERTS', ['node', '-e', '0'], {}],
  ['node -e 0, with NODE_EXTRA_CA_CERTS', ['node', '-e', '0'], { ca: true }],
  ['no-op hook (true), directly', ['true'], { ca: true }],
  ['no-op hook, under hookscope exec', [HOOKSCOPE, 'exec', '--', 'true'], { ca: true }],
  ['200 ms hook (sleep 0.2), directly', ['sleep', '0.2'], { ca: true }],
  ['200 ms hook, under hookscope exec', [HOOKSCOPE, 'exec', '--', 'sleep', '0.2'], { ca: true }],
  [
    'no-op hook, stdin a pipe (sh), directly',
    ['sh', '-c', PIPED('true')],
    { ca: true, claude: true },
  ],
  [
    'no-op hook, stdin a pipe (sh), under hookscope exec',
    ['sh', '-c', PIPED(`'${HOOKSCOPE}' exec -- true`)],
    { ca: true, claude: true },
  ],
];

export default async function execOverhead() {
  const spool = mkdtempSync(join(tmpdir(), 'hookscope-bench-exec-'));
  const ca = process.env.NODE_EXTRA_CA_CERTS || (existsSync(CA_BUNDLE) ? CA_BUNDLE : undefined);
  const base = { ...process.env, HOOKSCOPE_SPOOL_DIR: spool };
  for (const k of ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'TRACEPARENT', 'HOOKSCOPE_DISABLED']) {
    delete base[k];
  }
  const envOf = ({ ca: withCa, claude }) => ({
    ...base,
    ...(withCa && ca ? { NODE_EXTRA_CA_CERTS: ca } : {}),
    ...(claude ? { CLAUDE_PROJECT_DIR: spool } : {}),
  });
  const times = VARIANTS.map(() => []);
  const cpu = VARIANTS.map(() => []);
  try {
    for (let i = 0; i < 3; i++) for (const v of VARIANTS) run(v, envOf(v[2])); // warm caches
    for (let r = 0; r < RUNS; r++) {
      VARIANTS.forEach((v, i) => {
        const c0 = childrenCpuMs();
        times[i].push(run(v, envOf(v[2])));
        cpu[i].push(childrenCpuMs() - c0);
      });
      if (process.stderr.isTTY) process.stderr.write(`\rexec: run ${r + 1}/${RUNS}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
  } finally {
    rmSync(spool, { recursive: true, force: true });
  }
  const med = times.map((t) => median(t));
  const p95 = times.map((t) => quantile(t, 0.95));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = VARIANTS.map(([label], i) => [label, fmt(med[i]), fmt(p95[i]), fmt(mean(cpu[i]))]);

  const goal = med[0] + 5;
  const added = (wrapped, direct) => [med[wrapped] - med[direct], p95[wrapped] - p95[direct]];
  const [noopMed, noopP95] = added(3, 2);
  const [slowMed, slowP95] = added(5, 4);
  const [pipeMed, pipeP95] = added(7, 6);
  const verdict = (m) => (m <= goal ? 'met' : `not met (+${fmt(m - goal)} ms)`);
  const summary = [
    ['no-op hook', fmt(noopMed), fmt(noopP95), fmt(goal), verdict(noopMed)],
    [
      `200 ms hook (${fmt((100 * slowMed) / med[4], 1)}% of it)`,
      fmt(slowMed),
      fmt(slowP95),
      fmt(goal),
      verdict(slowMed),
    ],
    [
      'no-op hook, stdin a pipe under Claude Code',
      fmt(pipeMed),
      fmt(pipeP95),
      fmt(goal),
      verdict(pipeMed),
    ],
  ];
  return [
    `### hookscope exec overhead (${RUNS} runs each, interleaved; Node ${process.version}; NODE_EXTRA_CA_CERTS=${ca ?? 'unset'} where noted)`,
    '',
    table(['variant', 'median ms', 'p95 ms', 'CPU ms (mean)'], rows),
    '',
    `Added wall time of \`hookscope exec\` over the hook run directly; goal: added median <= bare \`node -e 0\` without NODE_EXTRA_CA_CERTS (${fmt(med[0])} ms) + 5 ms.`,
    '',
    table(['hook', 'added median ms', 'added p95 ms', 'goal ms', 'goal'], summary),
  ].join('\n');
}

/**
 * CPU time (user + system) of this process's finished children, from /proc/self/stat: in clock
 * ticks (10 ms), so one run's value is coarse, but the mean over many runs is not. Unlike wall
 * time it hardly depends on what else the machine is doing.
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

function run([label, argv], env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    env,
    input: PAYLOAD,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr}`);
  return ms;
}
