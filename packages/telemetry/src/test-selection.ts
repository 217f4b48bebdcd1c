import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_HOOKSCOPE_KIND,
  ATTR_TEST_FULL_SUITE_ESTIMATE_SECONDS,
  ATTR_TEST_RUN_FAILED,
  ATTR_TEST_RUN_MISSED_FAILURE_IDS,
  ATTR_TEST_RUN_MISSED_FAILURES,
  ATTR_TEST_RUN_MODE,
  ATTR_TEST_RUN_PASSED,
  ATTR_TEST_RUN_SKIPPED,
  ATTR_TEST_SELECTION_SECONDS,
  ATTR_TEST_SELECTION_SELECTED_TESTS,
  ATTR_TEST_SELECTION_STRATEGY,
  ATTR_TEST_SELECTION_TOTAL_TESTS,
  ATTR_TEST_SUITE_NAME,
  ATTR_TEST_SUITE_RUN_STATUS,
  ATTR_VCS_REF_HEAD_REVISION,
  KIND_TEST_RUN,
  KIND_TEST_SELECTION,
  MAX_MISSED_FAILURE_IDS,
  TEST_SUITE_RUN_STATUSES,
  type TestRunMode,
  type TestSuiteRunStatus,
} from '@hookscope/catalog';
import { rememberSelection, takeSelection } from './selection-memory.js';
import { activeConfig, traceWork } from './telemetry.js';
import { hrDiffSeconds, nowHr } from '@hookscope/runtime';
import { attempt, count, isInput, recordWork, seconds, text } from './work.js';

/** Which suite a selection is for and how it chooses. `suite` and `strategy` are labels. */
export interface TestSelectionOptions {
  /** Test suite name (`test.suite.name`), e.g. `unit`. */
  suite: string;
  /** Selection strategy, e.g. `testmon`, `changed-files`, `impact-graph`. */
  strategy: string;
  /** Revision the selection is for (`vcs.ref.head.revision`); a full run verifies only its own. */
  revision?: string;
}

/** What a selection chose. Return it from the `traceTestSelection` callback. */
export interface TestSelectionResult {
  /** Tests in the suite (what a full run would run). */
  totalTests: number;
  selectedTests: number;
  /** How long the full suite would take; enables the time-saved metrics of the run after. */
  estimatedFullSuiteSeconds?: number;
  /**
   * Ids of the selected tests (e.g. pytest node ids). When given, the selection is remembered
   * until a full run of the suite reports its failed test ids, and failures among the tests it
   * left out are counted as missed. Kept on disk only, never on spans.
   */
  selectedTestIds?: readonly string[];
}

/** A selection that already happened, for `recordTestSelection` and `hookscope emit`. */
export interface TestSelection extends TestSelectionOptions, TestSelectionResult {
  /** How long choosing took, in seconds. */
  seconds?: number;
}

/** A test run: the selected subset after a selection, or the full suite. */
export interface TestRunOptions {
  suite: string;
  /** Default: `selected` when `selection` is given, else `full`. */
  mode?: TestRunMode;
  /** The selection this run executes: what `traceTestSelection` or `recordTestSelection` returned. */
  selection?: TestSelectionResult;
  /** Without `selection` (e.g. from another process): its strategy, estimate and duration. */
  strategy?: string;
  estimatedFullSuiteSeconds?: number;
  selectionSeconds?: number;
  revision?: string;
}

/** Results of a run. Return it from the `traceTestRun` callback. */
export interface TestRunResult {
  passed: number;
  failed: number;
  skipped?: number;
  /** Ids of the failed tests; on a full run, compared with the latest selection of the suite. */
  failedTestIds?: readonly string[];
}

/** A run that already happened, for `recordTestRun` and `hookscope emit test-run`. */
export interface TestRun extends TestRunOptions, TestRunResult {
  seconds: number;
  /** Default: `failure` when tests failed, else `success`. */
  status?: TestSuiteRunStatus;
}

/** What a traced selection's result object stands for (it lacks the strategy and the time). */
interface SelectionFacts {
  strategy: string;
  seconds: number;
}

const tracedSelections = new WeakMap<object, SelectionFacts>();

function selectionAttributes(o: TestSelectionOptions, r?: TestSelectionResult): Attributes {
  return {
    [ATTR_HOOKSCOPE_KIND]: KIND_TEST_SELECTION,
    [ATTR_TEST_SUITE_NAME]: o.suite,
    [ATTR_TEST_SELECTION_STRATEGY]: o.strategy,
    [ATTR_VCS_REF_HEAD_REVISION]: text(o.revision),
    [ATTR_TEST_SELECTION_TOTAL_TESTS]: count(r?.totalTests),
    [ATTR_TEST_SELECTION_SELECTED_TESTS]: count(r?.selectedTests),
    [ATTR_TEST_FULL_SUITE_ESTIMATE_SECONDS]: seconds(r?.estimatedFullSuiteSeconds),
  };
}

/** Remembers the ids of a selection for the full run that verifies it (when they are given). */
function rememberIds(o: TestSelectionOptions, r: TestSelectionResult): void {
  const config = activeConfig();
  if (!config || !Array.isArray(r.selectedTestIds)) return;
  rememberSelection(config.testSelectionDir, {
    suite: o.suite,
    cwd: process.cwd(),
    strategy: o.strategy,
    revision: text(o.revision),
    selected: r.selectedTestIds.map(String),
    atMs: Date.now(),
  });
}

/**
 * Runs a test selector `fn` (sync or async) in a span under the active hook span. `fn` returns
 * (or resolves to) the selection's counts (a `TestSelectionResult`, possibly with more fields of
 * yours), which is returned unchanged; pass it as `selection` to `traceTestRun`.
 */
export function traceTestSelection<
  T extends TestSelectionResult | PromiseLike<TestSelectionResult>,
>(options: TestSelectionOptions, fn: (span: Span) => T): T {
  const t0 = nowHr();
  return traceWork(
    attempt(() => `select_tests ${options.suite}`, 'select_tests'),
    attempt(() => selectionAttributes(options), {}),
    fn,
    (span, err, result) => {
      if (err !== undefined || typeof result !== 'object' || result === null) return;
      const r = result as TestSelectionResult;
      span.setAttributes(selectionAttributes(options, r));
      tracedSelections.set(r, { strategy: options.strategy, seconds: hrDiffSeconds(t0, nowHr()) });
      try {
        rememberIds(options, r);
      } catch {
        // Missed-failure tracking is best effort; the selection itself is recorded.
      }
    },
  );
}

/**
 * Records a selection that already happened; returns it (it carries its strategy and time), to
 * pass as `selection` to a run.
 */
export function recordTestSelection(selection: TestSelection): TestSelection {
  try {
    if (!isInput(selection)) return selection;
    recordWork(
      `select_tests ${selection.suite}`,
      selectionAttributes(selection, selection),
      seconds(selection.seconds),
    );
    rememberIds(selection, selection);
  } catch {
    // Fail open.
  }
  return selection;
}

function modeOf(o: TestRunOptions): TestRunMode {
  return o.mode ?? (o.selection ? 'selected' : 'full');
}

function runStartAttributes(o: TestRunOptions): Attributes {
  const mode = modeOf(o);
  const attrs: Attributes = {
    [ATTR_HOOKSCOPE_KIND]: KIND_TEST_RUN,
    [ATTR_TEST_SUITE_NAME]: o.suite,
    [ATTR_TEST_RUN_MODE]: mode,
    [ATTR_VCS_REF_HEAD_REVISION]: text(o.revision),
  };
  if (mode === 'selected') {
    const sel = o.selection as Partial<TestSelection> | undefined;
    const traced = sel ? tracedSelections.get(sel) : undefined;
    attrs[ATTR_TEST_SELECTION_STRATEGY] =
      traced?.strategy ?? text(sel?.strategy) ?? text(o.strategy);
    attrs[ATTR_TEST_FULL_SUITE_ESTIMATE_SECONDS] =
      seconds(sel?.estimatedFullSuiteSeconds) ?? seconds(o.estimatedFullSuiteSeconds);
    attrs[ATTR_TEST_SELECTION_SECONDS] =
      traced?.seconds ?? seconds(sel?.seconds) ?? seconds(o.selectionSeconds);
  }
  return attrs;
}

/** Adds a run's results to `attrs` (and what it reveals about the latest selection). */
function runResultAttributes(
  o: TestRunOptions,
  r: Partial<TestRunResult>,
  status: TestSuiteRunStatus,
  attrs: Attributes = {},
): Attributes {
  attrs[ATTR_TEST_SUITE_RUN_STATUS] = status;
  attrs[ATTR_TEST_RUN_PASSED] = count(r.passed);
  attrs[ATTR_TEST_RUN_FAILED] = count(r.failed);
  attrs[ATTR_TEST_RUN_SKIPPED] = count(r.skipped);
  const config = activeConfig();
  const full = modeOf(o) === 'full';
  if (full && config && Array.isArray(r.failedTestIds)) {
    // A full run that lists its failures verifies the latest selection of the suite.
    try {
      const sel = takeSelection(config.testSelectionDir, o.suite, text(o.revision), process.cwd());
      if (sel) {
        const selected = new Set(sel.selected);
        const missed = r.failedTestIds.map(String).filter((id) => !selected.has(id));
        attrs[ATTR_TEST_SELECTION_STRATEGY] = sel.strategy;
        attrs[ATTR_TEST_RUN_MISSED_FAILURES] = missed.length;
        if (missed.length) {
          attrs[ATTR_TEST_RUN_MISSED_FAILURE_IDS] = missed.slice(0, MAX_MISSED_FAILURE_IDS);
        }
      }
    } catch {
      // Best effort: the run itself is recorded either way.
    }
  }
  return attrs;
}

function statusOf(r: Partial<TestRunResult> | undefined): TestSuiteRunStatus {
  return (count(r?.failed) ?? 0) > 0 ? 'failure' : 'success';
}

/**
 * Runs the tests `fn` (sync or async) in a span under the active hook span. `fn` returns (or
 * resolves to) the results (a `TestRunResult`), returned unchanged; a throw is an `aborted` run.
 * After a selection, pass it as `selection`: the collector then counts the time saved against
 * the full suite. A full run that returns `failedTestIds` reveals failures the latest selection
 * of the suite missed.
 */
export function traceTestRun<T extends TestRunResult | PromiseLike<TestRunResult>>(
  options: TestRunOptions,
  fn: (span: Span) => T,
): T {
  return traceWork(
    attempt(() => `run_tests ${options.suite}`, 'run_tests'),
    attempt(() => runStartAttributes(options), {}),
    fn,
    (span, err, result) => {
      const r = typeof result === 'object' && result !== null ? (result as TestRunResult) : {};
      span.setAttributes(
        runResultAttributes(options, r, err !== undefined ? 'aborted' : statusOf(r)),
      );
    },
  );
}

/** Records a test run that already happened (e.g. parsed from a JUnit report). */
export function recordTestRun(run: TestRun): void {
  try {
    if (!isInput(run)) return;
    const status =
      run.status && (TEST_SUITE_RUN_STATUSES as readonly string[]).includes(run.status)
        ? run.status
        : statusOf(run);
    recordWork(
      `run_tests ${run.suite}`,
      runResultAttributes(run, run, status, runStartAttributes(run)),
      seconds(run.seconds),
      status === 'success' || status === 'failure' ? undefined : status,
    );
  } catch {
    // Fail open.
  }
}
