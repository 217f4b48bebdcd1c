import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkType,
  RowBuilder,
  type Dashboard,
  type Panel,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable } from './datasource.js';
import { visibleLink } from './links.js';
import { identityVariables } from './variables.js';

/** Tag on every hookscope dashboard: the dashboard links list them all by it. */
export const DASHBOARD_TAG = 'hookscope';

export interface Row {
  title: string;
  panels: cog.Builder<Panel>[];
}

export interface DashboardDef {
  /** Stable uid: links and bookmarks use it, so it never changes once shipped. */
  uid: string;
  /** File name under grafana/dashboards/. */
  file: string;
  title: string;
  description: string;
  /** Template variables after `$datasource` (which every dashboard has first). */
  variables?: cog.Builder<VariableModel>[];
  rows: Row[];
}

/** The URL of a hookscope dashboard, keeping the time range and the datasource. */
export function dashboardUrl(uid: string, vars: Record<string, string> = {}): string {
  const params = ['${__url_time_range}', 'var-datasource=${datasource}'];
  for (const [k, v] of Object.entries(vars)) params.push(`var-${k}=${v}`);
  return `/d/${uid}?${params.join('&')}`;
}

/**
 * Builds a dashboard: the datasource variable, links to every other hookscope dashboard (by tag,
 * keeping time range and variables) and to the runbook, shared crosshair, one row per section.
 */
export function buildDashboard(def: DashboardDef, runbookUrl: string): Dashboard {
  const b = new DashboardBuilder(def.title)
    .uid(def.uid)
    .description(def.description)
    .tags([DASHBOARD_TAG])
    .editable()
    .timezone('browser')
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable())
    .link(
      visibleLink(
        (l) =>
          l
            .type(DashboardLinkType.Dashboards)
            .tags([DASHBOARD_TAG])
            .asDropdown(true)
            .includeVars(true)
            .keepTime(true),
        'hookscope dashboards',
      ),
    )
    .link(
      visibleLink(
        (l) => l.type(DashboardLinkType.Link).url(runbookUrl).icon('doc').targetBlank(true),
        'Runbook',
      ),
    );
  for (const v of [...identityVariables(), ...(def.variables ?? [])]) b.withVariable(v);
  for (const row of def.rows) {
    b.withRow(new RowBuilder(row.title));
    for (const p of row.panels) b.withPanel(p);
  }
  const dashboard = b.build();
  layOut(dashboard.panels ?? []);
  return dashboard;
}

/**
 * Places panels left to right in their widths, wrapping to a new line when the 24 columns are
 * full, each row header on its own line (the SDK's placement lets a panel overflow the grid).
 */
function layOut(
  panels: { type: string; gridPos?: { x: number; y: number; w: number; h: number } }[],
) {
  let y = 0;
  let x = 0;
  let lineHeight = 0;
  for (const p of panels) {
    const w = p.gridPos?.w ?? 24;
    const h = p.gridPos?.h ?? 8;
    if (p.type === 'row' || x + w > 24) {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    }
    p.gridPos = { x, y, w, h };
    if (p.type === 'row') {
      y += h;
      continue;
    }
    x += w;
    lineHeight = Math.max(lineHeight, h);
  }
}
