import type * as z from 'zod';
import { durationSeconds, formatDuration } from './durations.js';
import type { HookscopeConfig } from './schema.js';

/**
 * The seeds' bar, "a critical issue notified within 5 minutes", as a check on the config: the
 * rules and Alertmanager wait at most scrape + evaluation + `for` + group_wait (a new group) or
 * group_interval (joining a group already notified) after the value an alert reads crosses its
 * threshold.
 */

/** Config keys holding the `for` of a critical alert (collector.down_for is critical only). */
export const CRITICAL_FOR_KEYS = [
  ['collector', 'down_for'],
  ['collector', 'backlog_for', 'critical'],
  ['collector', 'ingest_lag_for', 'critical'],
  ['hooks', 'latency_for', 'critical'],
  ['hooks', 'success_for', 'critical'],
  ['conversations', 'for', 'critical'],
] as const;

const secs = (d: string) => durationSeconds(d)!;

/** Seconds a critical alert can wait besides its `for`: a scrape, an evaluation, Alertmanager. */
export function criticalNotificationWait(config: HookscopeConfig): {
  scrapeAndEvaluation: number;
  groupWait: number;
  groupInterval: number;
} {
  const t = config.alertmanager.timing.critical;
  return {
    scrapeAndEvaluation:
      secs(config.prometheus.scrape_interval) + secs(config.prometheus.evaluation_interval),
    groupWait: secs(t.group_wait),
    groupInterval: secs(t.group_interval),
  };
}

export function checkCriticalNotification(c: HookscopeConfig, ctx: z.RefinementCtx): void {
  const wait = criticalNotificationWait(c);
  const am = wait.groupInterval >= wait.groupWait ? 'group_interval' : 'group_wait';
  const fixed = wait.scrapeAndEvaluation + Math.max(wait.groupWait, wait.groupInterval);
  const bar = secs(c.alerts.critical_notified_within);
  const parts = `prometheus.scrape_interval ${c.prometheus.scrape_interval} + evaluation_interval ${c.prometheus.evaluation_interval} + alertmanager.timing.critical.${am} ${c.alertmanager.timing.critical[am]}`;
  if (fixed > bar) {
    ctx.addIssue({
      code: 'custom',
      path: ['alerts', 'critical_notified_within'],
      message: `must be at least ${formatDuration(fixed)}, the wait of a critical alert without any \`for\` (${parts}), got ${c.alerts.critical_notified_within}`,
    });
    return;
  }
  for (const key of CRITICAL_FOR_KEYS) {
    const value = key.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], c) as string;
    if (secs(value) + fixed <= bar) continue;
    ctx.addIssue({
      code: 'custom',
      path: [...key],
      message: `must be at most ${formatDuration(bar - fixed)} so that a critical breach is notified within alerts.critical_notified_within (${c.alerts.critical_notified_within}) after ${parts}, got ${value}`,
    });
  }
}
