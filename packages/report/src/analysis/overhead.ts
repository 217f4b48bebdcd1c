import { HOOK_OVERHEAD_SECONDS } from '@hookscope/catalog';
import type { Periods } from '../periods.js';
import { counterQuery, type Query } from '../queries.js';
import type { QueryResults } from '../run-queries.js';
import type { SeriesStats } from '../series-stats.js';
import { HOOKS, seriesKey } from '../subjects.js';

const ID = 'overhead.window.seconds';

export function overheadQueries(p: Periods): Query[] {
  return [counterQuery(ID, 'monitoring overhead', HOOK_OVERHEAD_SECONDS, HOOKS.key, p.window)];
}

export interface HookOverhead {
  hook: string;
  /** Time hookscope added to the hook's runs, and that over the hook's own time. */
  seconds: number;
  hookSeconds: number;
  share: number;
}

/** hookscope's own time per hook that reported it, largest share first. */
export function hookOverheads(
  results: QueryResults,
  hooks: Map<string, SeriesStats>,
): HookOverhead[] {
  const out: HookOverhead[] = [];
  for (const r of results.instant(ID)) {
    const hook = hooks.get(seriesKey(HOOKS.key, r.metric));
    if (!hook || hook.seconds <= 0 || !Number.isFinite(r.value)) continue;
    out.push({
      hook: hook.name,
      seconds: r.value,
      hookSeconds: hook.seconds,
      share: r.value / hook.seconds,
    });
  }
  return out.sort((a, b) => b.share - a.share);
}
