import { trace } from '@opentelemetry/api';
import { initTelemetry, traceHook } from '@hookscope/telemetry/dist/index.js';
import { work } from './work.mjs';
initTelemetry();
const code = traceHook('PreToolUse', 'bench', () => {
  const t = trace.getTracer('bench');
  for (let i = 0; i < 3; i++) t.startActiveSpan(`step ${i}`, (s) => s.end());
  return work();
});
process.exit(code);
