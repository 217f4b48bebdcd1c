import { CONFIG_FILE_NAME, type HookscopeConfig } from '@hookscope/config';
import { stringify } from 'yaml';
import { alertmanagerMembers } from '../alertmanager/alertmanager-config.js';
import { generatedHeader, type GeneratedFile } from '../generated-file.js';
import { JOBS } from '../jobs.js';
import { CENTRAL_DIR, CENTRAL_RULES_DIR, renderCentralRules } from './central-rules.js';

/**
 * The center runs the central rules with either engine: vmalert against VictoriaMetrics (the
 * compose stack), or a Prometheus that receives remote write itself. Both send alerts to every
 * Alertmanager of the configured cluster.
 */
export const CENTRAL_PROMETHEUS_CONFIG_PATH = `${CENTRAL_DIR}/prometheus.yml`;

/** prometheus.yml for a Prometheus as the center: the central rules, alerts to every peer. */
function renderCentralPrometheusConfig(config: HookscopeConfig): GeneratedFile {
  const p = config.prometheus;
  const doc = {
    global: { scrape_interval: p.scrape_interval, evaluation_interval: p.evaluation_interval },
    rule_files: [`${CENTRAL_RULES_DIR.replace(`${CENTRAL_DIR}/`, '')}/*.yml`],
    alerting: {
      alertmanagers: [
        { static_configs: [{ targets: alertmanagerMembers(config).map((m) => m.address) }] },
      ],
    },
    scrape_configs: [{ job_name: JOBS.prometheus, static_configs: [{ targets: [p.address] }] }],
  };
  const run = [
    'A Prometheus as the central store and rule engine: every machine remote-writes to',
    `http://<this host>:<port>/api/v1/write. Start it with: --web.enable-remote-write-receiver`,
    `--storage.tsdb.retention.time=${p.retention.days}d (or run vmalert: see docs/teams.md).`,
  ];
  return {
    path: CENTRAL_PROMETHEUS_CONFIG_PATH,
    content:
      generatedHeader(CONFIG_FILE_NAME, run) + stringify(doc, { lineWidth: 0, indentSeq: true }),
  };
}

export interface VmalertTargets {
  /** VictoriaMetrics' base URL (queries, and the recorded series written back). */
  store: string;
  /** Alertmanager base URLs: every peer of the cluster. */
  alertmanagers: readonly string[];
  /** The rule files (a glob). */
  rules: string;
}

/**
 * vmalert's flags: rules evaluated against the store at the configured interval, recordings and
 * alert state written back to it (so a restarted vmalert resumes pending alerts), alerts to every
 * Alertmanager peer.
 */
export function vmalertFlags(config: HookscopeConfig, t: VmalertTargets): string[] {
  return [
    `-rule=${t.rules}`,
    `-datasource.url=${t.store}`,
    `-remoteWrite.url=${t.store}`,
    `-remoteRead.url=${t.store}`,
    ...t.alertmanagers.map((a) => `-notifier.url=${a}`),
    `-evaluationInterval=${config.prometheus.evaluation_interval}`,
  ];
}

/** The center's rule files and its prometheus.yml. */
export function centralArtifacts(config: HookscopeConfig): GeneratedFile[] {
  return [...renderCentralRules(config), renderCentralPrometheusConfig(config)];
}
