export { buildDashboards, dashboardArtifacts } from './artifacts.js';
export { DASHBOARD_TAG } from './dashboard.js';
export { DATASOURCE_UID, DATASOURCE_VARIABLE } from './datasource.js';
export {
  ALERTMANAGER_DATASOURCE_UID,
  CONTAINER_DASHBOARDS_DIR,
  DASHBOARDS_DIR,
  PROVISIONING_DIR,
  dashboardProviderYaml,
  datasourcesYaml,
} from './provisioning.js';
export type { ProvisioningOptions } from './provisioning.js';
export { RATE_INTERVAL } from './promql.js';
export {
  formatLintIssues,
  KNOWN_UNITS,
  knownSeries,
  lintDashboards,
  panelsOf,
  queriesOf,
} from './lint.js';
export type { LintIssue } from './lint.js';
export { expandQuery, labelVariables, panelQueries, readDashboards } from './queries.js';
export type { PanelQuery } from './queries.js';
export { IDENTITY_VARIABLES } from './variables.js';
