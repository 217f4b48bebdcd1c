import { describe, expect, it } from 'vitest';
import { quantile, quantileInterval, shareAbove } from '../src/histogram.js';

/** 100 observations: 50 <= 0.1 s, 40 in (0.1, 1], 8 in (1, 10], 2 above 10 s. */
const BUCKETS = [
  { le: 0.1, count: 50 },
  { le: 1, count: 90 },
  { le: 10, count: 98 },
  { le: Infinity, count: 100 },
];

describe('quantiles from cumulative buckets, as histogram_quantile computes them', () => {
  it('interpolates linearly inside the bucket holding the rank', () => {
    expect(quantile(BUCKETS, 0.5)).toBeCloseTo(0.1, 12); // rank 50: top of the first bucket
    expect(quantile(BUCKETS, 0.25)).toBeCloseTo(0.05, 12); // from 0 within the first bucket
    expect(quantile(BUCKETS, 0.7)).toBeCloseTo(0.1 + 0.9 * (20 / 40), 12);
    expect(quantile(BUCKETS, 0.95)).toBeCloseTo(1 + 9 * (5 / 8), 12);
  });

  it('gives the highest finite bound for a rank in the +Inf bucket', () => {
    expect(quantile(BUCKETS, 0.99)).toBe(10);
  });

  it('has no value without observations or without a +Inf bucket', () => {
    expect(
      quantile(
        [
          { le: 1, count: 0 },
          { le: Infinity, count: 0 },
        ],
        0.95,
      ),
    ).toBeUndefined();
    expect(
      quantile(
        [
          { le: 1, count: 3 },
          { le: 2, count: 5 },
        ],
        0.95,
      ),
    ).toBeUndefined();
  });

  it('sorts buckets and makes counts monotonic (increase() can dip across resets)', () => {
    const shuffled = [BUCKETS[2]!, { le: 1, count: 99 }, BUCKETS[0]!, BUCKETS[3]!];
    expect(quantile(shuffled, 0.5)).toBeCloseTo(0.1, 12);
  });

  it('narrows the p95 interval as samples grow', () => {
    const scale = (k: number) => BUCKETS.map((b) => ({ le: b.le, count: b.count * k }));
    const few = quantileInterval(scale(1), 0.95)!;
    const many = quantileInterval(scale(100), 0.95)!;
    expect(few.low).toBeLessThan(quantile(BUCKETS, 0.95)!);
    expect(few.high).toBeGreaterThan(quantile(BUCKETS, 0.95)!);
    expect(many.high - many.low).toBeLessThan((few.high - few.low) / 5);
  });

  it('counts the share above a bucket bound exactly', () => {
    expect(shareAbove(BUCKETS, 1)).toBeCloseTo(0.1, 12);
    expect(shareAbove(BUCKETS, 10)).toBeCloseTo(0.02, 12);
  });
});
