import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS, renderReport, type Report } from '../src/index.js';

/** Hook, cache and process names are user data: they may hold markup and table syntax. */
const EVIL = '<img src=x onerror=alert(1)>|*x*_y_';

function report(): Report {
  const { prometheusUrl: _url, ...targets } = DEFAULT_TARGETS;
  const trend = {
    points: [
      { t: 1_790_000_000, p95: 1, seconds: 10 },
      { t: 1_790_003_600, p95: 2, seconds: 20 },
      { t: 1_790_007_200, p95: 3, seconds: 30 },
    ],
    p95Change: 1,
    direction: 'rising' as const,
  };
  const hook = {
    name: `Stop/${EVIL}`,
    labels: { hook_event: 'Stop', hook_name: EVIL },
    executions: 10,
    seconds: 60,
    failureRatio: 0,
    outcomes: { success: 10 },
    p50: 5,
    p95: 9,
  };
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-20T00:00:00Z',
    prometheus: 'http://127.0.0.1:9090',
    window: {
      start: '2026-11-19T00:00:00Z',
      end: '2026-11-20T00:00:00Z',
      duration: '24h',
      exact: true,
    },
    baseline: {
      start: '2026-11-12T00:00:00Z',
      end: '2026-11-19T00:00:00Z',
      duration: '7d',
      exact: true,
      available: true,
      executions: 70,
    },
    trendStep: '1h',
    recordingRules: [],
    targets,
    summary: { hooks: 1, executions: 10, hookSeconds: 60, failureRatio: 0, p95: 9 },
    scorecard: [
      {
        id: 'hook_p95',
        title: 'Hook execution time',
        target: 't',
        value: 9,
        unit: 's',
        status: 'pass',
        detail: EVIL,
      },
    ],
    bottlenecks: {
      totalSeconds: 60,
      hooks: [
        {
          ...hook,
          share: 1,
          flagged: true,
          trend,
          validators: [{ ...hook, name: EVIL, share: 0.5, trend }],
        },
      ],
      rest: { hooks: 0, seconds: 0, share: 0 },
    },
    regressions: {
      threshold: 0.2,
      minExecutions: 10,
      baselineAvailable: true,
      compared: 1,
      tooFewRuns: 0,
      changes: [
        {
          subject: 'hook',
          name: hook.name,
          labels: hook.labels,
          metric: 'p95',
          direction: 'regression',
          baseline: 3,
          current: 9,
          change: 2,
          windowExecutions: 10,
          baselineExecutions: 70,
          confidence: 'high',
          evidence: EVIL,
        },
      ],
    },
    work: [
      {
        subject: 'agent',
        title: 'Agents',
        totalSeconds: 60,
        items: [{ ...hook, name: EVIL, share: 1, trend }],
      },
    ],
    caches: [
      {
        cache: EVIL,
        lookups: 10,
        hits: 1,
        misses: 9,
        errors: 0,
        hitRatio: 0.1,
        missSeconds: 9,
        belowTarget: true,
      },
    ],
    testSelection: [],
    conversations: [],
    recommendations: [
      {
        kind: 'bottleneck',
        severity: 'warning',
        subject: hook.name,
        title: EVIL,
        text: EVIL,
        evidence: {},
      },
    ],
    notes: [EVIL],
  };
}

describe('rendering user data', () => {
  it('escapes names in HTML, so a hook name cannot inject markup', () => {
    const html = renderReport(report(), 'html');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script/);
    expect(html.match(/<svg class="chart"/g)!.length).toBeGreaterThanOrEqual(4);
  });

  it('escapes names in Markdown, so they neither break tables nor turn into markup', () => {
    const md = renderReport(report(), 'md');
    expect(md).not.toMatch(/(?<!\\)<img/);
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && l.includes('img'))) {
      const header = md.split('\n')[md.split('\n').indexOf(line) - 1]!;
      // Unescaped pipes only: each row has as many cells as the row above it.
      const cells = (l: string) => l.split(/(?<!\\)\|/).length;
      expect(cells(line), line).toBe(cells(header));
    }
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>\\|\\*x\\*\\_y\\_');
  });

  it('writes JSON that parses back to the same report', () => {
    const r = report();
    expect(JSON.parse(renderReport(r, 'json'))).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('names the coding agent of each hook once hooks carry one', () => {
    const plain = report();
    expect(renderReport(plain, 'md')).not.toContain('| Agent |');
    const r = report();
    r.bottlenecks.hooks[0]!.agents = ['claude-code', 'gemini-cli'];
    const md = renderReport(r, 'md');
    expect(md).toContain('| Hook | Agent | Share of hook time |');
    expect(md).toContain('| claude-code, gemini-cli |');
    expect(renderReport(r, 'html')).toContain('<th>Agent</th>');
  });
});
