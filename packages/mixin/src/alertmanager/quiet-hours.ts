import { WEEKDAYS, type HookscopeConfig, type QuietInterval } from '@hookscope/config';

/** The name of the time interval that mutes warnings. */
export const QUIET_HOURS = 'quiet-hours';

/** Alertmanager numbers weekdays from sunday: a range must not run past saturday. */
const AM_ORDER = ['sunday', ...WEEKDAYS.slice(0, 6)] as const;

interface TimeInterval {
  weekdays?: string[];
  times?: { start_time: string; end_time: string }[];
  location: string;
}

/**
 * The config's quiet hours as Alertmanager time intervals. Times that run past midnight and
 * weekday ranges that run past saturday, which Alertmanager rejects, are split in two.
 */
export function quietHoursIntervals(config: HookscopeConfig): TimeInterval[] {
  const q = config.alertmanager.quiet_hours;
  return q.intervals.map((i) => ({
    ...(i.weekdays ? { weekdays: i.weekdays.flatMap(weekdayRange) } : {}),
    ...(i.start !== undefined ? { times: times(i) } : {}),
    location: q.location,
  }));
}

function times(i: QuietInterval): { start_time: string; end_time: string }[] {
  const [start, end] = [i.start!, i.end!];
  return start < end
    ? [{ start_time: start, end_time: end }]
    : [
        { start_time: start, end_time: '24:00' },
        ...(end === '00:00' ? [] : [{ start_time: '00:00', end_time: end }]),
      ];
}

function weekdayRange(range: string): string[] {
  const [from, to = from] = range.split(':') as [string, string?];
  const a = AM_ORDER.indexOf(from as (typeof AM_ORDER)[number]);
  const b = AM_ORDER.indexOf(to as (typeof AM_ORDER)[number]);
  if (a <= b) return [range];
  return [`${from}:saturday`, b === 0 ? 'sunday' : `sunday:${to}`];
}
