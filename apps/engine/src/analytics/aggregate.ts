import type { Sources } from './metric';
import type { Scope } from './scope';
import type { Series } from './series';
import { summarise, type BucketCount, type DurationSummary } from './histogram';

/** `{ name: field }`: the key of each group, e.g. `{ period: 'week', definitionId: 'definitionId' }`. */
type Keys = Record<string, string>;
type Key = Record<string, string>;
/** `{ column: condition }`: besides the total, how many facts of each group meet each condition (an aggregation expression over the fields). */
type Counts = Record<string, Record<string, unknown>>;

export interface Group {
  key: Key;
  /** how many facts */
  n: number;
  /** of those, how many meet each condition */
  counts: Record<string, number>;
}

/**
 * Per combination of the key fields, ordered by them: how many facts of the
 * series, and how many meet each condition. One `$group`, over the series'
 * counters or its facts (see FactCounters.sourceOf).
 */
export async function countBy(sources: Sources, scope: Scope, series: Series, keys: Keys, counts: Counts = {}): Promise<Group[]> {
  const source = sources.series(scope, series);
  const groups = await source.aggregate<Record<string, number> & { _id: Key }>([
    { $group: { _id: fieldsOf(keys), n: { $sum: source.n }, ...conditional(counts, source.n) } },
    { $sort: sortOf(keys) },
  ]);
  return groups.map((g) => ({ key: g._id, n: g.n, counts: pick(g, counts) }));
}

/**
 * The same, with the durations' count, mean, median and p90: counts and sums
 * per duration bucket, then one row per group holding its buckets.
 */
export async function durationsBy(sources: Sources, scope: Scope, series: Series, keys: Keys, counts: Counts = {}): Promise<Array<Group & DurationSummary>> {
  const source = sources.series(scope, series);
  const groups = await source.aggregate<Record<string, number> & { _id: Key; buckets: BucketCount[] }>([
    { $group: { _id: { ...fieldsOf(keys), bucket: '$bucket' }, n: { $sum: source.n }, ms: { $sum: source.ms }, ...conditional(counts, source.n) } },
    {
      $group: {
        _id: Object.fromEntries(Object.keys(keys).map((name) => [name, `$_id.${name}`])),
        n: { $sum: '$n' },
        buckets: { $push: { bucket: '$_id.bucket', count: '$n', sumMs: '$ms' } },
        ...Object.fromEntries(Object.keys(counts).map((name) => [name, { $sum: `$${name}` }])),
      },
    },
    { $sort: sortOf(keys) },
  ]);
  return groups.map((g) => ({ key: g._id, n: g.n, counts: pick(g, counts), ...summarise(g.buckets.map((b) => ({ ...b, bucket: Number(b.bucket ?? 0) }))) }));
}

/** `{ name: 'field' }` to `{ name: '$field' }`. */
const fieldsOf = (keys: Keys) => Object.fromEntries(Object.entries(keys).map(([name, field]) => [name, `$${field}`]));
const sortOf = (keys: Keys) => Object.fromEntries(Object.keys(keys).map((name) => [`_id.${name}`, 1 as const]));
const conditional = (counts: Counts, n: unknown) => Object.fromEntries(Object.entries(counts).map(([name, condition]) => [name, { $sum: { $cond: [condition, n, 0] } }]));
const pick = (group: Record<string, unknown>, counts: Counts) => Object.fromEntries(Object.keys(counts).map((name) => [name, Number(group[name] ?? 0)]));
