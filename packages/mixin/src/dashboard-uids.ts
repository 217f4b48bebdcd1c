/**
 * Uids of the generated Grafana dashboards that alerts link to. Uids never change once shipped
 * (links and bookmarks use them); the dashboards generator gives its dashboards these uids.
 */
export const DASHBOARD_UIDS = {
  hookDetail: 'hookscope-hook-detail',
  hostCollector: 'hookscope-host-collector',
  alertsSlos: 'hookscope-alerts-slos',
} as const;
