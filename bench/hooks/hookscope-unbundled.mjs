import { trace } from '@opentelemetry/api';
// Measures the unbundled build on purpose, so it imports the built modules.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { initTelemetry, traceHook } from '@hookscope/telemetry/dist/index.js';
import { work } from './work.mjs';
initTelemetry();
const code = traceHook('PreToolUse', 'bench', () => {
  const t = trace.getTracer('bench');
  for (let i = 0; i < 3; i++) t.startActiveSpan(`step ${i}`, (s) => s.end());
  return work();
});
process.exit(code);
