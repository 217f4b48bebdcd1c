/** Scrape job names: prometheus.yml, the rules and the dashboards agree through these. */
export const JOBS = {
  collector: 'hookscope',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  /** The remote-write agent's own metrics (vmagent), scraped by the local Prometheus. */
  remoteWriteAgent: 'hookscope-remote-write',
} as const;
