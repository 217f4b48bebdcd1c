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
export { REMOTE_WRITE_AGENT_SERIES } from './metric-references.js';
export {
  REMOTE_WRITE_AGENT_CONFIG_PATH,
  remoteWriteAgentFlags,
  renderRemoteWriteAgentConfig,
} from './remote-write/agent.js';
export type { AgentRun } from './remote-write/agent.js';
export { hostAwareExpr, hostLevel } from './central/host-aware.js';
export {
  CENTRAL_DIR,
  CENTRAL_RULES_DIR,
  centralRuleFiles,
  renderCentralRules,
} from './central/central-rules.js';
export {
  CENTRAL_PROMETHEUS_CONFIG_PATH,
  centralArtifacts,
  vmalertFlags,
} from './central/central-config.js';
export type { VmalertTargets } from './central/central-config.js';
