export * from './semconv.js';
export * from './metrics.js';
export * from './paths.js';
