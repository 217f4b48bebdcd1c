import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type DashboardLink,
  type Panel,
  type ThresholdsConfig,
} from '@grafana/grafana-foundation-sdk/dashboard';
import {
  BarGaugeDisplayMode,
  BigValueColorMode,
  BigValueGraphMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  StackingConfigBuilder,
  StackingMode,
  TooltipDisplayMode,
  SortOrder,
  VizLegendOptionsBuilder,
  VizOrientation,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import { DATASOURCE_REF } from './datasource.js';
import { link, type Link } from './links.js';

/**
 * Panel helpers. Each takes everything the panel rules require (title, description, unit,
 * queries) as mandatory fields, points panel and queries at the `$datasource` variable, and
 * leaves layout to the dashboard builder (24 columns, rows of panels placed left to right).
 */

export interface Query {
  expr: string;
  /** Legend template, e.g. `{{hook_name}}`. */
  legend?: string;
  /** Instant query (stat, table, bar gauge panels): the value at the end of the time range. */
  instant?: boolean;
}

/** A threshold step: from `value` upwards (the first step starts at minus infinity) the color. */
export interface Step {
  value: number | null;
  color: 'green' | 'yellow' | 'orange' | 'red' | 'blue' | 'text';
}

/** Green, yellow from the warning, red from the critical threshold (for "higher is worse"). */
export function aboveSteps(t: { warning: number; critical: number }): Step[] {
  return [
    { value: null, color: 'green' },
    { value: t.warning, color: 'yellow' },
    { value: t.critical, color: 'red' },
  ];
}

/** Red below the critical, yellow below the warning, else green (for "lower is worse"). */
export function belowSteps(t: { warning: number; critical: number }): Step[] {
  return [
    { value: null, color: 'red' },
    { value: t.critical, color: 'yellow' },
    { value: t.warning, color: 'green' },
  ];
}

/** Green up to `limit`, then `color` (for a cap: "higher is worse"). */
export function maxSteps(limit: number, color: Step['color'] = 'red'): Step[] {
  return [
    { value: null, color: 'green' },
    { value: limit, color },
  ];
}

/** Red below `floor`, green from it (for a minimum: "lower is worse"). */
export function minSteps(floor: number): Step[] {
  return [
    { value: null, color: 'red' },
    { value: floor, color: 'green' },
  ];
}

export interface PanelSpec {
  title: string;
  /** What the panel shows and how to read it (Grafana shows it as the panel's tooltip). */
  description: string;
  /** Grafana unit id (`s`, `percentunit`, `ops`, `bytes`, ...) or `suffix:<text>`. */
  unit: string;
  queries: Query[];
  /** Columns out of 24. */
  width?: number;
  height?: number;
  steps?: Step[];
  links?: Link[];
  min?: number;
  max?: number;
  decimals?: number;
  /** What the panel says when the query returns nothing (e.g. "No alerts firing"). */
  noValue?: string;
}

/** The base methods every panel builder of the SDK shares. */
interface AnyPanelBuilder extends cog.Builder<Panel> {
  title(t: string): this;
  description(d: string): this;
  unit(u: string): this;
  datasource(d: typeof DATASOURCE_REF): this;
  withTarget(t: cog.Builder<cog.Dataquery>): this;
  span(w: number): this;
  height(h: number): this;
  links(l: cog.Builder<DashboardLink>[]): this;
  thresholds(t: cog.Builder<ThresholdsConfig>): this;
  min(n: number): this;
  max(n: number): this;
  decimals(n: number): this;
  noValue(text: string): this;
}

const QUERY_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function target(q: Query, i: number, format?: PromQueryFormat): DataqueryBuilder {
  const t = new DataqueryBuilder()
    .refId(QUERY_IDS[i]!)
    .datasource(DATASOURCE_REF)
    .expr(q.expr)
    .legendFormat(q.legend ?? '__auto');
  if (q.instant) t.instant();
  else t.range();
  if (format) t.format(format);
  return t;
}

function thresholds(steps: Step[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

function configure<B extends AnyPanelBuilder>(b: B, spec: PanelSpec, format?: PromQueryFormat): B {
  b.title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE_REF)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8);
  spec.queries.forEach((q, i) => b.withTarget(target(q, i, format)));
  if (spec.steps) b.thresholds(thresholds(spec.steps));
  if (spec.links?.length) b.links(spec.links.map(link));
  if (spec.min !== undefined) b.min(spec.min);
  if (spec.max !== undefined) b.max(spec.max);
  if (spec.decimals !== undefined) b.decimals(spec.decimals);
  if (spec.noValue !== undefined) b.noValue(spec.noValue);
  return b;
}

function legend(): VizLegendOptionsBuilder {
  return new VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(LegendDisplayMode.Table)
    .placement(LegendPlacement.Right)
    .calcs(['mean', 'max', 'lastNotNull']);
}

export interface TimeSeriesSpec extends PanelSpec {
  /** Stack the series (shares of a whole, outcomes). */
  stack?: boolean;
  /** Draw the threshold steps as dashed lines (budgets and alert thresholds). */
  thresholdLines?: boolean;
}

export function timeSeries(spec: TimeSeriesSpec): timeseries.PanelBuilder {
  const b = configure(new timeseries.PanelBuilder(), spec)
    .legend(legend())
    .tooltip(
      new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending),
    )
    .fillOpacity(spec.stack ? 40 : 10)
    .lineWidth(1);
  if (spec.stack) b.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (spec.thresholdLines) {
    b.thresholdsStyle(
      new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed),
    );
  }
  return b;
}

/** One number, colored by its threshold steps, with a sparkline of its recent history. */
export function statPanel(spec: PanelSpec): stat.PanelBuilder {
  return configure(new stat.PanelBuilder(), { width: 6, height: 5, ...spec })
    .graphMode(BigValueGraphMode.Area)
    .colorMode(spec.steps ? BigValueColorMode.Background : BigValueColorMode.Value)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']));
}

export interface TableSpec extends PanelSpec {
  /** Links on every row (Grafana data links; `${__data.fields.<label>}` inserts a cell). */
  rowLinks?: Link[];
}

/** A table of instant values, one row per label set; the time column is hidden. */
export function tablePanel(spec: TableSpec): table.PanelBuilder {
  const b = configure(new table.PanelBuilder(), spec, PromQueryFormat.Table).withTransformation({
    id: 'organize',
    options: { excludeByName: { Time: true }, renameByName: { Value: spec.title } },
  });
  if (spec.rowLinks?.length) b.dataLinks(spec.rowLinks.map(link));
  return b;
}

/**
 * A latency heatmap from a histogram's buckets (the query must be `sum by (le) (increase(...))`):
 * how many executions fell in each bucket per interval, so the whole distribution shows.
 */
export function heatmapPanel(spec: PanelSpec): heatmap.PanelBuilder {
  return configure(new heatmap.PanelBuilder(), spec, PromQueryFormat.Heatmap)
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(spec.unit))
    .color(
      new heatmap.HeatmapColorOptionsBuilder()
        .mode(heatmap.HeatmapColorMode.Scheme)
        .scheme('Oranges')
        .scale(heatmap.HeatmapColorScale.Exponential)
        .exponent(0.5),
    )
    .cellValues(new heatmap.CellValuesBuilder().unit('short'));
}

/** Horizontal bars, one per label set, for rankings and shares. */
export function barGaugePanel(spec: PanelSpec): bargauge.PanelBuilder {
  return configure(new bargauge.PanelBuilder(), spec)
    .displayMode(BarGaugeDisplayMode.Gradient)
    .orientation(VizOrientation.Horizontal)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']));
}
