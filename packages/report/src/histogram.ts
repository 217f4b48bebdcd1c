/**
 * Quantiles from cumulative histogram buckets, computed the way PromQL's histogram_quantile does
 * (linear interpolation inside the bucket; a rank in the +Inf bucket gives the highest finite
 * bound), so the report's numbers match what a user gets from Prometheus for the same window.
 */

/** One cumulative bucket: observations <= `le`. */
export interface Bucket {
  le: number;
  count: number;
}

/** Buckets sorted by bound, counts made monotonic (increase() can dip on counter resets). */
export function normalizeBuckets(buckets: readonly Bucket[]): Bucket[] {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  let max = 0;
  return sorted.map((b) => {
    max = Math.max(max, b.count);
    return { le: b.le, count: max };
  });
}

/** Observations in the histogram (the +Inf bucket). */
export function totalCount(buckets: readonly Bucket[]): number {
  const inf = buckets.find((b) => b.le === Infinity);
  return inf ? inf.count : 0;
}

/** The value at a rank (0..total) as histogram_quantile interpolates it; undefined when empty. */
export function valueAtRank(sortedBuckets: readonly Bucket[], rank: number): number | undefined {
  const n = sortedBuckets.length;
  if (n < 2 || sortedBuckets[n - 1]!.le !== Infinity) return undefined;
  const total = sortedBuckets[n - 1]!.count;
  if (!(total > 0)) return undefined;
  const r = Math.min(Math.max(rank, 0), total);
  let i = sortedBuckets.findIndex((b) => b.count >= r);
  if (i === n - 1) return sortedBuckets[n - 2]!.le;
  if (i < 0) i = n - 1;
  const b = sortedBuckets[i]!;
  if (i === 0 && b.le <= 0) return b.le;
  const start = i === 0 ? 0 : sortedBuckets[i - 1]!.le;
  const below = i === 0 ? 0 : sortedBuckets[i - 1]!.count;
  const inBucket = b.count - below;
  if (inBucket <= 0) return b.le;
  return start + (b.le - start) * ((r - below) / inBucket);
}

/** histogram_quantile(q, buckets). */
export function quantile(buckets: readonly Bucket[], q: number): number | undefined {
  const sorted = normalizeBuckets(buckets);
  return valueAtRank(sorted, q * totalCount(sorted));
}

/**
 * A distribution-free ~95% interval for the q-quantile: the values at ranks n*q -/+ 1.96 sd of
 * a binomial(n, q). Narrow with many samples, wide with few: how sure a p95 is.
 */
export function quantileInterval(
  buckets: readonly Bucket[],
  q: number,
): { low: number; high: number } | undefined {
  const sorted = normalizeBuckets(buckets);
  const n = totalCount(sorted);
  const half = 1.96 * Math.sqrt(n * q * (1 - q));
  const low = valueAtRank(sorted, n * q - half);
  const high = valueAtRank(sorted, n * q + half);
  return low === undefined || high === undefined ? undefined : { low, high };
}

/** Share of observations above a bucket bound (exact when `bound` is a bucket bound). */
export function shareAbove(buckets: readonly Bucket[], bound: number): number | undefined {
  const sorted = normalizeBuckets(buckets);
  const total = totalCount(sorted);
  if (!(total > 0)) return undefined;
  const at = sorted.filter((b) => b.le <= bound).pop();
  return at ? 1 - at.count / total : 1;
}
