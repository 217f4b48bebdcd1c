import type { MetricDef, MetricType } from './metric-def.js';

/**
 * Host and process metrics from @opentelemetry/instrumentation-host-metrics inside the collector.
 * Its instruments carry OpenTelemetry names (`system.cpu.time`, unit `s`); the collector renames
 * each through a view to the Prometheus name here, since the exporter adds no unit suffix.
 */
export const HOST_METRICS: readonly MetricDef[] = [
  hostMetric(
    'system.cpu.time',
    'system_cpu_time_seconds_total',
    'counter',
    's',
    'Host CPU time by logical CPU and mode.',
    ['cpu_logical_number', 'cpu_mode'],
  ),
  hostMetric(
    'system.cpu.utilization',
    'system_cpu_utilization_ratio',
    'gauge',
    '1',
    'Host CPU utilization (0-1) by logical CPU and mode.',
    ['cpu_logical_number', 'cpu_mode'],
  ),
  hostMetric(
    'system.memory.usage',
    'system_memory_usage_bytes',
    'gauge',
    'By',
    'Host memory by state (used, free).',
    ['system_memory_state'],
  ),
  hostMetric(
    'system.memory.utilization',
    'system_memory_utilization_ratio',
    'gauge',
    '1',
    'Host memory utilization (0-1) by state.',
    ['system_memory_state'],
  ),
  hostMetric(
    'system.network.io',
    'system_network_io_bytes_total',
    'counter',
    'By',
    'Bytes received and transmitted by network device.',
    ['system_device', 'network_io_direction'],
  ),
  hostMetric(
    'system.network.errors',
    'system_network_errors_total',
    'counter',
    '1',
    'Network errors by device and direction.',
    ['system_device', 'network_io_direction'],
  ),
  hostMetric(
    'system.network.packet.dropped',
    'system_network_packets_dropped_total',
    'counter',
    '1',
    'Dropped network packets by device and direction.',
    ['system_device', 'network_io_direction'],
  ),
  hostMetric(
    'process.cpu.time',
    'process_cpu_time_seconds_total',
    'counter',
    's',
    'CPU time of the collector process by mode.',
    ['cpu_mode'],
  ),
  hostMetric(
    'process.cpu.utilization',
    'process_cpu_utilization_ratio',
    'gauge',
    '1',
    'CPU utilization (0-1) of the collector process by mode.',
    ['cpu_mode'],
  ),
  hostMetric(
    'process.memory.usage',
    'process_memory_usage_bytes',
    'gauge',
    'By',
    'Resident memory of the collector process.',
    [],
  ),
];

function hostMetric(
  instrument: string,
  name: string,
  type: MetricType,
  unit: string,
  help: string,
  labels: string[],
): MetricDef {
  return { name, type, unit, help, labels, instrument };
}
