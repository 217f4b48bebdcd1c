export { startCollector } from './collector.js';
export type { Collector, SpanSource } from './collector.js';
export {
  CollectorConfigError,
  COLLECTOR_DEFAULTS,
  COLLECTOR_ENV,
  isLoopbackHost,
  resolveOptions,
} from './options.js';
export type { CollectorOptions, ResolvedOptions } from './options.js';
