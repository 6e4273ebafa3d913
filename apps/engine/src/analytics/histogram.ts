/**
 * Durations are counted in log-scale buckets, so percentiles come from
 * counts per bucket (which the counters can keep, where they cannot keep
 * every duration) instead of from every record. Bucket 0 holds everything under a second;
 * above that there are 16 buckets per doubling, so two values of one bucket
 * differ by less than 2^(1/16) - 1 = 4.4 %.
 */
export const BUCKETS_PER_DOUBLING = 16;

export function bucketOf(ms: number): number {
  return ms < 1000 ? 0 : 1 + Math.floor(BUCKETS_PER_DOUBLING * Math.log2(ms / 1000));
}

/** The counts and the sum of durations of one bucket. */
export interface BucketCount {
  bucket: number;
  count: number;
  sumMs: number;
}

export interface DurationSummary {
  count: number;
  meanMs: number;
  medianMs: number;
  p90Ms: number;
}

/**
 * The p-th percentile by nearest rank (the value at rank ceil(p * n) of the
 * sorted durations; the median of an even count is the lower middle one),
 * estimated by the mean of the bucket that holds that rank. Exact when the
 * bucket holds one value (or equal values); otherwise off by less than 4.4 %
 * (less than a second in bucket 0), since the value and the mean lie in the same bucket.
 */
export function percentile(buckets: BucketCount[], p: number): number {
  const sorted = [...buckets].sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((n, b) => n + b.count, 0);
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen >= rank) return Math.round(b.sumMs / b.count);
  }
  return Math.round(sorted[sorted.length - 1]!.sumMs / sorted[sorted.length - 1]!.count);
}

export function summarise(buckets: BucketCount[]): DurationSummary {
  const count = buckets.reduce((n, b) => n + b.count, 0);
  const sum = buckets.reduce((n, b) => n + b.sumMs, 0);
  return { count, meanMs: count ? Math.round(sum / count) : 0, medianMs: percentile(buckets, 0.5), p90Ms: percentile(buckets, 0.9) };
}

/** UTC day and the Monday of its ISO week, both as YYYY-MM-DD. */
export function periodsOf(at: Date): { day: string; week: string } {
  const day = at.toISOString().slice(0, 10);
  const monday = new Date(`${day}T00:00:00.000Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return { day, week: monday.toISOString().slice(0, 10) };
}
