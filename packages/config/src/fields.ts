import * as z from 'zod';
import { ADDRESS_PATTERN, splitAddress } from './address.js';
import { DURATION_PATTERN, durationSeconds } from './durations.js';

/**
 * Builders for the config schema's fields. Every field has a default and a description: the
 * description is the comment above the key in the documented defaults file and the hover text
 * of the JSON Schema in editors, so it is written for the person editing the file.
 */

/** A section of the file: unknown keys are errors, a missing section takes every default. */
export function section<S extends z.ZodRawShape>(description: string, shape: S) {
  // Generic shapes cannot prove that `{}` is valid input; every field has a default, so it is.
  return z
    .strictObject(shape)
    .prefault({} as z.input<z.ZodObject<S, z.core.$strict>>)
    .meta({ description });
}

export function duration(def: string, description: string, opts: { allowZero?: boolean } = {}) {
  return z
    .string()
    .regex(DURATION_PATTERN, {
      error: 'must be a Prometheus duration such as 30s, 5m, 1h or 7d',
      abort: true,
    })
    .refine((s) => opts.allowZero || (durationSeconds(s) ?? 0) > 0, {
      error: 'must be longer than 0s',
    })
    .default(def)
    .meta({ description });
}

export function ratio(def: number, description: string) {
  return z.number().min(0).max(1).default(def).meta({ description });
}

export function count(def: number, description: string, min = 1) {
  return z.int().min(min).default(def).meta({ description });
}

/** A required `host:port` (for entries of a list, where a default makes no sense). */
export function hostPort() {
  return z
    .string()
    .regex(ADDRESS_PATTERN, { error: 'must be host:port, e.g. 127.0.0.1:9090', abort: true })
    .refine((a) => splitAddress(a).port >= 1 && splitAddress(a).port <= 65535, {
      error: 'port must be from 1 to 65535',
    });
}

export function address(def: string, description: string) {
  return hostPort().default(def).meta({ description });
}

/**
 * A warning/critical pair for a value that is bad when high (`above`) or when low (`below`).
 * An order that would make the critical alert fire before the warning is an error.
 */
export function thresholds(
  direction: 'above' | 'below',
  defaults: { warning: number; critical: number },
  description: string,
  value: () => z.ZodNumber = () => z.number().nonnegative(),
) {
  return z
    .strictObject({
      warning: value()
        .default(defaults.warning)
        .meta({ description: `warning when the value is ${direction} this` }),
      critical: value()
        .default(defaults.critical)
        .meta({ description: `critical when the value is ${direction} this` }),
    })
    .superRefine((t, ctx) => {
      const ok = direction === 'above' ? t.warning < t.critical : t.warning > t.critical;
      if (!ok) {
        ctx.addIssue({
          code: 'custom',
          path: ['warning'],
          message: `must be ${direction === 'above' ? 'below' : 'above'} critical (${t.critical}), got ${t.warning}: alerts fire when the value is ${direction} a threshold, so the warning must come first`,
        });
      }
    })
    .prefault({})
    .meta({ description });
}

export const ratioValue = () => z.number().min(0).max(1);

/**
 * How long the condition of an alert pair must hold before each severity fires. Separate
 * durations because they serve different ends: a warning may wait to be sure, a critical alert
 * must be notified within alerts.critical_notified_within of the breach.
 */
export function forDurations(defaults: { warning: string; critical: string }, description: string) {
  return z
    .strictObject(
      {
        warning: duration(defaults.warning, 'before the warning fires', { allowZero: true }),
        critical: duration(
          defaults.critical,
          'before the critical alert fires (counts toward alerts.critical_notified_within)',
          { allowZero: true },
        ),
      },
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? 'expected a mapping of durations per severity, e.g. { warning: 10m, critical: 3m }'
            : undefined,
      },
    )
    .prefault({})
    .meta({ description });
}
