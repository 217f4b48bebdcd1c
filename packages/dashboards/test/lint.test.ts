import { describe, expect, it } from 'vitest';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { join } from 'node:path';
import { prometheusSeriesNames } from '@hookscope/catalog';
import { loadConfig } from '@hookscope/config';
import { centralRuleFiles, isAlert, metricNamesIn, ruleFiles } from '@hookscope/mixin';
import {
  buildDashboards,
  DASHBOARDS_DIR,
  formatLintIssues,
  lintDashboards,
  panelsOf,
  queriesOf,
  readDashboards,
} from '../src/index.js';
import { REPO_ROOT } from '../../../test/support/paths.js';
import { defaultConfig } from '@hookscope/config';

const config = defaultConfig();

const built = () => buildDashboards(config).map((b) => b.dashboard);

/** Lint messages after `mutate` changed a fresh copy of the first dashboard. */
function lintAfter(mutate: (d: Dashboard) => void, index = 0): string {
  const all = built();
  mutate(all[index]!);
  return formatLintIssues(lintDashboards(all, config));
}

describe('panel rules', () => {
  it('hold for every generated dashboard', () => {
    expect(formatLintIssues(lintDashboards(built(), config))).toBe('');
  });

  it('hold for the committed dashboards, whose metrics are all in the catalog or recorded by the rules (on one machine or at the center)', () => {
    const committed = readDashboards(join(REPO_ROOT, DASHBOARDS_DIR)).map((d) => d.dashboard);
    const repoConfig = loadConfig({ cwd: REPO_ROOT, env: {} }).config;
    expect(formatLintIssues(lintDashboards(committed, repoConfig))).toBe('');
    const catalog = prometheusSeriesNames();
    const recorded = [...ruleFiles(repoConfig), ...centralRuleFiles(repoConfig)]
      .flatMap((f) => f.groups.flatMap((g) => g.rules))
      .flatMap((r) => (isAlert(r) ? [] : [r.record]));
    const named = new Set(
      committed.flatMap((d) => panelsOf(d).flatMap((p) => queriesOf(p).flatMap(metricNamesIn))),
    );
    const unknown = [...named].filter(
      (n) => !catalog.has(n) && !recorded.includes(n) && !['up', 'ALERTS'].includes(n),
    );
    expect(unknown).toEqual([]);
    // The dashboards read every domain the collector exposes.
    const domains = new Set(
      [...named].filter((n) => catalog.has(n)).map((n) => catalog.get(n)!.name),
    );
    expect(domains.size).toBeGreaterThanOrEqual(40);
  });

  it('every panel has a title, a description, a unit and queries', () => {
    expect(lintAfter((d) => (panelsOf(d)[0]!.title = ''))).toMatch(/has no title/);
    expect(lintAfter((d) => delete panelsOf(d)[1]!.description)).toMatch(/has no description/);
    expect(lintAfter((d) => delete panelsOf(d)[1]!.fieldConfig!.defaults.unit)).toMatch(
      /Success ratio: has no unit/,
    );
    expect(lintAfter((d) => (panelsOf(d)[1]!.fieldConfig!.defaults.unit = 'furlongs'))).toMatch(
      /unknown unit furlongs/,
    );
    expect(lintAfter((d) => (panelsOf(d)[0]!.targets = []))).toMatch(/has no query/);
  });

  it('every query uses $__rate_interval and no fixed range', () => {
    const setExpr = (expr: string) => (d: Dashboard) => {
      (panelsOf(d)[0]!.targets![0] as { expr: string }).expr = expr;
    };
    expect(lintAfter(setExpr('sum(rate(hookscope_hook_duration_seconds_count[5m]))'))).toMatch(
      /does not use \$__rate_interval/,
    );
    expect(
      lintAfter(
        setExpr(
          'sum(rate(hookscope_hook_duration_seconds_count[$__rate_interval])) / sum(rate(hookscope_hook_duration_seconds_count[1h]))',
        ),
      ),
    ).toMatch(/range \[1h\] instead of \[\$__rate_interval\]/);
  });

  it('queries name only catalog metrics, recording rules and Prometheus series', () => {
    const setExpr = (expr: string) => (d: Dashboard) => {
      (panelsOf(d)[0]!.targets![0] as { expr: string }).expr = expr;
    };
    expect(lintAfter(setExpr('sum(rate(hookscope_hook_runs_total[$__rate_interval]))'))).toMatch(
      /names hookscope_hook_runs_total, which nothing exposes/,
    );
    expect(
      lintAfter(
        setExpr(
          'min(min_over_time(hook:hookscope_slo_error_budget_remaining:ratio[$__rate_interval]))',
        ),
      ),
    ).toBe('');
  });

  it('panels and queries use the datasource variable', () => {
    expect(
      lintAfter((d) => (panelsOf(d)[0]!.datasource = { type: 'prometheus', uid: 'abc' })),
    ).toMatch(/does not use the \$datasource variable/);
    expect(
      lintAfter((d) => {
        (panelsOf(d)[0]!.targets![0] as { datasource: unknown }).datasource = { uid: 'x' };
      }),
    ).toMatch(/query A does not use the \$datasource variable/);
    expect(lintAfter((d) => d.templating!.list!.shift())).toMatch(/datasource variable/);
  });

  it('queries use only variables the dashboard defines', () => {
    expect(
      lintAfter((d) => {
        (panelsOf(d)[0]!.targets![0] as { expr: string }).expr =
          'sum(rate(hookscope_hook_duration_seconds_count{hook_name=~"$hook"}[$__rate_interval]))';
      }),
    ).toMatch(/undefined variable \$hook/);
  });

  it('dashboards link to each other and to the runbook; panel links resolve', () => {
    expect(lintAfter((d) => (d.links = d.links!.filter((l) => l.type !== 'dashboards')))).toMatch(
      /no link to the other hookscope dashboards/,
    );
    expect(lintAfter((d) => (d.links = d.links!.filter((l) => l.type !== 'link')))).toMatch(
      /no runbook link/,
    );
    const table = (d: Dashboard) => panelsOf(d).find((p) => p.type === 'table')!;
    expect(
      lintAfter((d) => {
        table(d).fieldConfig!.defaults.links = [
          { ...table(d).fieldConfig!.defaults.links![0]!, url: '/d/nope?var-x=1' },
        ];
      }),
    ).toMatch(/links to unknown dashboard nope/);
    expect(
      lintAfter((d) => {
        const l = table(d).fieldConfig!.defaults.links![0]!;
        l.url = l.url!.replace('var-hook_name', 'var-hook');
      }),
    ).toMatch(/with variable hook it does not have/);
  });

  it('panels stay inside the grid and uids are unique', () => {
    expect(lintAfter((d) => (panelsOf(d)[0]!.gridPos = { x: 20, y: 0, w: 12, h: 8 }))).toMatch(
      /outside the 24-column grid/,
    );
    expect(lintAfter((d) => (d.uid = 'hookscope-hook-detail'))).toMatch(/uid is used by more/);
  });
});
