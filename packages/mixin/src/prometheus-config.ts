import { CONFIG_FILE_NAME, type HookscopeConfig } from '@hookscope/config';
import { stringify } from 'yaml';
import { alertmanagerMembers } from './alertmanager/alertmanager-config.js';
import { generatedHeader, type GeneratedFile } from './generated-file.js';
import { JOBS } from './jobs.js';
import { RULES_DIR } from './render-rules.js';

export const PROMETHEUS_CONFIG_PATH = 'prometheus/prometheus.yml';

/** prometheus.yml: scrapes the collector, Prometheus itself and Alertmanager; loads every rule file. */
export function renderPrometheusConfig(config: HookscopeConfig): GeneratedFile {
  const p = config.prometheus;
  const job = (name: string, ...targets: string[]) => ({
    job_name: name,
    static_configs: [{ targets }],
  });
  // Every Alertmanager of a cluster gets every alert; the cluster notifies once.
  const alertmanagers = alertmanagerMembers(config).map((m) => m.address);
  const doc = {
    global: { scrape_interval: p.scrape_interval, evaluation_interval: p.evaluation_interval },
    // Relative to this file, as Prometheus resolves rule_files.
    rule_files: [`${RULES_DIR.replace(/^prometheus\//, '')}/*.yml`],
    alerting: { alertmanagers: [{ static_configs: [{ targets: alertmanagers }] }] },
    scrape_configs: [
      job(JOBS.collector, config.collector.address),
      job(JOBS.prometheus, p.address),
      job(JOBS.alertmanager, ...alertmanagers),
      // The remote-write agent's health is alerted here: the center cannot see what never arrives.
      ...(config.remote_write
        ? [job(JOBS.remoteWriteAgent, config.remote_write.agent_address)]
        : []),
    ],
  };
  const retention = `Start Prometheus with: ${prometheusFlags(config).join(' ')}`;
  return {
    path: PROMETHEUS_CONFIG_PATH,
    content:
      generatedHeader(CONFIG_FILE_NAME, [retention]) +
      stringify(doc, { lineWidth: 0, indentSeq: true }),
  };
}

/** Command-line flags the config implies (retention and listen address live outside prometheus.yml). */
export function prometheusFlags(config: HookscopeConfig): string[] {
  const p = config.prometheus;
  return [
    `--web.listen-address=${p.address}`,
    `--storage.tsdb.retention.time=${p.retention.days}d`,
    `--storage.tsdb.retention.size=${p.retention.size}`,
  ];
}
