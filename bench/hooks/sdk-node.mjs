import { trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { work } from './work.mjs';
const noop = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const sdk = new NodeSDK({ spanProcessors: [new SimpleSpanProcessor(noop)], instrumentations: [] });
sdk.start();
const t = trace.getTracer('bench');
const code = t.startActiveSpan('PreToolUse bench', (hook) => {
  for (let i = 0; i < 3; i++) t.startActiveSpan(`step ${i}`, (s) => s.end());
  const c = work();
  hook.end();
  return c;
});
process.exit(code);
