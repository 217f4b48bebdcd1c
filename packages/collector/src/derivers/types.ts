import type { MetricStore } from '../metric-store.js';
import type { IngestSpan } from '../otlp-json-decode.js';

/** Turns one span into metric observations; each domain (hooks, agents, ...) has one. */
export type Deriver = (span: IngestSpan, store: MetricStore) => void;
