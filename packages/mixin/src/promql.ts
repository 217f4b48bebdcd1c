import type { MetricDef } from '@hookscope/catalog';

/** Small PromQL builders, so that every metric name in a rule comes from a catalog entry. */

/** The `_bucket`, `_count` and `_sum` series of a histogram entry. */
export function histogramSeries(def: MetricDef): { bucket: string; count: string; sum: string } {
  if (def.type !== 'histogram') throw new Error(`${def.name} is a ${def.type}, not a histogram`);
  return { bucket: `${def.name}_bucket`, count: `${def.name}_count`, sum: `${def.name}_sum` };
}

/** The entry's labels, checked: a rule grouping by a label the metric lacks would return nothing. */
export function labelsOf(def: MetricDef, labels: readonly string[]): string {
  const missing = labels.filter((l) => !def.labels.includes(l));
  if (missing.length)
    throw new Error(
      `${def.name} has no label ${missing.join(', ')} (labels: ${def.labels.join(', ')})`,
    );
  return labels.join(', ');
}

/**
 * A metric selector: `name{k="v", ...}`; keys ending in `~` are written as regex matchers, in
 * `!~` as negated regex matchers, in `!` as `!=`.
 */
export function selector(name: string, matchers: Record<string, string> = {}): string {
  const parts = Object.entries(matchers).map(([k, v]) => {
    const [, label, op] = /^(.*?)(!~|~|!)?$/.exec(k)!;
    const written = op === '~' ? '=~' : op === '!' ? '!=' : (op ?? '=');
    return `${label}${written}${JSON.stringify(v)}`;
  });
  return parts.length ? `${name}{${parts.join(', ')}}` : name;
}

/**
 * Matches one histogram bucket bound: Prometheus 2 stores `le` as the exporter writes it (`30`),
 * Prometheus 3 normalizes it to `30.0`; match both so rules work on either.
 */
export function bucketBound(bound: number): Record<string, string> {
  return Number.isInteger(bound) ? { 'le~': `${bound}(\\.0)?` } : { le: String(bound) };
}

/** A regex matcher value for a set of label values. */
export function oneOf(values: readonly string[]): string {
  return values.join('|');
}

/** A number as rules show it: no float noise (`1 - 0.99` is `0.01`, not `0.010000000000000009`). */
export function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/** The quantile name used in recording rules: 0.95 -> `p95`. */
export function quantileName(q: number): string {
  return `p${num(q * 100)}`;
}

/** Indents every line of a sub-expression, for readable multi-line rules. */
export function indent(expr: string, by = '  '): string {
  return expr
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** `(\n  expr\n)`: a parenthesized multi-line sub-expression. */
export function paren(expr: string): string {
  return `(\n${indent(expr)}\n)`;
}

/** `sum by (labels) (rate(selector[window]))`. */
export function sumRate(sel: string, by: string, window: string): string {
  return `sum by (${by}) (rate(${sel}[${window}]))`;
}

/**
 * The share `part` makes of `total` (two counter selections) per group, 0 rather than absent
 * where `part` has no series yet: a cache that never hit or a hook that never failed still shows.
 */
export function shareOf(part: string, total: string, by: string, window: string): string {
  const t = sumRate(total, by, window);
  return `${paren(`${sumRate(part, by, window)}\nor\n0 * ${t}`)}\n/\n${t}`;
}
