import type { Query } from '../queries.js';

/**
 * Links into Prometheus's expression browser (/graph), one panel per query: instant queries as a
 * table evaluated now, range queries as a graph over the window. The queries are the report's
 * own, so Prometheus shows the numbers the page was computed from.
 */
export function graphUrl(
  prometheus: string,
  panels: readonly { expr: string; range?: string }[],
): string {
  const q = new URLSearchParams();
  panels.forEach((p, i) => {
    q.set(`g${i}.expr`, p.expr);
    q.set(`g${i}.tab`, p.range ? '0' : '1');
    if (p.range) q.set(`g${i}.range_input`, p.range);
  });
  return `${prometheus}/graph?${q}`;
}

/**
 * The report renderer's linker: query ids (exact, or prefixes ending in '.') to the planned
 * queries, then to one /graph link. Undefined when none of them was planned.
 */
export function planLinker(
  prometheus: string,
  plan: readonly Query[],
  windowRange: string,
): (ids: readonly string[]) => string | undefined {
  return (ids) => {
    const picked = plan.filter((q) =>
      ids.some((id) => (id.endsWith('.') ? q.id.startsWith(id) : q.id === id)),
    );
    if (picked.length === 0) return undefined;
    return graphUrl(
      prometheus,
      picked.map((q) => ({ expr: q.expr, range: q.kind === 'range' ? windowRange : undefined })),
    );
  };
}
