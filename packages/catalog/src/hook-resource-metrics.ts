import type { MetricDef } from './metric-def.js';

/**
 * What a hook costs the machine, measured by `hookscope exec` around the hook's process.
 *
 * CPU is a counter by mode (`user`, `system`, as OpenTelemetry's `cpu.mode`), so that
 * `rate()` gives the CPU cores hooks keep busy and `increase()` divided by the execution count of
 * `hookscope_hook_duration_seconds` gives the CPU seconds per execution.
 *
 * Peak memory is a histogram, not a gauge: a gauge would keep only the last execution, while the
 * distribution shows the typical and the worst hook run (`histogram_quantile`), and `_sum/_count`
 * the mean. Buckets double from 4 MiB (a shell script) to 8 GiB.
 */
const MIB = 1024 * 1024;
export const HOOK_MAX_RSS_BUCKETS = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192].map(
  (m) => m * MIB,
);

export const HOOK_CPU_SECONDS: MetricDef = {
  name: 'hookscope_hook_cpu_seconds_total',
  type: 'counter',
  unit: 's',
  help: 'CPU time of hook processes and the descendants they waited for, by hook event, hook name, mode (user, system) and coding agent; measured by hookscope exec.',
  labels: ['hook_event', 'hook_name', 'mode', 'agent'],
};

export const HOOK_MAX_RSS_BYTES: MetricDef = {
  name: 'hookscope_hook_max_rss_bytes',
  type: 'histogram',
  unit: 'By',
  help: 'Peak resident memory of one hook execution (largest process of its tree), by hook event, hook name and coding agent; measured by hookscope exec.',
  labels: ['hook_event', 'hook_name', 'agent'],
  buckets: HOOK_MAX_RSS_BUCKETS,
};
