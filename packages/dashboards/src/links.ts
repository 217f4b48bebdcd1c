import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  DashboardLinkBuilder,
  DashboardLinkType,
  type DashboardLink,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { HookscopeConfig } from '@hookscope/config';
import { isAlert, ruleFiles, runbookAnchor } from '@hookscope/mixin';

/** A link shown on the panel: to another dashboard or to a runbook section. */
export interface Link {
  title: string;
  url: string;
}

const alertNames = new WeakMap<HookscopeConfig, Set<string>>();

/** Alerts the generated rules define for this config. */
function alertsOf(config: HookscopeConfig): Set<string> {
  let names = alertNames.get(config);
  if (!names) {
    const rules = ruleFiles(config).flatMap((f) => f.groups.flatMap((g) => g.rules));
    names = new Set(rules.filter(isAlert).map((r) => r.alert));
    alertNames.set(config, names);
  }
  return names;
}

/**
 * A link to an alert's section of the runbook: the same URL as the alert's runbook_url
 * annotation. The alert must exist in the generated rules, so a link never dangles.
 */
export function runbookLink(config: HookscopeConfig, alertName: string): Link {
  if (!alertsOf(config).has(alertName)) {
    throw new Error(`no generated alert is named ${alertName}: a runbook link to it would dangle`);
  }
  return {
    title: `Runbook: ${alertName}`,
    url: `${config.alerts.runbook_url}#${runbookAnchor(alertName)}`,
  };
}

/**
 * A link builder without `placement`: the SDK's builder defaults it to `inControlsMenu`, which
 * hides dashboard links in the controls dropdown of Grafana 12; links belong in plain sight.
 */
export function visibleLink(
  configure: (b: DashboardLinkBuilder) => DashboardLinkBuilder,
  title: string,
): cog.Builder<DashboardLink> {
  const built = configure(new DashboardLinkBuilder(title)).build();
  delete built.placement;
  return { build: () => built };
}

/** A panel link to a URL, in plain sight. */
export function link(l: Link): cog.Builder<DashboardLink> {
  return visibleLink((b) => b.type(DashboardLinkType.Link).url(l.url), l.title);
}
