import {
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { selector } from '@hookscope/mixin';
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
  const query = `label_values(${selector(series.name, matchers)}, ${label})`;
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
