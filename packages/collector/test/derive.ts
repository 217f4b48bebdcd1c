import { METRICS } from '@hookscope/catalog';
import { deriveSpan } from '../src/derivers/index.js';
import { MetricStore } from '../src/metric-store.js';
import { decodeTraceRequest } from '../src/otlp-json-decode.js';
import { spanRequest, type SpanSpec } from '../../../test/support/otlp.js';

/** Runs spans, encoded as a spool line, through every deriver, as the collector does. */
export function derive(spans: SpanSpec[]): MetricStore {
  const store = new MetricStore(METRICS);
  const decoded = decodeTraceRequest(JSON.parse(spanRequest(spans)));
  if (!decoded.ok) throw new Error(decoded.detail);
  for (const span of decoded.spans) deriveSpan(span, store);
  return store;
}
