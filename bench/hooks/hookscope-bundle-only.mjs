// Uses only what @hookscope/telemetry exports (no separate @opentelemetry/api import): the bundle alone.
import { initTelemetry, traceHook } from '@hookscope/telemetry';
import { work } from './work.mjs';
const h = initTelemetry();
const code = traceHook('PreToolUse', 'bench', () => {
  for (let i = 0; i < 3; i++) h.tracer.startActiveSpan(`step ${i}`, (s) => s.end());
  return work();
});
process.exit(code);
