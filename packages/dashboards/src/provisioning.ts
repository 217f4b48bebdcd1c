import { CONFIG_FILE_NAME } from '@hookscope/config';
import { generatedHeader } from '@hookscope/mixin';
import { DATASOURCE_NAME, DATASOURCE_UID } from './datasource.js';

/**
 * Grafana provisioning for the docker-compose stack: the Prometheus and Alertmanager datasources
 * (stable uids, so dashboards and links never break) and a file provider loading the dashboards.
 * Addresses are the compose services' names and container ports.
 */
export const GRAFANA_DIR = 'grafana';
export const DASHBOARDS_DIR = `${GRAFANA_DIR}/dashboards`;
export const PROVISIONING_DIR = `${GRAFANA_DIR}/provisioning`;
/** Where the compose file mounts grafana/dashboards inside the Grafana container. */
export const CONTAINER_DASHBOARDS_DIR = '/var/lib/grafana/dashboards/hookscope';
export const ALERTMANAGER_DATASOURCE_UID = 'hookscope-alertmanager';

export interface ProvisioningOptions {
  /** Prometheus URL as Grafana's server reaches it. */
  prometheusUrl: string;
  /** Alertmanager URL as Grafana's server reaches it. */
  alertmanagerUrl: string;
  /** Prometheus's scrape interval: Grafana derives `$__rate_interval` from it. */
  scrapeInterval: string;
}

const HEADER = generatedHeader(CONFIG_FILE_NAME);

export function datasourcesYaml(o: ProvisioningOptions): string {
  return `${HEADER}apiVersion: 1
datasources:
  - name: ${DATASOURCE_NAME}
    uid: ${DATASOURCE_UID}
    type: prometheus
    access: proxy
    url: ${o.prometheusUrl}
    isDefault: true
    editable: false
    jsonData:
      # Grafana computes $__rate_interval from this: keep it equal to Prometheus's scrape_interval.
      timeInterval: ${o.scrapeInterval}
      httpMethod: POST
      alertmanagerUid: ${ALERTMANAGER_DATASOURCE_UID}
  - name: hookscope Alertmanager
    uid: ${ALERTMANAGER_DATASOURCE_UID}
    type: alertmanager
    access: proxy
    url: ${o.alertmanagerUrl}
    editable: false
    jsonData:
      implementation: prometheus
      handleGrafanaManagedAlerts: false
`;
}

export function dashboardProviderYaml(): string {
  return `${HEADER}apiVersion: 1
providers:
  - name: hookscope
    orgId: 1
    folder: hookscope
    folderUid: hookscope
    type: file
    # The dashboards are generated: changes made in the UI would be lost, so they are refused.
    disableDeletion: true
    allowUiUpdates: false
    updateIntervalSeconds: 30
    options:
      path: ${CONTAINER_DASHBOARDS_DIR}
`;
}
