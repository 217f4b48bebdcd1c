import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import { prometheusSeriesNames } from '@hookscope/catalog';
import type { HookscopeConfig } from '@hookscope/config';
import {
  centralRuleFiles,
  isAlert,
  metricNamesIn,
  PROMETHEUS_SYNTHETIC_SERIES,
  ruleFiles,
} from '@hookscope/mixin';
import { ALERTS_SERIES } from './dashboards/alerts-slos.js';
import { DATASOURCE_REF, DATASOURCE_UID, DATASOURCE_VARIABLE } from './datasource.js';
import { DASHBOARD_TAG } from './dashboard.js';
import { RATE_INTERVAL } from './promql.js';

/**
 * The rules every generated panel follows, checked on the built dashboards (the generator refuses
 * to write a dashboard that breaks one) and on the committed JSON by the tests.
 */

/** Grafana unit ids the dashboards may use; `suffix:<text>` is also accepted. */
export const KNOWN_UNITS = new Set([
  's',
  'ms',
  'percentunit',
  'ops',
  'bytes',
  'Bps',
  'short',
  'none',
  'bool_yes_no',
  'currencyUSD',
]);

export interface LintIssue {
  dashboard: string;
  panel?: string;
  message: string;
}

type AnyPanel = Panel | RowPanel;

interface Target {
  expr?: string;
  datasource?: { type?: string; uid?: string };
  refId?: string;
}

/** The panels of a dashboard, rows' nested panels included, rows themselves excluded. */
export function panelsOf(d: Dashboard): Panel[] {
  const out: Panel[] = [];
  for (const p of (d.panels ?? []) as AnyPanel[]) {
    if (p.type === 'row') out.push(...(((p as RowPanel).panels ?? []) as Panel[]));
    else out.push(p as Panel);
  }
  return out;
}

/** The PromQL of every query of a panel. */
export function queriesOf(p: Panel): string[] {
  return ((p.targets ?? []) as Target[]).map((t) => t.expr ?? '');
}

const RANGE = /\[([^\]]*)\]/g;

/**
 * Every series a panel may read: the catalog's, the recording rules' for this config (on one
 * machine and at a team's center), and those Prometheus makes itself (`up`, `ALERTS`).
 */
export function knownSeries(config: HookscopeConfig): Set<string> {
  const rules = [...ruleFiles(config), ...centralRuleFiles(config)].flatMap((f) =>
    f.groups.flatMap((g) => g.rules),
  );
  return new Set([
    ...prometheusSeriesNames().keys(),
    ...rules.flatMap((r) => (isAlert(r) ? [] : [r.record])),
    ...PROMETHEUS_SYNTHETIC_SERIES,
    ALERTS_SERIES,
  ]);
}

function lintQuery(expr: string, known: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const name of metricNamesIn(expr)) {
    if (!known.has(name)) problems.push(`query names ${name}, which nothing exposes: ${expr}`);
  }
  if (!expr.trim()) return ['has an empty query'];
  if (!expr.includes(RATE_INTERVAL)) {
    problems.push(`query does not use ${RATE_INTERVAL}: ${expr}`);
  }
  for (const m of expr.matchAll(RANGE)) {
    // A subquery or fixed range would ignore the dashboard's resolution and scrape interval.
    if (m[1] !== RATE_INTERVAL)
      problems.push(`range [${m[1]}] instead of [${RATE_INTERVAL}]: ${expr}`);
  }
  return problems;
}

function isDatasourceRef(ds: { type?: string; uid?: string } | undefined): boolean {
  return ds?.type === DATASOURCE_REF.type && ds.uid === DATASOURCE_REF.uid;
}

/** Every broken rule of one dashboard. */
export function lintDashboard(
  d: Dashboard,
  varsByUid: ReadonlyMap<string, ReadonlySet<string>>,
  known: ReadonlySet<string>,
): LintIssue[] {
  const issues: LintIssue[] = [];
  const name = d.uid ?? d.title ?? '(untitled)';
  const add = (message: string, panel?: string) => issues.push({ dashboard: name, panel, message });

  if (!d.uid) add('has no uid');
  if (!d.description) add('has no description');
  if (!d.tags?.includes(DASHBOARD_TAG)) add(`is not tagged ${DASHBOARD_TAG}`);
  const vars = d.templating?.list ?? [];
  const dsVar = vars[0];
  if (
    dsVar?.type !== 'datasource' ||
    dsVar.name !== DATASOURCE_VARIABLE ||
    dsVar.query !== 'prometheus' ||
    (dsVar.current?.value as string | undefined) !== DATASOURCE_UID
  ) {
    add(`first variable must be the prometheus datasource variable $${DATASOURCE_VARIABLE}`);
  }
  for (const v of vars.slice(1)) {
    if (v.type === 'query' && !isDatasourceRef(v.datasource as Target['datasource'])) {
      add(`variable ${v.name} does not query $${DATASOURCE_VARIABLE}`);
    }
  }
  const links = d.links ?? [];
  if (!links.some((l) => l.type === 'dashboards' && l.tags.includes(DASHBOARD_TAG))) {
    add('has no link to the other hookscope dashboards');
  }
  if (!links.some((l) => l.type === 'link' && /runbook/i.test(l.title))) add('has no runbook link');

  const titles = new Set<string>();
  const varNames = new Set(vars.map((v) => v.name));
  for (const p of panelsOf(d)) {
    const t = p.title ?? '';
    const at = (message: string) => add(message, t || `panel ${p.id ?? '?'}`);
    if (!t.trim()) at('has no title');
    if (titles.has(t)) at('has the same title as another panel');
    titles.add(t);
    if (!p.description?.trim()) at('has no description');
    const unit = p.fieldConfig?.defaults?.unit;
    if (!unit) at('has no unit');
    else if (!KNOWN_UNITS.has(unit) && !unit.startsWith('suffix:')) at(`has unknown unit ${unit}`);
    if (!isDatasourceRef(p.datasource)) at(`does not use the $${DATASOURCE_VARIABLE} variable`);
    const targets = (p.targets ?? []) as Target[];
    if (!targets.length) at('has no query');
    for (const target of targets) {
      if (!isDatasourceRef(target.datasource)) {
        at(`query ${target.refId} does not use the $${DATASOURCE_VARIABLE} variable`);
      }
      for (const problem of lintQuery(target.expr ?? '', known)) at(problem);
      for (const m of (target.expr ?? '').matchAll(/\$(\w+)|\$\{(\w+)\}/g)) {
        const v = m[1] ?? m[2]!;
        if (!v.startsWith('__') && !varNames.has(v)) at(`query uses undefined variable $${v}`);
      }
    }
    const urls = [
      ...(p.links ?? []).map((l) => l.url ?? ''),
      ...((p.fieldConfig?.defaults?.links ?? []) as { url?: string }[]).map((l) => l.url ?? ''),
    ];
    for (const url of urls) {
      const m = /^\/d\/([^/?]+)/.exec(url);
      if (!m) continue;
      const targetVars = varsByUid.get(m[1]!);
      if (!targetVars) {
        at(`links to unknown dashboard ${m[1]}`);
        continue;
      }
      for (const v of url.matchAll(/[?&]var-(\w+)=/g)) {
        if (!targetVars.has(v[1]!)) at(`links to ${m[1]} with variable ${v[1]} it does not have`);
      }
    }
    const g = p.gridPos;
    if (!g || g.x + g.w > 24 || g.w <= 0 || g.h <= 0) at('lies outside the 24-column grid');
  }
  return issues;
}

/**
 * Lints a set of dashboards together (uids must be unique; links must resolve) against what the
 * collector and the rules generated from `config` expose.
 */
export function lintDashboards(
  dashboards: readonly Dashboard[],
  config: HookscopeConfig,
): LintIssue[] {
  const known = knownSeries(config);
  const uids = dashboards.map((d) => d.uid ?? '');
  const varsByUid = new Map(
    dashboards.map((d) => [d.uid ?? '', new Set((d.templating?.list ?? []).map((v) => v.name))]),
  );
  const issues = dashboards.flatMap((d) => lintDashboard(d, varsByUid, known));
  for (const uid of new Set(uids)) {
    if (uids.filter((u) => u === uid).length > 1) {
      issues.push({ dashboard: uid, message: 'uid is used by more than one dashboard' });
    }
  }
  return issues;
}

export function formatLintIssues(issues: readonly LintIssue[]): string {
  return issues
    .map((i) => `${i.dashboard}${i.panel ? ` / ${i.panel}` : ''}: ${i.message}`)
    .join('\n');
}
