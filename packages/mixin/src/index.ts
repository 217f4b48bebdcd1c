export { prometheusArtifacts } from './artifacts.js';
export { ruleFiles } from './rule-files.js';
export { renderRuleFile, RULES_DIR } from './render-rules.js';
export {
  renderPrometheusConfig,
  prometheusFlags,
  PROMETHEUS_CONFIG_PATH,
} from './prometheus-config.js';
export { GENERATED_MARKER, generatedHeader } from './generated-file.js';
export type { GeneratedFile } from './generated-file.js';
export { JOBS } from './jobs.js';
export {
  records,
  hookWindows,
  HOOK_LEVEL,
  HOOK_QUANTILES,
  SLO_LATENCY,
  SLO_SUCCESS,
} from './names.js';
export { BURN_RATE_WINDOWS, SLO_WINDOWS } from './rules/slo.js';
export {
  metricNamesIn,
  unknownMetricReferences,
  PROMETHEUS_SYNTHETIC_SERIES,
} from './metric-references.js';
export { runbookAnchor } from './alert.js';
export { isAlert } from './rule-types.js';
export type {
  AlertingRule,
  RecordingRule,
  Rule,
  RuleFile,
  RuleGroup,
  Severity,
} from './rule-types.js';
