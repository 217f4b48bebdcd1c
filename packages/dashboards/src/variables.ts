import {
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE_REF } from './datasource.js';

/**
 * A multi-value variable listing the values of `label` on `series` (optionally narrowed by other
 * variables' matchers), with "All" matching every value. Panels match it with `label=~"$name"`.
 */
export function labelVariable(
  name: string,
  label: string,
  series: string,
  matchers = '',
  title = label,
): QueryVariableBuilder {
  const selector = matchers ? `${series}{${matchers}}` : series;
  const query = `label_values(${selector}, ${label})`;
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

/** The matcher a panel uses for a variable made by labelVariable. */
export function matchVariable(label: string, name = label): string {
  return `${label}=~"$${name}"`;
}
