/**
 * Uids of the generated Grafana dashboards, which alerts and dashboards link to. Uids never change
 * once shipped (links and bookmarks use them); the dashboards generator gives its dashboards these.
 */
export const DASHBOARD_UIDS = {
  hooksOverview: 'hookscope-hooks-overview',
  hookDetail: 'hookscope-hook-detail',
  agentsValidators: 'hookscope-agents-validators',
  testing: 'hookscope-testing',
  conversations: 'hookscope-conversations',
  hostCollector: 'hookscope-host-collector',
  alertsSlos: 'hookscope-alerts-slos',
} as const;
