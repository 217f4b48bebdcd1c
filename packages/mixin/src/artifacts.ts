import { renderConfigSchema, SCHEMA_FILE_NAME, type HookscopeConfig } from '@hookscope/config';
import type { GeneratedFile } from './generated-file.js';
import { checkRuleMetrics } from './metric-references.js';
import { renderPrometheusConfig } from './prometheus-config.js';
import { renderRemoteWriteAgentConfig } from './remote-write/agent.js';
import { renderRuleFile } from './render-rules.js';
import { ruleFiles } from './rule-files.js';

/**
 * Everything this package generates from a config: the rule files, prometheus.yml and the
 * config's JSON Schema. Refuses to produce rules that name a metric the collector does not expose.
 */
export function prometheusArtifacts(config: HookscopeConfig): GeneratedFile[] {
  const files = ruleFiles(config);
  checkRuleMetrics(files);
  return [
    ...files.map((f) => renderRuleFile(f)),
    renderPrometheusConfig(config),
    ...renderRemoteWriteAgentConfig(config),
    { path: SCHEMA_FILE_NAME, content: renderConfigSchema() },
  ];
}
