export * from './semconv.js';
export * from './metric-def.js';
export * from './hook-metrics.js';
export * from './collector-metrics.js';
export * from './host-metrics.js';
export * from './catalog.js';
export * from './paths.js';
