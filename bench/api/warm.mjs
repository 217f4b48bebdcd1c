// Warm per-event cost of each API call (benchmark worker; prints JSON). Events run inside hook
// spans, BATCH per hook, and the time includes ending the hook, which encodes the spool line and
// writes it: the whole cost of an event. `alone` runs each event outside any hook, so every
// event is its own spool line and write(2).
import { initTelemetry, traceHook } from '@hookscope/telemetry';
import { calls } from './calls.mjs';

const BATCH = 100;
const HOOKS = Number(process.env.BENCH_HOOKS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const handle = initTelemetry();
const table = calls(handle);
const names = Object.keys(table);

function inHook(fn) {
  const t0 = process.hrtime.bigint();
  for (let h = 0; h < HOOKS; h++) {
    traceHook('pre-commit', 'bench', () => {
      for (let i = 0; i < BATCH; i++) fn();
    });
  }
  return Number(process.hrtime.bigint() - t0) / (HOOKS * BATCH);
}

function alone(fn) {
  const n = HOOKS * 10;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

// Hooks with no events: their cost is subtracted so that only the events' share remains.
const empty = () => {};
const out = Object.fromEntries(names.map((n) => [n, { inHook: [], alone: [] }]));
out['(empty hook)'] = { inHook: [], alone: [] };
for (let r = 0; r < ROUNDS + 1; r++) {
  const keep = r > 0; // round 0 warms up the JIT
  const base = inHook(empty);
  if (keep) out['(empty hook)'].inHook.push(base * BATCH);
  for (const name of names) {
    const a = inHook(table[name]) - base;
    const b = alone(table[name]);
    if (keep) {
      out[name].inHook.push(a);
      out[name].alone.push(b);
    }
  }
}
handle.shutdown();
process.stdout.write(JSON.stringify(out));
