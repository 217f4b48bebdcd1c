// Cost of each @hookscope/telemetry API call: warm per-event cost including the spool
// write, first-call cost in a fresh process, and the start-up of `hookscope emit`. Plain spans
// are measured in the same runs as the yardstick.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, quantile, table } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const COLD_RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PLAIN = 'plain span (tracer.startSpan/end)';
const HOOKSCOPE_BIN = join(here, '..', 'packages', 'cli', 'dist', 'main.js');
const HOOKSCOPE_LAUNCHER = join(here, '..', 'packages', 'cli', 'bin', 'hookscope');

export default async function telemetryApi() {
  const spool = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  // NODE_EXTRA_CA_CERTS costs Node ~40 ms at start-up here and is not what is measured.
  const env = { ...process.env, HOOKSCOPE_SPOOL_DIR: spool };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.TRACEPARENT;
  try {
    return [warm(env), cold(env), emitStartup(env)].join('\n\n');
  } finally {
    rmSync(spool, { recursive: true, force: true });
  }
}

function node(args, env, command = process.execPath) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function warm(env) {
  process.stderr.write('telemetry-api: warm per-event cost\n');
  const data = JSON.parse(node([join(here, 'api', 'warm.mjs')], env).stdout);
  const plain = median(data[PLAIN].inHook.cpu);
  const rows = Object.entries(data)
    .filter(([name]) => name !== '(empty hook)')
    .map(([name, { inHook, alone }]) => [
      name,
      fmt(median(inHook.cpu), 0),
      fmt(median(inHook.cpu) / plain, 2),
      fmt(median(inHook.wall), 0),
      fmt(median(alone.cpu), 0),
      fmt(median(alone.wall), 0),
    ]);
  const empty = data['(empty hook)'].inHook;
  return [
    '### Warm: per event, including the spool write (median of 7 rounds)',
    '',
    'In a hook: 50 hooks x 100 events, timed with the hook ends (which encode and write the spool',
    `line), minus the same hooks empty (${fmt(median(empty.cpu) / 1000, 1)} us CPU per empty hook).`,
    'Alone: each event outside any hook, its own spool line and write(2). CPU is user + system',
    'time of the process (steady on a busy machine); wall includes waiting for a CPU.',
    '',
    table(
      [
        'call',
        'in a hook, CPU ns/event',
        'ratio to plain span',
        'in a hook, wall ns/event',
        'alone, CPU ns/event',
        'alone, wall ns/event',
      ],
      rows,
    ),
  ].join('\n');
}

function cold(env) {
  const names = Object.keys(
    JSON.parse(
      node([join(here, 'api', 'warm.mjs')], { ...env, BENCH_HOOKS: '1', BENCH_ROUNDS: '0' }).stdout,
    ),
  ).filter((n) => n !== '(empty hook)');
  const times = Object.fromEntries(names.map((n) => [n, { cpu: [], wall: [] }]));
  for (let r = 0; r < COLD_RUNS; r++) {
    for (const name of names) {
      const m = JSON.parse(node([join(here, 'api', 'cold.mjs'), name], env).stdout);
      times[name].cpu.push(m.cpu / 1e3);
      times[name].wall.push(m.wall / 1e3);
    }
    if (process.stderr.isTTY)
      process.stderr.write(`\rtelemetry-api: cold run ${r + 1}/${COLD_RUNS}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const plain = median(times[PLAIN].cpu);
  const rows = names.map((n) => [
    n,
    fmt(median(times[n].cpu), 0),
    fmt(quantile(times[n].cpu, 0.95), 0),
    fmt(median(times[n].cpu) / plain, 2),
    fmt(median(times[n].wall), 0),
  ]);
  return [
    `### First call in a fresh process, including its spool write (${COLD_RUNS} processes per call, interleaved)`,
    '',
    'After `initTelemetry()` and one empty hook (the spool file is open), the first call of each',
    'API function, outside a hook span so that its own spool line is written within the time.',
    '',
    table(['call', 'CPU median us', 'CPU p95 us', 'ratio to plain span', 'wall median us'], rows),
  ].join('\n');
}

function emitStartup(env) {
  // prettier-ignore
  const agent = ['agent', '--name', 'reviewer', '--seconds', '2.5', '--model', 'm', '--input-tokens', '1200', '--output-tokens', '80', '--conversation-id', 'c-1'];
  const restart = ['restart', '--process-type', 'tactical', '--success', 'true'];
  // [label, args, command]: hooks run `hookscope emit` (bin/hookscope, its fast path); the
  // general entry dist/main.js runs the same code, for comparison.
  const variants = [
    ['node -e 0', ['-e', '0']],
    [
      'hookscope emit restart --process-type tactical --success true',
      ['emit', ...restart],
      HOOKSCOPE_LAUNCHER,
    ],
    ['hookscope emit agent (10 flags)', ['emit', ...agent], HOOKSCOPE_LAUNCHER],
    ['node dist/main.js emit agent (10 flags)', [HOOKSCOPE_BIN, 'emit', ...agent]],
  ];
  const times = variants.map(() => []);
  for (let i = 0; i < 3; i++) for (const [, args, cmd] of variants) node(args, env, cmd);
  for (let r = 0; r < COLD_RUNS; r++)
    variants.forEach(([, args, cmd], v) => times[v].push(node(args, env, cmd).ms));
  const base = median(times[0]);
  const rows = variants.map(([label], v) => [
    label,
    fmt(median(times[v])),
    fmt(quantile(times[v], 0.95)),
    v === 0 ? '-' : fmt(median(times[v]) - base),
  ]);
  return [
    `### \`hookscope emit\`: whole process, one event (${COLD_RUNS} runs each, interleaved)`,
    '',
    table(['command', 'median ms', 'p95 ms', 'added to node -e 0, ms'], rows),
  ].join('\n');
}
