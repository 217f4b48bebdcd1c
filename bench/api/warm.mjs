// Warm per-event cost of each API call (benchmark worker; prints JSON). Events run inside hook
// spans, BATCH per hook, and the time includes ending the hook, which encodes the spool line and
// writes it: the whole cost of an event. `alone` runs each event outside any hook, so every
// event is its own spool line and write(2). Both CPU time (user + system, what the process
// itself spent: stable on a busy machine) and wall time are reported.
import { initTelemetry, traceHook } from '@hookscope/telemetry';
import { calls } from './calls.mjs';

const BATCH = 100;
const HOOKS = Number(process.env.BENCH_HOOKS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const handle = initTelemetry();
const table = calls(handle);
const names = Object.keys(table);

/** Runs `loop`, returning CPU and wall nanoseconds per event. */
function measure(loop, events) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  loop();
  const wall = Number(process.hrtime.bigint() - t0);
  const c = process.cpuUsage(c0);
  return { cpu: ((c.user + c.system) * 1000) / events, wall: wall / events };
}

function inHook(fn) {
  return measure(() => {
    for (let h = 0; h < HOOKS; h++) {
      traceHook('pre-commit', 'bench', () => {
        for (let i = 0; i < BATCH; i++) fn();
      });
    }
  }, HOOKS * BATCH);
}

function alone(fn) {
  const n = HOOKS * 10;
  return measure(() => {
    for (let i = 0; i < n; i++) fn();
  }, n);
}

// Hooks with no events: their cost is subtracted so that only the events' share remains.
const empty = () => {};
const series = () => ({ cpu: [], wall: [] });
const out = Object.fromEntries(names.map((n) => [n, { inHook: series(), alone: series() }]));
out['(empty hook)'] = { inHook: series(), alone: series() };
const push = (to, m, minus = { cpu: 0, wall: 0 }, scale = 1) => {
  to.cpu.push((m.cpu - minus.cpu) * scale);
  to.wall.push((m.wall - minus.wall) * scale);
};
for (let r = 0; r < ROUNDS + 1; r++) {
  const keep = r > 0; // round 0 warms up the JIT
  const base = inHook(empty);
  if (keep) push(out['(empty hook)'].inHook, base, undefined, BATCH);
  for (const name of names) {
    const a = inHook(table[name]);
    const b = alone(table[name]);
    if (keep) {
      push(out[name].inHook, a, base);
      push(out[name].alone, b);
    }
  }
}
handle.shutdown();
process.stdout.write(JSON.stringify(out));
