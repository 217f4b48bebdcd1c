// First-call cost of one API call in a fresh process (benchmark worker; prints JSON: CPU and
// wall nanoseconds).
// Telemetry is initialized and one empty hook has run (the spool file is open), as in a hook that
// reaches its first agent, validation or cache call; the call runs outside a hook span so that
// its time includes writing its spool line.
import { initTelemetry, traceHook } from '@hookscope/telemetry';
import { calls } from './calls.mjs';

const handle = initTelemetry();
traceHook('pre-commit', 'bench', () => {});
const fn = calls(handle)[process.argv[2]];
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
fn();
const wall = Number(process.hrtime.bigint() - t0);
const c = process.cpuUsage(c0);
handle.shutdown();
process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) * 1000, wall }));
