import { describe, expect, it } from 'vitest';
import {
  HOOK_DURATION_SECONDS,
  HOST_METRICS,
  METRICS,
  metricByName,
  prometheusSeriesNames,
} from '../src/index.js';

const ALL = [...METRICS, ...HOST_METRICS];
/** Labels that would make a series per session, call or file (they belong on spans only). */
const HIGH_CARDINALITY =
  /(^|_)(id|ids|uuid|session|trace|span|path|file|prompt|command|cwd|user|email)($|_)/;

describe('metric catalog', () => {
  it('has unique names that follow Prometheus conventions', () => {
    expect(new Set(ALL.map((m) => m.name)).size).toBe(ALL.length);
    for (const m of ALL) {
      expect(m.name, m.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(m.name.endsWith('_total'), `${m.name}: only counters end in _total`).toBe(
        m.type === 'counter',
      );
      if (m.unit === 's') expect(m.name, `${m.name} is in seconds`).toMatch(/_seconds(_total)?$/);
      if (m.unit === 'By') expect(m.name, `${m.name} is in bytes`).toMatch(/_bytes(_total)?$/);
      expect(m.help.length, `${m.name} needs help text`).toBeGreaterThan(10);
    }
  });

  it('uses only low-cardinality label names', () => {
    for (const m of ALL) {
      for (const l of m.labels) {
        expect(l, m.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(l, `${m.name} label ${l}`).not.toMatch(HIGH_CARDINALITY);
      }
    }
  });

  it('gives histograms strictly increasing buckets', () => {
    for (const m of ALL.filter((m) => m.type === 'histogram')) {
      expect(m.buckets?.length, m.name).toBeGreaterThan(3);
      for (let i = 1; i < m.buckets!.length; i++)
        expect(m.buckets![i]!, m.name).toBeGreaterThan(m.buckets![i - 1]!);
    }
  });

  it('puts every hook-time alert threshold on a bucket boundary', () => {
    for (const t of [1, 5, 10, 20, 30, 40, 60]) expect(HOOK_DURATION_SECONDS.buckets).toContain(t);
  });

  it('maps histogram series names back to their entry', () => {
    const names = prometheusSeriesNames();
    expect(names.get('hookscope_hook_duration_seconds_bucket')).toBe(HOOK_DURATION_SECONDS);
    expect(names.has('hookscope_hook_duration_seconds')).toBe(false);
    expect(metricByName('system_cpu_time_seconds_total')?.instrument).toBe('system.cpu.time');
  });
});
