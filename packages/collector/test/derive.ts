import { COLLECTOR_INGEST_LAG, COLLECTOR_SPANS_INGESTED, METRICS } from '@hookscope/catalog';
import { IngestStage } from '../src/ingest-stage.js';
import { MetricStore } from '../src/metric-store.js';
import { spanRequest, type SpanSpec } from '../../../test/support/otlp.js';

/** What the ingest stage counts about itself for every line, left out: not derived from spans. */
const STAGE_OWN = new Set([COLLECTOR_SPANS_INGESTED, COLLECTOR_INGEST_LAG]);

/**
 * Runs spans, encoded as a spool line, through the collector's ingest stage (a rejected line
 * throws), and returns the metrics derived from them.
 */
export function derive(spans: SpanSpec[]): MetricStore {
  const store = new MetricStore(METRICS.filter((m) => !STAGE_OWN.has(m)));
  const stage = new IngestStage(store, {
    log: (message) => {
      throw new Error(message);
    },
  });
  stage.line(spanRequest(spans), 'test.jsonl');
  return store;
}
