/** Scrape job names: prometheus.yml, the rules and the dashboards agree through these. */
export const JOBS = {
  collector: 'hookscope',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
} as const;
