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
export { ESCALATED, ESCALATION_LABEL, escalated, isEscalation } from './escalation.js';
export { DASHBOARD_UIDS } from './dashboard-uids.js';
export {
  alertmanagerArtifacts,
  alertmanagerFlags,
  alertmanagerMembers,
  renderAlertmanagerConfig,
  ALERTMANAGER_CONFIG_PATH,
} from './alertmanager/alertmanager-config.js';
export { tierReceivers } from './alertmanager/routes.js';
export { QUIET_HOURS } from './alertmanager/quiet-hours.js';
export { TEMPLATES_DIR, TEMPLATES_PATH } from './alertmanager/templates.js';
export { bucketBound, histogramSeries, labelsOf, oneOf, selector } from './promql.js';
export { isAlert } from './rule-types.js';
export type {
  AlertingRule,
  RecordingRule,
  Rule,
  RuleFile,
  RuleGroup,
  Severity,
} from './rule-types.js';
