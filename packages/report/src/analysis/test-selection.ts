import {
  TEST_SELECTION_CANDIDATE_TESTS,
  TEST_SELECTION_FULL_SUITE_SECONDS,
  TEST_SELECTION_MISSED_FAILURES,
  TEST_SELECTION_SAVED_SECONDS,
  TEST_SELECTION_SELECTED_TESTS,
} from '@hookscope/catalog';
import type { TestSelectionEfficiency } from '../model.js';
import type { Periods } from '../periods.js';
import { counterQuery, type Query } from '../queries.js';
import type { QueryResults } from '../run-queries.js';
import type { SeriesStats } from '../series-stats.js';
import { seriesKey } from '../subjects.js';

const KEY = ['suite', 'strategy'] as const;
const COUNTERS = {
  candidates: TEST_SELECTION_CANDIDATE_TESTS,
  selected: TEST_SELECTION_SELECTED_TESTS,
  fullSuite: TEST_SELECTION_FULL_SUITE_SECONDS,
  saved: TEST_SELECTION_SAVED_SECONDS,
  missed: TEST_SELECTION_MISSED_FAILURES,
};
type Counter = keyof typeof COUNTERS;
const id = (c: Counter) => `selection.window.${c}`;

export function testSelectionQueries(p: Periods): Query[] {
  return (Object.keys(COUNTERS) as Counter[]).map((c) =>
    counterQuery(id(c), 'test selection', COUNTERS[c], KEY, p.window),
  );
}

/** Per suite and strategy: share of tests selected, share of full-suite time saved, misses. */
export function testSelectionEfficiency(
  results: QueryResults,
  selections: Map<string, SeriesStats>,
): TestSelectionEfficiency[] {
  const rows = new Map<string, Record<Counter, number> & { labels: Record<string, string> }>();
  for (const c of Object.keys(COUNTERS) as Counter[]) {
    for (const r of results.instant(id(c))) {
      const key = seriesKey(KEY, r.metric);
      let row = rows.get(key);
      if (!row) {
        row = { labels: r.metric, candidates: 0, selected: 0, fullSuite: 0, saved: 0, missed: 0 };
        rows.set(key, row);
      }
      if (Number.isFinite(r.value)) row[c] += r.value;
    }
  }
  for (const [key, s] of selections) {
    if (!rows.has(key)) {
      rows.set(key, {
        labels: s.labels,
        candidates: 0,
        selected: 0,
        fullSuite: 0,
        saved: 0,
        missed: 0,
      });
    }
  }
  return [...rows.entries()]
    .map(([key, r]): TestSelectionEfficiency => {
      const sel = selections.get(key);
      return {
        suite: r.labels['suite'] ?? '',
        strategy: r.labels['strategy'] ?? '',
        selections: sel?.count ?? 0,
        candidateTests: Math.round(r.candidates),
        selectedTests: Math.round(r.selected),
        selectionRatio: r.candidates >= 0.5 ? r.selected / r.candidates : undefined,
        fullSuiteSeconds: r.fullSuite,
        savedSeconds: r.saved,
        timeReduction: r.fullSuite > 0 ? r.saved / r.fullSuite : undefined,
        selectionSeconds: sel?.seconds ?? 0,
        missedFailures: Math.round(r.missed),
      };
    })
    .filter(
      (r) =>
        r.selections > 0 || r.candidateTests > 0 || r.fullSuiteSeconds > 0 || r.missedFailures > 0,
    )
    .sort((a, b) => a.suite.localeCompare(b.suite) || a.strategy.localeCompare(b.strategy));
}
