import { durationSeconds, formatDuration } from './durations.js';
import type { PathSegment } from './issues.js';
import type { HookscopeConfig } from './schema.js';

/**
 * The bar "a critical issue is notified within 5 minutes" (a page that comes later is a page
 * people learn to ignore), as a check on the config: the
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

interface Setting {
  path: string[];
  value: string;
}

const show = (s: Setting) => `${s.path.join('.')} ${s.value}`;

/**
 * Problems with alerts.critical_notified_within, each on the key the user most likely has to
 * change: a critical `for` written in the file, else the longest wait written in the file (a
 * longer scrape interval makes every default `for` too long: one problem, not one per `for`).
 */
export function criticalNotificationIssues(
  c: HookscopeConfig,
  written: (path: readonly PathSegment[]) => boolean,
): { path: string[]; message: string }[] {
  const timing = c.alertmanager.timing.critical;
  const am =
    secs(timing.group_interval) >= secs(timing.group_wait) ? 'group_interval' : 'group_wait';
  const waits: Setting[] = [
    { path: ['prometheus', 'scrape_interval'], value: c.prometheus.scrape_interval },
    { path: ['prometheus', 'evaluation_interval'], value: c.prometheus.evaluation_interval },
    { path: ['alertmanager', 'timing', 'critical', am], value: timing[am] },
  ];
  const bar: Setting = {
    path: ['alerts', 'critical_notified_within'],
    value: c.alerts.critical_notified_within,
  };
  const fixed = waits.reduce((sum, w) => sum + secs(w.value), 0);
  const blame = (): Setting => {
    const changed = waits.filter((w) => written(w.path));
    if (changed.length === 0) return bar;
    return changed.reduce((a, b) => (secs(b.value) > secs(a.value) ? b : a));
  };
  if (fixed > secs(bar.value)) {
    const at = blame();
    const why = `${waits.map(show).join(' + ')} wait ${formatDuration(fixed)} before any critical alert is notified`;
    return [
      at === bar
        ? {
            path: at.path,
            message: `must be at least ${formatDuration(fixed)}: ${why}, got ${at.value}`,
          }
        : {
            path: at.path,
            message: `too long for alerts.critical_notified_within (${bar.value}): ${why}, got ${at.value}`,
          },
    ];
  }
  const late: Setting[] = CRITICAL_FOR_KEYS.map((key) => ({
    path: [...key],
    value: key.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], c) as string,
  })).filter((f) => secs(f.value) + fixed > secs(bar.value));
  const issues = late
    .filter((f) => written(f.path))
    .map((f) => ({
      path: f.path,
      message: `must be at most ${formatDuration(secs(bar.value) - fixed)} so that a critical breach is notified within alerts.critical_notified_within (${bar.value}) after ${waits.map(show).join(' + ')}, got ${f.value}`,
    }));
  const defaults = late.filter((f) => !written(f.path));
  if (defaults.length > 0) {
    const at = blame();
    const longest = Math.max(...defaults.map((f) => secs(f.value)));
    const fors = `the critical \`for\` of ${defaults.map(show).join(', ')}`;
    issues.push(
      at === bar
        ? {
            path: at.path,
            message: `must be at least ${formatDuration(fixed + longest)}: ${waits.map(show).join(' + ')} + ${formatDuration(longest)}, the longest of ${fors}, got ${at.value}`,
          }
        : {
            path: at.path,
            message: `too long for alerts.critical_notified_within (${bar.value}): after ${waits.map(show).join(' + ')}, a critical alert may wait at most ${formatDuration(secs(bar.value) - fixed)}, less than ${fors}, got ${at.value}`,
          },
    );
  }
  return issues;
}
