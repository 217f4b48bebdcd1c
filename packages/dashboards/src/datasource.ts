import { DatasourceVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * The Prometheus datasource. Provisioning creates it with this uid; every panel and query points
 * at the `$datasource` variable (whose default is this uid), so the dashboards also work in a
 * Grafana whose Prometheus datasource has another uid: pick it in the variable.
 */
export const DATASOURCE_UID = 'hookscope-prometheus';
export const DATASOURCE_NAME = 'hookscope Prometheus';
export const DATASOURCE_VARIABLE = 'datasource';

/** The reference every panel and target carries. */
export const DATASOURCE_REF = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` } as const;

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source')
    .type('prometheus')
    .current({ text: DATASOURCE_NAME, value: DATASOURCE_UID });
}
