import { bucketOf, percentile, periodsOf, summarise, type BucketCount } from './histogram';

/** Buckets built the way the dashboards build them: count and sum per bucket. */
function histogram(values: number[]): BucketCount[] {
  const byBucket = new Map<number, BucketCount>();
  for (const ms of values) {
    const b = byBucket.get(bucketOf(ms)) ?? { bucket: bucketOf(ms), count: 0, sumMs: 0 };
    b.count += 1;
    b.sumMs += ms;
    byBucket.set(b.bucket, b);
  }
  return [...byBucket.values()];
}

const nearestRank = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length)) - 1]!;

describe('duration histogram', () => {
  it('puts values under a second in bucket 0 and 16 buckets in each doubling above', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(999)).toBe(0);
    expect(bucketOf(1000)).toBe(1);
    expect(bucketOf(2000)).toBe(17);
    expect(bucketOf(4000)).toBe(33);
  });

  it('gives the nearest-rank percentile exactly when values are in buckets of their own', () => {
    const values = [60_000, 120_000, 300_000, 3_600_000, 7_200_000, 86_400_000, 90_000, 45_000, 600_000, 1_800_000, 10_000];
    const h = histogram(values);
    for (const p of [0.1, 0.5, 0.9, 1]) expect(percentile(h, p)).toBe(nearestRank(values, p));
    expect(summarise(h)).toEqual({
      count: values.length, meanMs: Math.round(values.reduce((a, b) => a + b) / values.length),
      medianMs: nearestRank(values, 0.5), p90Ms: nearestRank(values, 0.9),
    });
  });

  it('stays within 4.4 % of the true percentile when values share buckets', () => {
    const values = Array.from({ length: 2000 }, (_, i) => Math.round(1000 * Math.exp((i * 7919 % 2000) / 150)));
    const h = histogram(values);
    for (const p of [0.5, 0.9, 0.99]) {
      const truth = nearestRank(values, p);
      expect(Math.abs(percentile(h, p) - truth) / truth).toBeLessThan(Math.pow(2, 1 / 16) - 1);
    }
  });

  it('names the UTC day and the Monday of its week', () => {
    expect(periodsOf(new Date('2026-11-24T23:59:59Z'))).toEqual({ day: '2026-11-24', week: '2026-11-23' });
    expect(periodsOf(new Date('2026-11-23T00:00:00Z'))).toEqual({ day: '2026-11-23', week: '2026-11-23' });
    expect(periodsOf(new Date('2026-11-22T12:00:00Z'))).toEqual({ day: '2026-11-22', week: '2026-11-16' });
  });
});
