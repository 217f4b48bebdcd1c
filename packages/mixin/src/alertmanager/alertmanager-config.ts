import { CONFIG_FILE_NAME, type HookscopeConfig } from '@hookscope/config';
import { stringify } from 'yaml';
import { generatedHeader, type GeneratedFile } from '../generated-file.js';
import { ruleFiles } from '../rule-files.js';
import { QUIET_HOURS, quietHoursIntervals } from './quiet-hours.js';
import { receiverConfigs } from './receivers.js';
import { inhibitRules, routeTree } from './routes.js';
import { renderNotificationTemplates, TEMPLATES_DIR } from './templates.js';

export const ALERTMANAGER_CONFIG_PATH = 'alertmanager/alertmanager.yml';

/** alertmanager.yml: the route tree by tier, inhibition, quiet hours, receivers and templates. */
export function renderAlertmanagerConfig(config: HookscopeConfig): GeneratedFile {
  const am = config.alertmanager;
  const doc = {
    route: routeTree(config),
    inhibit_rules: inhibitRules(ruleFiles(config)),
    receivers: receiverConfigs(config),
    ...(am.quiet_hours.intervals.length
      ? { time_intervals: [{ name: QUIET_HOURS, time_intervals: quietHoursIntervals(config) }] }
      : {}),
    // Relative to this file, as Alertmanager resolves templates.
    templates: [`${TEMPLATES_DIR.replace(/^alertmanager\//, '')}/*.tmpl`],
  };
  const start = alertmanagerMembers(config).map(
    (_, i) =>
      `  prometheus-alertmanager ${alertmanagerFlags(config, i).join(' ')} --storage.path=DIR`,
  );
  return {
    path: ALERTMANAGER_CONFIG_PATH,
    content:
      generatedHeader(CONFIG_FILE_NAME, [
        `Start Alertmanager in the directory of ${CONFIG_FILE_NAME} (secret files are relative to it):`,
        ...start,
      ]) + stringify(doc, { lineWidth: 0, indentSeq: true }),
  };
}

/** The Alertmanagers of the stack: the one at alertmanager.address, then its peers. */
export function alertmanagerMembers(
  config: HookscopeConfig,
): { address: string; cluster_address: string }[] {
  const am = config.alertmanager;
  return [{ address: am.address, cluster_address: am.cluster_address }, ...am.peers];
}

/**
 * Command-line flags of one Alertmanager (0: the one at alertmanager.address, 1...: its peers),
 * run in the config file's directory; add --storage.path. Without peers, gossip is off.
 */
export function alertmanagerFlags(config: HookscopeConfig, member = 0): string[] {
  const members = alertmanagerMembers(config);
  const self = members[member];
  if (!self) throw new Error(`no Alertmanager ${member}: the config has ${members.length}`);
  const cluster =
    members.length > 1
      ? [
          `--cluster.listen-address=${self.cluster_address}`,
          ...members.filter((m) => m !== self).map((m) => `--cluster.peer=${m.cluster_address}`),
        ]
      : ['--cluster.listen-address='];
  return [
    `--config.file=${ALERTMANAGER_CONFIG_PATH}`,
    `--web.listen-address=${self.address}`,
    ...cluster,
  ];
}

/** Everything this package generates for Alertmanager. */
export function alertmanagerArtifacts(config: HookscopeConfig): GeneratedFile[] {
  return [renderAlertmanagerConfig(config), renderNotificationTemplates(config)];
}
