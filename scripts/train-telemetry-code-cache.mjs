// The build's training run of the telemetry library (scripts/bundle.mjs runs it with
// HOOKSCOPE_WRITE_CODE_CACHE=1): what a hook does with the library, so that the code cache
// written at exit holds every function a hook process needs. One call of each API function
// (bench/api/calls.mjs, the list the telemetry-api benchmark measures), in a hook and alone.
import { initTelemetry, traceHook } from '@hookscope/telemetry';
import { calls } from '../bench/api/calls.mjs';

const handle = initTelemetry();
const table = Object.values(calls(handle));
traceHook('PreToolUse', 'build', () => {
  for (const call of table) call();
});
await traceHook('PreToolUse', 'build', async () => {});
for (const call of table) call();
