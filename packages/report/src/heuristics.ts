/**
 * The few judgement calls the report makes beyond the configured targets, in one place so that
 * docs/report.md can state them. Each is a share of the data, never an absolute time.
 */

/** A hook is flagged as a bottleneck when it takes at least this share of all hook time... */
export const BOTTLENECK_MIN_SHARE = 1 / 3;
/** ...and at least this many hooks ran (with one or two hooks, a large share says nothing). */
export const BOTTLENECK_MIN_HOOKS = 3;
/** Hooks listed by share of hook time (the rest are summed up). */
export const TOP_HOOKS = 10;
/** A hook "blocks often" when at least this share of its runs end with outcome blocked. */
export const FREQUENT_BLOCK_RATIO = 0.25;
/** Failure-ratio moves with a smaller two-proportion z score are chance, not a change. */
export const FAILURE_CHANGE_MIN_Z = 1.96;
/** ...and from this z on, the change is reported with high confidence. */
export const FAILURE_CHANGE_HIGH_Z = 3;
