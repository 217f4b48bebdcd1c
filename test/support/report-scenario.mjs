// The history the report tests and benchmark run on: 30 days of hooks and the work inside them,
// with known problems planted. Every other series is stationary (same rates, latency and outcome
// mix every day), so a correct report finds the planted problems and nothing else.
import {
  AGENT_DURATION_SECONDS,
  COLLECTOR_BUILD_INFO,
  CACHE_LOOKUP_DURATION_SECONDS,
  CACHE_LOOKUPS,
  COMPRESSION_RATIO,
  COMPRESSION_SAVED_TOKENS,
  COMPRESSIONS,
  CONVERSATION_RESPONSE_SECONDS,
  CONVERSATION_RESTARTS,
  CONVERSATION_TOKENS,
  HOOK_DURATION_SECONDS,
  HOOK_OVERHEAD_SECONDS,
  TEST_RUN_DURATION_SECONDS,
  TEST_SELECTION_CANDIDATE_TESTS,
  TEST_SELECTION_DURATION_SECONDS,
  TEST_SELECTION_FULL_SUITE_SECONDS,
  TEST_SELECTION_SAVED_SECONDS,
  TEST_SELECTION_SELECTED_TESTS,
  VALIDATION_DURATION_SECONDS,
} from '@hookscope/catalog';
import { History, logNormal, seededRandom } from './history.mjs';

/** What was planted, for the assertions. */
export const PLANTED = {
  /** p95 about 3x higher in the last 24 h than before. */
  regression: { hook_event: 'PreToolUse', hook_name: 'bash-guard' },
  /** About half of all hook time, every day. */
  bottleneck: { hook_event: 'Stop', hook_name: 'full-check' },
  /** Hit ratio 15% against a 50% target, every day. */
  cache: 'import-graph',
};

/**
 * Hooks: runs per hour, median seconds and log-normal sigma, error and block shares. Shares
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
    validators: [{ name: 'schema', median: 0.03 }],
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
    validators: [
      { name: 'physics', median: 1.2 },
      { name: 'types', median: 0.4 },
    ],
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
/** What hookscope adds to every hook run (seconds): well under the 5% cap for these hooks. */
const OVERHEAD_PER_RUN = 0.002;
/** How much slower the regressed hook is in the last day. */
const REGRESSION_FACTOR = 3;
const AGENTS = [
  { name: 'reviewer', perHour: 12, median: 4, error: 0.01 },
  { name: 'planner', perHour: 3, median: 8, error: 0.02 },
];
const CACHES = [
  { name: 'lint-results', perHour: 100, hit: 0.85, hitMedian: 0.002, missMedian: 0.15 },
  { name: PLANTED.cache, perHour: 40, hit: 0.15, hitMedian: 0.003, missMedian: 0.4 },
];
const CONVERSATIONS = [
  {
    processType: 'tactical',
    model: 'claude-haiku',
    perHour: 60,
    median: 0.7,
    compressionsPerHour: 0.5,
    restartsPerHour: 1 / 12,
  },
  {
    processType: 'strategic',
    model: 'claude-opus',
    perHour: 6,
    median: 1.8,
    compressionsPerHour: 0,
    restartsPerHour: 0,
  },
];
/** Test selection inside full-check: one per run. */
const SELECTION = {
  suite: 'unit',
  strategy: 'affected',
  candidates: 400,
  selected: 100,
  fullSuite: 30,
  run: 8,
  choose: 0.2,
};

/** Whole events in step i for a rate per hour: the fractions carry over, so totals are exact. */
function everyStep(h, perHour) {
  let owed = 0;
  return (i) => {
    owed += (perHour * h.seconds(i)) / 3600;
    const n = Math.floor(owed);
    owed -= n;
    return n;
  };
}

/** Splits n events into shares exactly over time (same accumulator idea). */
function splitter(shares) {
  const owed = shares.map(() => 0);
  return (n) =>
    shares.map((s, k) => {
      owed[k] += n * s;
      const m = Math.floor(owed[k]);
      owed[k] -= m;
      return m;
    });
}

/**
 * Builds the planted history ending at `end` (unix seconds, a multiple of `coarseStep`): samples
 * every `step` seconds over the last 8 days (the default report's window and baseline), every
 * `coarseStep` before. `extraHooks` adds that many more stationary hooks (for the benchmark).
 */
export function plantedHistory({ end, days = 30, extraHooks = 0, step = 1800, coarseStep = 7200 }) {
  const start = end - days * 86400;
  const h = new History({
    ...{ start, end, step, coarseStep, fineFrom: end - 8 * 86400 },
    target: { job: 'hookscope', instance: '127.0.0.1:9464' },
  });
  // The collector was scraped all along: the report reads its counts as end minus start values.
  h.constant(COLLECTOR_BUILD_INFO, { version: '0.1.0', nodejs_version: 'v20.20.2' }, 1);
  const rng = seededRandom(42);
  const draw = (k, median, sigma = 0.3) =>
    Array.from({ length: k }, () => logNormal(rng, median, sigma));
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
    const runs = everyStep(h, hook.perHour);
    const split = splitter([hook.error, hook.blocked]);
    const validatorSplit = splitter([0.05]);
    const planted =
      hook.event === PLANTED.regression.hook_event && hook.name === PLANTED.regression.hook_name;
    for (let i = 1; i < h.steps; i++) {
      const n = runs(i);
      const [errors, blocked] = split(n);
      const median =
        planted && h.time(i) > regressionStart ? hook.median * REGRESSION_FACTOR : hook.median;
      const labels = (outcome) => ({ hook_event: hook.event, hook_name: hook.name, outcome });
      h.observe(
        HOOK_DURATION_SECONDS,
        labels('success'),
        i,
        draw(n - errors - blocked, median, hook.sigma),
      );
      if (errors)
        h.observe(HOOK_DURATION_SECONDS, labels('error'), i, draw(errors, median, hook.sigma));
      if (blocked)
        h.observe(HOOK_DURATION_SECONDS, labels('blocked'), i, draw(blocked, median, hook.sigma));
      const hookLabels = { hook_event: hook.event, hook_name: hook.name };
      h.add(HOOK_OVERHEAD_SECONDS, hookLabels, i, n * OVERHEAD_PER_RUN);
      for (const v of hook.validators ?? []) {
        const [failed] = validatorSplit(n);
        const vl = (outcome) => ({
          hook_event: hook.event,
          hook_name: hook.name,
          validator: v.name,
          outcome,
        });
        h.observe(VALIDATION_DURATION_SECONDS, vl('passed'), i, draw(n - failed, v.median));
        if (failed) h.observe(VALIDATION_DURATION_SECONDS, vl('failed'), i, draw(failed, v.median));
      }
    }
  }

  for (const a of AGENTS) {
    const runs = everyStep(h, a.perHour);
    const split = splitter([a.error]);
    for (let i = 1; i < h.steps; i++) {
      const n = runs(i);
      const [errors] = split(n);
      h.observe(
        AGENT_DURATION_SECONDS,
        { agent: a.name, outcome: 'success' },
        i,
        draw(n - errors, a.median),
      );
      if (errors)
        h.observe(
          AGENT_DURATION_SECONDS,
          { agent: a.name, outcome: 'error' },
          i,
          draw(errors, a.median),
        );
    }
  }

  const selections = everyStep(h, 12);
  const fullRuns = everyStep(h, 1 / 6);
  const sel = { suite: SELECTION.suite, strategy: SELECTION.strategy };
  for (let i = 1; i < h.steps; i++) {
    const n = selections(i);
    const choose = draw(n, SELECTION.choose);
    const run = draw(n, SELECTION.run, 0.2);
    h.observe(TEST_SELECTION_DURATION_SECONDS, sel, i, choose);
    h.add(TEST_SELECTION_CANDIDATE_TESTS, sel, i, n * SELECTION.candidates);
    h.add(TEST_SELECTION_SELECTED_TESTS, sel, i, n * SELECTION.selected);
    h.add(TEST_SELECTION_FULL_SUITE_SECONDS, sel, i, n * SELECTION.fullSuite);
    const saved = run.reduce((a, r, k) => a + Math.max(0, SELECTION.fullSuite - r - choose[k]), 0);
    h.add(TEST_SELECTION_SAVED_SECONDS, sel, i, saved);
    const runLabels = (mode) => ({ suite: SELECTION.suite, mode, status: 'success' });
    h.observe(TEST_RUN_DURATION_SECONDS, runLabels('selected'), i, run);
    h.observe(
      TEST_RUN_DURATION_SECONDS,
      runLabels('full'),
      i,
      draw(fullRuns(i), SELECTION.fullSuite, 0.1),
    );
  }

  for (const c of CACHES) {
    const lookups = everyStep(h, c.perHour);
    const split = splitter([c.hit]);
    for (let i = 1; i < h.steps; i++) {
      const n = lookups(i);
      const [hits] = split(n);
      for (const [result, k, median] of [
        ['hit', hits, c.hitMedian],
        ['miss', n - hits, c.missMedian],
      ]) {
        h.add(CACHE_LOOKUPS, { cache: c.name, result }, i, k);
        h.observe(CACHE_LOOKUP_DURATION_SECONDS, { cache: c.name, result }, i, draw(k, median));
      }
    }
  }

  for (const c of CONVERSATIONS) {
    const exchanges = everyStep(h, c.perHour);
    const split = splitter([0.01]);
    const compressions = everyStep(h, c.compressionsPerHour);
    const restarts = everyStep(h, c.restartsPerHour);
    const ex = (outcome) => ({ process_type: c.processType, model: c.model, outcome });
    for (let i = 1; i < h.steps; i++) {
      const n = exchanges(i);
      const [errors] = split(n);
      h.observe(CONVERSATION_RESPONSE_SECONDS, ex('success'), i, draw(n - errors, c.median));
      if (errors) h.observe(CONVERSATION_RESPONSE_SECONDS, ex('error'), i, draw(errors, c.median));
      for (const [type, per] of [
        ['input', 2000],
        ['output', 300],
      ]) {
        h.add(
          CONVERSATION_TOKENS,
          { process_type: c.processType, model: c.model, token_type: type },
          i,
          n * per,
        );
      }
      const k = compressions(i);
      if (c.compressionsPerHour > 0) {
        const cl = { process_type: c.processType, trigger: 'auto' };
        const kept = draw(k, 0.2, 0.15);
        h.observe(COMPRESSION_RATIO, cl, i, kept);
        h.add(
          COMPRESSION_SAVED_TOKENS,
          cl,
          i,
          kept.reduce((a, r) => a + 150000 * (1 - r), 0),
        );
        h.add(COMPRESSIONS, { ...cl, critical_info: 'preserved' }, i, k);
      }
      if (c.restartsPerHour > 0) {
        h.add(
          CONVERSATION_RESTARTS,
          { process_type: c.processType, outcome: 'success' },
          i,
          restarts(i),
        );
      }
    }
  }
  return h;
}
