import type { InstantSample, PrometheusClient, RangeSeries } from './prometheus-client.js';
import type { Query } from './queries.js';

/** Called after each finished query: how many are done, of how many, and which one. */
export type ProgressListener = (done: number, total: number, query: Query) => void;

export interface QueryResults {
  instant(id: string): InstantSample[];
  range(id: string): RangeSeries[];
}

/** Prometheus answers several queries at once; more would only queue on a 2-core machine. */
const CONCURRENCY = 4;

/** Runs the plan, a few queries at a time; results are read back by query id. */
export async function runQueries(
  client: PrometheusClient,
  plan: readonly Query[],
  onProgress?: ProgressListener,
): Promise<QueryResults> {
  const ids = new Set<string>();
  for (const q of plan) {
    if (ids.has(q.id)) throw new Error(`duplicate query id ${q.id}`);
    ids.add(q.id);
  }
  const instants = new Map<string, InstantSample[]>();
  const ranges = new Map<string, RangeSeries[]>();
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (next < plan.length && !failed) {
      const q = plan[next++]!;
      try {
        if (q.kind === 'instant') instants.set(q.id, await client.instant(q.expr, q.time));
        else ranges.set(q.id, await client.range(q.expr, q.start, q.end, q.step));
      } catch (err) {
        failed = true; // the first error is the report's; the other workers stop taking work
        throw err;
      }
      onProgress?.(++done, plan.length, q);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, plan.length) }, worker));
  const get = <T>(m: Map<string, T>, id: string): T => {
    const v = m.get(id);
    if (v === undefined) throw new Error(`query ${id} was not planned`);
    return v;
  };
  return { instant: (id) => get(instants, id), range: (id) => get(ranges, id) };
}
