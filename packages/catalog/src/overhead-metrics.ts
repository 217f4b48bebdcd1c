import type { MetricDef } from './metric-def.js';

/**
 * What hookscope itself costs the hooks it measures (a monitor worth running costs under 5% of
 * the hook time it watches). Whatever runs the hook and can time its own work (`hookscope exec`: wrapper start-up
 * and spool write; the telemetry library: start-up and span recording) writes that time on the
 * hook span as ATTR_HOOK_OVERHEAD; the collector sums it per hook, so that its share of hook time
 * is a ratio of two rates with the same labels (this over `hookscope_hook_duration_seconds_sum`).
 */
export const HOOK_OVERHEAD_SECONDS: MetricDef = {
  name: 'hookscope_hook_overhead_seconds_total',
  type: 'counter',
  unit: 's',
  help: 'Time hookscope itself added to hook executions (instrumentation start-up, span recording, spool writes), by hook event and hook name.',
  labels: ['hook_event', 'hook_name'],
};

export const OVERHEAD_METRICS: readonly MetricDef[] = [HOOK_OVERHEAD_SECONDS];
