import {
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { IDENTITY_LABELS } from '@hookscope/config';
import { JOBS, selector } from '@hookscope/mixin';
import { DATASOURCE_REF } from './datasource.js';
import type { Matchers, Series } from './promql.js';

/**
 * A multi-value variable listing the values of `label` on a series (narrowed by other variables'
 * matchers), with "All" matching every value. Panels match it with `{ '<label>~': '$<name>' }`.
 */
export function labelVariable(
  name: string,
  label: string,
  series: Series,
  matchers: Matchers = {},
  title = label,
): QueryVariableBuilder {
  if (!series.def.labels.includes(label)) throw new Error(`${series.name} has no label ${label}`);
  return multiValueVariable(
    name,
    title,
    `label_values(${selector(series.name, matchers)}, ${label})`,
  );
}

/** A multi-value query variable with "All" (`.*`), refreshed with the time range. */
function multiValueVariable(name: string, title: string, query: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(title)
    .datasource(DATASOURCE_REF)
    .query({ query, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 1 })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' });
}

/**
 * The machine's identity labels (team, env, host) that samples carry at the central store, as
 * variables of every dashboard, listed from the collectors' `up` series. On one machine's own
 * Prometheus they have no values and "All" (`.*`) matches the series without them; at the center
 * they pick teams and machines.
 */
export const IDENTITY_VARIABLES = [
  'team',
  'host',
] as const satisfies readonly (typeof IDENTITY_LABELS)[number][];

export function identityVariables(): QueryVariableBuilder[] {
  return IDENTITY_VARIABLES.map((label, i) => {
    // Each narrowed by the ones before it (the hosts of the chosen teams).
    const before = Object.fromEntries(
      IDENTITY_VARIABLES.slice(0, i).map((l) => [`${l}~`, `$${l}`]),
    );
    const query = `label_values(${selector('up', { job: JOBS.collector, ...before })}, ${label})`;
    return multiValueVariable(label, label === 'host' ? 'machine' : label, query);
  });
}

/** The matchers every raw series of a panel gets: the chosen teams and machines. */
export function identityMatchers(): Record<string, string> {
  return Object.fromEntries(IDENTITY_VARIABLES.map((l) => [`${l}~`, `$${l}`]));
}
