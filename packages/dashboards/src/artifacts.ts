import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { HookscopeConfig } from '@hookscope/config';
import type { GeneratedFile } from '@hookscope/mixin';
import { buildDashboard } from './dashboard.js';
import { DASHBOARDS } from './dashboards/index.js';
import { formatLintIssues, lintDashboards } from './lint.js';
import {
  DASHBOARDS_DIR,
  PROVISIONING_DIR,
  dashboardProviderYaml,
  datasourcesYaml,
  type ProvisioningOptions,
} from './provisioning.js';

/** Every dashboard, built from the config. */
export function buildDashboards(config: HookscopeConfig): { file: string; dashboard: Dashboard }[] {
  return DASHBOARDS.map((make) => {
    const def = make(config);
    return { file: def.file, dashboard: buildDashboard(def, config.alerts.runbook_url) };
  });
}

/** The dashboard JSON files and the Grafana provisioning files, as committed. */
export function dashboardArtifacts(
  config: HookscopeConfig,
  provisioning: ProvisioningOptions,
): GeneratedFile[] {
  const built = buildDashboards(config);
  const issues = lintDashboards(
    built.map((b) => b.dashboard),
    config,
  );
  if (issues.length) {
    throw new Error(`generated dashboards break the panel rules:\n${formatLintIssues(issues)}`);
  }
  return [
    ...built.map(({ file, dashboard }) => ({
      path: `${DASHBOARDS_DIR}/${file}`,
      content: JSON.stringify(dashboard, null, 2) + '\n',
    })),
    {
      path: `${PROVISIONING_DIR}/datasources/hookscope.yml`,
      content: datasourcesYaml(provisioning),
    },
    { path: `${PROVISIONING_DIR}/dashboards/hookscope.yml`, content: dashboardProviderYaml() },
  ];
}
