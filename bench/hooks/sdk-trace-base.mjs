import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { work } from './work.mjs';
const noop = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(noop)] });
trace.setGlobalTracerProvider(provider);
const t = trace.getTracer('bench');
const code = t.startActiveSpan('PreToolUse bench', (hook) => {
  for (let i = 0; i < 3; i++) t.startActiveSpan(`step ${i}`, (s) => s.end());
  const c = work();
  hook.end();
  return c;
});
process.exit(code);
