// What `hookscope exec` adds to a hook's wall time, side by side with a bare Node start in the
// same run (issue #9). Variants run round-robin in one loop so machine noise hits them alike.
// Every hook gets a Claude Code PreToolUse payload on stdin (a socket, as a Node program passes it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const HOOKSCOPE = join(here, '..', 'packages', 'cli', 'bin', 'hookscope');
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

// A Claude Code PreToolUse payload, as the tests use it.
const PAYLOAD = JSON.stringify(
  JSON.parse(
    readFileSync(join(here, '..', 'packages/cli/test/fixtures/payloads/pre-tool-use.json'), 'utf8'),
  ),
);
const PIPED = (cmd) => `printf '%s' '${PAYLOAD.replace(/'/g, `'\\''`)}' | ${cmd}`;

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
    // A wrapper that fell open (no build, an error) would look free: every wrapped run must have
    // left its hook span in the spool.
    const wrapped = VARIANTS.filter(([label]) => label.includes('hookscope exec')).length;
    const spans = spoolLines(spool);
    if (spans !== wrapped * (RUNS + 3)) {
      throw new Error(
        `expected ${wrapped * (RUNS + 3)} hook spans in the spool, found ${spans}: is the build (npm run build) complete?`,
      );
    }
  } finally {
    rmSync(spool, { recursive: true, force: true });
  }
  const med = times.map((t) => median(t));
  const p95 = times.map((t) => quantile(t, 0.95));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = VARIANTS.map(([label], i) => [label, fmt(med[i]), fmt(p95[i]), fmt(mean(cpu[i]))]);

  const goal = med[0] + 5;
  const verdict = (m) => (m <= goal ? 'met' : `not met (+${fmt(m - goal)} ms)`);
  // [label, wrapped variant, direct variant]
  const pairs = [
    ['no-op hook', 3, 2],
    [`200 ms hook`, 5, 4],
    ['no-op hook, stdin a pipe under Claude Code', 7, 6],
  ];
  const summary = pairs.map(([label, w, d]) => [
    label,
    fmt(med[w] - med[d]),
    fmt(p95[w] - p95[d]),
    fmt(mean(cpu[w]) - mean(cpu[d])),
    fmt(goal),
    verdict(med[w] - med[d]),
  ]);
  return [
    `### hookscope exec overhead (${RUNS} runs each, interleaved; Node ${process.version}; NODE_EXTRA_CA_CERTS=${ca ?? 'unset'} where noted)`,
    '',
    table(['variant', 'median ms', 'p95 ms', 'CPU ms (mean)'], rows),
    '',
    `Added wall time of \`hookscope exec\` over the hook run directly; goal: added median <= bare \`node -e 0\` without NODE_EXTRA_CA_CERTS (${fmt(med[0])} ms) + 5 ms.`,
    '',
    table(
      ['hook', 'added median ms', 'added p95 ms', 'added CPU ms (mean)', 'goal ms', 'goal'],
      summary,
    ),
    '',
    `For scale: \`node -e 0\` itself uses ${fmt(mean(cpu[0]))} ms of CPU without NODE_EXTRA_CA_CERTS and ${fmt(mean(cpu[1]))} ms with it.`,
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

function spoolLines(dir) {
  let n = 0;
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.jsonl'))
      n += readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).length;
  }
  return n;
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
