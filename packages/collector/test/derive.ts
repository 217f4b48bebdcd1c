import { METRICS } from '@hookscope/catalog';
import { DERIVERS } from '../src/derivers/index.js';
import { MetricStore } from '../src/metric-store.js';
import { decodeTraceRequest } from '../src/otlp-json.js';
import { spanRequest, type SpanSpec } from '../../../test/support/otlp.js';

/** Runs spans, encoded as a spool line, through every deriver, as the collector does. */
export function derive(spans: SpanSpec[]): MetricStore {
  const store = new MetricStore(METRICS);
  const decoded = decodeTraceRequest(JSON.parse(spanRequest(spans)));
  if (!decoded.ok) throw new Error(decoded.detail);
  for (const span of decoded.spans) for (const d of DERIVERS) d(span, store);
  return store;
}
