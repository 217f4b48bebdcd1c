import type { SeriesStats } from '../series-stats.js';
import { HOOKS, seriesKey } from '../subjects.js';

export interface ValidationShare {
  hook: string;
  hookLabels: Record<string, string>;
  hookSeconds: number;
  validatorSeconds: number;
  /** Validators' time / the hook's time. */
  share: number;
  /** The validator taking the most time in this hook. */
  top: SeriesStats;
}

/** Per hook that ran validators: their share of its time, largest first. */
export function validationShares(
  hooks: Map<string, SeriesStats>,
  validators: Map<string, SeriesStats>,
): ValidationShare[] {
  const byHook = new Map<string, SeriesStats[]>();
  for (const v of validators.values()) {
    const key = seriesKey(HOOKS.key, v.labels);
    byHook.set(key, [...(byHook.get(key) ?? []), v]);
  }
  const out: ValidationShare[] = [];
  for (const [key, vs] of byHook) {
    const hook = hooks.get(key);
    if (!hook || hook.seconds <= 0) continue;
    const validatorSeconds = vs.reduce((a, v) => a + v.seconds, 0);
    out.push({
      hook: hook.name,
      hookLabels: hook.labels,
      hookSeconds: hook.seconds,
      validatorSeconds,
      share: validatorSeconds / hook.seconds,
      top: vs.reduce((a, b) => (b.seconds > a.seconds ? b : a)),
    });
  }
  return out.sort((a, b) => b.share - a.share);
}
