// What hookscope reports as its own cost (`hookscope.hook.overhead`, summed per run over the hook
// and hook_body spans) against what it really adds to a hook process's wall time, for the library
// alone, the wrapper alone and both. Variants run round-robin in one loop so machine noise hits
// them alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LAUNCHER = join(here, '..', 'packages', 'cli', 'bin', 'hookscope');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BARE = [process.execPath, join(here, 'hooks', 'bare.mjs')];
const LIBRARY = [process.execPath, join(here, 'hooks', 'hookscope-bundle-only.mjs')];
const exec = (argv) => [
  LAUNCHER,
  'exec',
  '--event',
  'PreToolUse',
  '--name',
  'bench',
  '--',
  ...argv,
];

const VARIANTS = [
  ['bare hook (no telemetry)', BARE],
  ['library: initTelemetry + traceHook + 3 spans', LIBRARY],
  ['hookscope exec around the bare hook', exec(BARE)],
  ['hookscope exec around the library hook', exec(LIBRARY)],
];

export default async function reportedOverhead() {
  const base = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  const env = { ...process.env };
  // NODE_EXTRA_CA_CERTS costs Node ~40 ms at start-up on these machines: unset for every variant.
  for (const k of ['NODE_EXTRA_CA_CERTS', 'TRACEPARENT', 'HOOKSCOPE_DISABLED', 'OTEL_SDK_DISABLED'])
    delete env[k];
  for (const k of ['HOOKSCOPE_EXEC_SPAN_ID', 'HOOKSCOPE_HOOK_EVENT', 'HOOKSCOPE_HOOK_NAME'])
    delete env[k];
  const wall = VARIANTS.map(() => []);
  const reported = VARIANTS.map(() => []);
  let n = 0;
  const run = ([cmd, ...args]) => {
    const spoolDir = join(base, String(n++));
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env: { ...env, HOOKSCOPE_SPOOL_DIR: spoolDir } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}`);
    const seconds = overheadIn(spoolDir);
    rmSync(spoolDir, { recursive: true, force: true });
    return [ms, seconds];
  };
  try {
    for (let i = 0; i < 3; i++) for (const [, argv] of VARIANTS) run(argv); // warm the page cache
    for (let r = 0; r < RUNS; r++) {
      VARIANTS.forEach(([, argv], v) => {
        const [ms, seconds] = run(argv);
        wall[v].push(ms);
        reported[v].push(seconds * 1000);
      });
      if (process.stderr.isTTY) process.stderr.write(`\rreported-overhead: run ${r + 1}/${RUNS}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  const bare = median(wall[0]);
  const rows = VARIANTS.map(([label], v) => {
    const added = median(wall[v]) - bare;
    const rep = median(reported[v]);
    return [
      label,
      fmt(median(wall[v])),
      v === 0 ? '-' : fmt(added),
      v === 0 ? '-' : fmt(rep, 2),
      v === 0 ? '-' : fmt((rep / added) * 100, 0),
    ];
  });
  return [
    `${RUNS} runs per variant, round-robin; wall times in ms, NODE_EXTRA_CA_CERTS unset.`,
    '',
    table(
      [
        'variant',
        'median ms',
        'added median ms',
        'reported overhead, median ms',
        'reported / added %',
      ],
      rows,
    ),
  ].join('\n');
}

/** Sum of `hookscope.hook.overhead` over the spans one run wrote. */
function overheadIn(spoolDir) {
  let files;
  try {
    files = readdirSync(spoolDir);
  } catch {
    return 0;
  }
  let sum = 0;
  for (const f of files) {
    const text = readFileSync(join(spoolDir, f), 'utf8');
    for (const m of text.matchAll(
      /"hookscope\.hook\.overhead","value":\{"doubleValue":([0-9.e+-]+)/g,
    ))
      sum += Number(m[1]);
  }
  return sum;
}
