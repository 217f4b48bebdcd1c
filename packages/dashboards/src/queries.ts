import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { panelsOf } from './lint.js';
import { RATE_INTERVAL } from './promql.js';

/**
 * The queries of dashboards as Grafana sends them to Prometheus, for checking dashboards
 * against a real Prometheus (the tests, the benchmarks): every panel query, every template
 * variable, and the expansion of variables and `$__rate_interval`.
 */

/** The dashboards in a directory (`grafana/dashboards`), as Grafana loads them. */
export function readDashboards(dir: string): { file: string; dashboard: Dashboard }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      dashboard: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard,
    }));
}

export interface PanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
  instant: boolean;
}

/** Every query of every panel. */
export function panelQueries(dashboards: { dashboard: Dashboard }[]): PanelQuery[] {
  return dashboards.flatMap(({ dashboard }) =>
    panelsOf(dashboard).flatMap((p) =>
      ((p.targets ?? []) as { expr?: string; instant?: boolean }[]).map((t) => ({
        dashboard: dashboard.title ?? dashboard.uid ?? '?',
        panel: p.title ?? '?',
        expr: t.expr ?? '',
        instant: t.instant === true,
      })),
    ),
  );
}

/** A dashboard's query variables (`label_values(series, label)`), in order. */
export function labelVariables(
  d: Dashboard,
): { name: string; selector: string; label: string; allValue: string }[] {
  return (d.templating?.list ?? [])
    .filter((v) => v.type === 'query')
    .map((v) => {
      const q = typeof v.query === 'string' ? v.query : (v.query as { query: string }).query;
      const m = /^label_values\((.+),\s*(\w+)\)$/.exec(q);
      if (!m) throw new Error(`variable ${v.name}: unexpected query ${q}`);
      return { name: v.name, selector: m[1]!, label: m[2]!, allValue: v.allValue ?? '.*' };
    });
}

/**
 * An expression as Grafana sends it to Prometheus: variables replaced by their values (a regex
 * for multi-value variables) and `$__rate_interval` by a duration.
 */
export function expandQuery(
  expr: string,
  values: Record<string, string>,
  rateInterval: string,
): string {
  return expr
    .replaceAll(RATE_INTERVAL, rateInterval)
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (_whole, a: string | undefined, b: string | undefined) => {
      const name = (a ?? b)!;
      if (!(name in values)) throw new Error(`no value for $${name} in ${expr}`);
      return values[name]!;
    });
}
