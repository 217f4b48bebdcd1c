import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  DashboardLinkBuilder,
  type DashboardLink,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardConfig } from './config.js';
import type { Link } from './panels.js';

/**
 * A link to an alert's section of the runbook (alerts.runbook_url + `#<alert name, lower case>`,
 * GitHub's heading anchor), the same URL the alert's runbook_url annotation carries.
 */
export function runbookLink(config: DashboardConfig, alertName: string): Link {
  return {
    title: `Runbook: ${alertName}`,
    url: `${config.alerts.runbook_url}#${alertName.toLowerCase()}`,
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
