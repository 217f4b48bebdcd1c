// Whole-process wall time of a small hook, with and without instrumentation, side by side:
// variants run round-robin in one loop so machine noise hits them alike.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countInstructions, hasCallgrind } from './callgrind.mjs';
import { fmt, median, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
// Another built checkout (BENCH_BASELINE=<its root>): its hookscope hooks run beside this
// build's in the same loop, for a before/after comparison of a change.
const BASELINE = process.env.BENCH_BASELINE;

const VARIANTS = [
  ['bare hook (no telemetry)', 'bare.mjs'],
  ['hookscope: initTelemetry + hook span + 3 child spans', 'hookscope.mjs'],
  ['hookscope, bundle only (tracer from the handle)', 'hookscope-bundle-only.mjs'],
  ['hookscope, unbundled modules', 'hookscope-unbundled.mjs'],
  ['@opentelemetry/api only, no spans', 'api-only.mjs'],
  ['sdk-trace-base + no-op exporter', 'sdk-trace-base.mjs'],
  ['sdk-node + no-op exporter', 'sdk-node.mjs'],
].map(([label, file]) => [label, join(here, 'hooks', file)]);
const COUNTED = [0, 2, 5]; // bare, bundle only, sdk-trace-base
if (BASELINE) {
  for (const v of [1, 2, 3]) {
    const [label, file] = VARIANTS[v];
    VARIANTS.push([`${label}, baseline build`, join(BASELINE, 'bench', 'hooks', basename(file))]);
    if (COUNTED.includes(v)) COUNTED.push(VARIANTS.length - 1);
  }
}

export default async function hookOverhead() {
  const spool = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  // NODE_EXTRA_CA_CERTS costs Node ~40 ms at start-up on these machines and is unrelated to
  // what is measured here: leave it out for every variant alike.
  const env = {
    ...process.env,
    HOOKSCOPE_SPOOL_DIR: spool,
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
  delete env.NODE_EXTRA_CA_CERTS;
  const times = VARIANTS.map(() => []);
  let instructions = [];
  try {
    for (let i = 0; i < 3; i++) for (const [, file] of VARIANTS) run(file, env); // warm the page cache
    for (let r = 0; r < RUNS; r++) {
      VARIANTS.forEach(([, file], v) => times[v].push(run(file, env)));
      if (process.stderr.isTTY) process.stderr.write(`\rhook-overhead: run ${r + 1}/${RUNS}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    instructions = instructionRows(env);
  } finally {
    rmSync(spool, { recursive: true, force: true });
  }
  const base = { med: median(times[0]), p95: quantile(times[0], 0.95) };
  const rows = VARIANTS.map(([label], v) => {
    const med = median(times[v]);
    const p95 = quantile(times[v], 0.95);
    return [
      label,
      fmt(med),
      fmt(p95),
      v === 0 ? '-' : fmt(med - base.med),
      v === 0 ? '-' : fmt(p95 - base.p95),
      fmt(med / base.med, 2),
    ];
  });
  return [
    `### Hook process overhead (${RUNS} runs each, interleaved; Node ${process.version}, without NODE_EXTRA_CA_CERTS)`,
    '',
    table(
      ['variant', 'median ms', 'p95 ms', 'added median ms', 'added p95 ms', 'ratio to bare'],
      rows,
    ),
    ...instructions,
  ].join('\n');
}

/**
 * Wall time on a shared machine is noisy; instructions counted by valgrind's callgrind are not
 * (much): a second, load-independent view of the same comparison, when valgrind is installed.
 */
function instructionRows(env) {
  if (!hasCallgrind()) return [];
  const rows = COUNTED.map((v) => VARIANTS[v]).map(([label, file]) => [
    label,
    countInstructions([process.execPath, file], { env }),
  ]);
  const base = rows[0][1];
  return [
    '',
    'Instructions executed per hook process (valgrind --tool=callgrind, median of 3):',
    '',
    table(
      ['variant', 'instructions (M)', 'added (M)', 'ratio to bare'],
      rows.map(([label, n]) => [label, fmt(n / 1e6), fmt((n - base) / 1e6), fmt(n / base, 2)]),
    ),
  ];
}

function run(file, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [file], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${file} exited ${r.status}: ${r.stderr}`);
  return ms;
}
