// The history the report tests and benchmark run on: 30 days of hooks with known problems
// planted in it. Every other series is stationary (same rates, latency and failure mix every
// day), so a correct report finds the planted problems and nothing else.
import { HOOK_DURATION_SECONDS } from '@hookscope/catalog';
import { History, logNormal, seededRandom } from './history.mjs';

/** What was planted, for the assertions. */
export const PLANTED = {
  /** p95 about 3x higher in the last 24 h than before. */
  regression: { hook_event: 'PreToolUse', hook_name: 'bash-guard' },
  /** About half of all hook time, every day. */
  bottleneck: { hook_event: 'Stop', hook_name: 'full-check' },
};

/**
 * Hooks: runs per hour, median seconds and log-normal sigma, failure and block shares. Shares
 * are realized exactly (an accumulator per outcome), not drawn, so they are equal in every window.
 */
const HOOKS = [
  {
    event: 'PreToolUse',
    name: 'bash-guard',
    perHour: 80,
    median: 0.15,
    sigma: 0.4,
    error: 0.005,
    blocked: 0.1,
  },
  {
    event: 'PostToolUse',
    name: 'format',
    perHour: 60,
    median: 0.6,
    sigma: 0.3,
    error: 0.02,
    blocked: 0,
  },
  {
    event: 'UserPromptSubmit',
    name: 'context-loader',
    perHour: 20,
    median: 1.2,
    sigma: 0.3,
    error: 0.01,
    blocked: 0,
  },
  {
    event: 'Stop',
    name: 'full-check',
    perHour: 12,
    median: 12,
    sigma: 0.2,
    error: 0.02,
    blocked: 0.05,
  },
  {
    event: 'PreCompact',
    name: 'summarize',
    perHour: 4,
    median: 2,
    sigma: 0.3,
    error: 0,
    blocked: 0,
  },
  { event: 'SessionStart', name: 'setup', perHour: 2, median: 3, sigma: 0.2, error: 0, blocked: 0 },
  {
    event: 'pre-commit',
    name: 'lint-staged',
    perHour: 6,
    median: 2.5,
    sigma: 0.3,
    error: 0.03,
    blocked: 0,
  },
];
/** How much slower the regressed hook is in the last day. */
const REGRESSION_FACTOR = 3;

/**
 * Builds the planted history ending at `end` (unix seconds, a multiple of `step`).
 * `extraHooks` adds that many more stationary hooks (for the 50-hook benchmark).
 */
export function plantedHistory({ end, days = 30, step = 1800, extraHooks = 0 }) {
  const start = end - days * 86400;
  const h = new History({ start, end, step });
  const rng = seededRandom(42);
  const hooks = [...HOOKS];
  for (let k = 0; k < extraHooks; k++) {
    hooks.push({
      event: ['PreToolUse', 'PostToolUse', 'pre-commit', 'pre-push'][k % 4],
      name: `extra-${String(k + 1).padStart(2, '0')}`,
      perHour: 2 + (k % 7) * 3,
      median: 0.05 * (1 + (k % 9)),
      sigma: 0.3,
      error: (k % 5) * 0.005,
      blocked: 0,
    });
  }
  const regressionStart = end - 86400;
  for (const hook of hooks) {
    const owed = { error: 0, blocked: 0, runs: 0 };
    const planted =
      hook.event === PLANTED.regression.hook_event && hook.name === PLANTED.regression.hook_name;
    for (let i = 1; i < h.steps; i++) {
      const t = h.time(i);
      owed.runs += (hook.perHour * step) / 3600;
      const n = Math.floor(owed.runs);
      owed.runs -= n;
      owed.error += n * hook.error;
      owed.blocked += n * hook.blocked;
      const errors = Math.floor(owed.error);
      const blocked = Math.floor(owed.blocked);
      owed.error -= errors;
      owed.blocked -= blocked;
      const median = planted && t > regressionStart ? hook.median * REGRESSION_FACTOR : hook.median;
      const draw = (k) => Array.from({ length: k }, () => logNormal(rng, median, hook.sigma));
      const labels = (outcome) => ({ hook_event: hook.event, hook_name: hook.name, outcome });
      h.observe(HOOK_DURATION_SECONDS, labels('success'), i, draw(n - errors - blocked));
      if (errors) h.observe(HOOK_DURATION_SECONDS, labels('error'), i, draw(errors));
      if (blocked) h.observe(HOOK_DURATION_SECONDS, labels('blocked'), i, draw(blocked));
    }
  }
  return h;
}
