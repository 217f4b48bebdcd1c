import { metricByName, type MetricDef } from '@hookscope/catalog';

/** A host metric's catalog entry (the collector renames OpenTelemetry instruments to these). */
export function hostMetric(name: string): MetricDef {
  const m = metricByName(name);
  if (!m) throw new Error(`host metric ${name} is not in the catalog`);
  return m;
}
