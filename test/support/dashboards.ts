import { join } from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  DASHBOARDS_DIR,
  expandQuery as expand,
  IDENTITY_VARIABLES,
  labelVariables,
  panelQueries,
  readDashboards,
} from '@hookscope/dashboards';
import { REPO_ROOT } from './paths.js';
import type { QueryApi } from './prometheus.js';

/** team and host: the machine's identity, with values only at a team's central store. */
export const isIdentity = (name: string) =>
  (IDENTITY_VARIABLES as readonly string[]).includes(name);

/** The committed dashboards, as Grafana loads them. */
export function committedDashboards(root = REPO_ROOT): { file: string; dashboard: Dashboard }[] {
  return readDashboards(join(root, DASHBOARDS_DIR));
}

/** Every panel query that errs or has no finite data, for "All" or for every single value. */
export async function emptyPanels(
  engine: QueryApi,
  dashboards: { dashboard: Dashboard }[],
  rateInterval: string,
): Promise<string[]> {
  const failures: string[] = [];
  for (const d of dashboards) {
    const vars = labelVariables(d.dashboard);
    const all = Object.fromEntries(vars.map((v) => [v.name, v.allValue]));
    // Every combination of single values, each variable narrowed by the ones before it (as
    // Grafana does): a panel must have data for some hook, e.g. CPU only for hooks that run
    // under `hookscope exec` (others say so in the panel's no-value text).
    let specific: Record<string, string>[] = [{}];
    for (const v of vars) {
      const next: Record<string, string>[] = [];
      for (const values of specific) {
        const found = await engine.query(
          `group by (${v.label}) (${expand(v.selector, values, rateInterval)})`,
        );
        for (const f of found)
          if (f.metric[v.label]) next.push({ ...values, [v.name]: f.metric[v.label]! });
        if (isIdentity(v.name)) next.push({ ...values, [v.name]: v.allValue });
      }
      specific = next;
    }
    for (const q of panelQueries([d])) {
      const check = async (values: Record<string, string>) => {
        const expr = expand(q.expr, values, rateInterval);
        try {
          const result = q.instant
            ? (await engine.query(expr)).map((r) => [r.value])
            : (await engine.queryRange(expr, 60, 2)).map((r) => r.values);
          if (!result.length) return `no series: ${expr}`;
          const finite = result.flat().filter(([, v]) => Number.isFinite(Number(v)));
          return finite.length ? undefined : `only NaN/Inf: ${expr}`;
        } catch (err) {
          return `error ${(err as Error).message}: ${expr}`;
        }
      };
      const where = `${q.dashboard} / ${q.panel}`;
      const withAll = await check(all);
      if (withAll) failures.push(`${where} (All): ${withAll}`);
      if (!vars.length) continue;
      let first: string | undefined;
      for (const values of specific) {
        const problem = await check(values);
        if (problem === undefined) {
          first = undefined;
          break;
        }
        first ??= problem;
      }
      if (first) failures.push(`${where} (each single value): ${first}`);
    }
  }
  return failures;
}
