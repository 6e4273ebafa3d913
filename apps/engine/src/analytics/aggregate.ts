import type { Sources } from './metric';
import type { Scope } from './scope';
import { seriesMatch, type Series, type Tally } from './series';
import { summarise, type BucketCount, type DurationSummary } from './histogram';

/** `{ name: field }`: the key of each group, e.g. `{ period: 'week', definitionId: 'definitionId' }`. */
type Keys = Record<string, string>;
type Key = Record<string, string>;

// Each figure comes from the series' counters when they can answer the scope
// (see FactCounters.read), otherwise from the facts in the database.
// FerretDB v1.24 computes only the FIRST accumulator of a $group (every other
// one comes back as 0) and has no $min, $max, $avg, $first or $push: each
// figure over the facts is its own single-accumulator $group, joined here by
// the group key.

/** How many facts of the series per combination of the key fields. */
export async function countBy(sources: Sources, scope: Scope, series: Series, keys: Keys): Promise<Array<{ key: Key; n: number }>> {
  const tallies = await sources.counters.read(scope, series);
  if (tallies) return [...groupTallies(tallies, keys).values()].map(({ key, rows }) => ({ key, n: rows.reduce((n, t) => n + t.n, 0) }));
  const groups = await sources.facts.aggregate<{ _id: Key; n: number }>([
    { $match: seriesMatch(series, scope) },
    { $group: { _id: fieldsOf(keys), n: { $sum: 1 } } },
  ]);
  return groups.map((g) => ({ key: g._id, n: g.n }));
}

/** Count, mean, median and p90 of `ms` per combination of the key fields, from bucket counts. */
export async function durationsBy(sources: Sources, scope: Scope, series: Series, keys: Keys): Promise<Array<{ key: Key } & DurationSummary>> {
  const tallies = await sources.counters.read(scope, series);
  const buckets = tallies ? bucketsOfTallies(tallies, keys) : await bucketsOfFacts(sources, scope, series, keys);
  return buckets.map((g) => ({ key: g.key, ...summarise(g.buckets) }));
}

async function bucketsOfFacts(sources: Sources, scope: Scope, series: Series, keys: Keys): Promise<Array<{ key: Key; buckets: BucketCount[] }>> {
  const match = seriesMatch(series, scope);
  const id = { ...fieldsOf(keys), bucket: '$bucket' };
  const [counts, sums] = await Promise.all([
    sources.facts.aggregate<{ _id: Record<string, string | number>; v: number }>([{ $match: match }, { $group: { _id: id, v: { $sum: 1 } } }]),
    sources.facts.aggregate<{ _id: Record<string, string | number>; v: number }>([{ $match: match }, { $group: { _id: id, v: { $sum: '$ms' } } }]),
  ]);
  const names = Object.keys(keys);
  const keyOf = (id: Record<string, string | number>) => JSON.stringify([...names.map((k) => id[k] ?? null), id.bucket]);
  const sumOf = new Map(sums.map((s) => [keyOf(s._id), s.v]));
  const groups = new Map<string, { key: Key; buckets: BucketCount[] }>();
  for (const c of counts) {
    const groupKey = JSON.stringify(names.map((k) => c._id[k] ?? null));
    const group = groups.get(groupKey) ?? { key: Object.fromEntries(names.map((k) => [k, c._id[k] as string])), buckets: [] };
    group.buckets.push({ bucket: Number(c._id.bucket), count: c.v, sumMs: sumOf.get(keyOf(c._id)) ?? 0 });
    groups.set(groupKey, group);
  }
  return [...groups.values()];
}

function bucketsOfTallies(tallies: Tally[], keys: Keys): Array<{ key: Key; buckets: BucketCount[] }> {
  return [...groupTallies(tallies, keys).values()].map(({ key, rows }) => {
    const buckets = new Map<number, BucketCount>();
    for (const t of rows) {
      const bucket = Number(t.bucket);
      const b = buckets.get(bucket) ?? { bucket, count: 0, sumMs: 0 };
      b.count += t.n;
      b.sumMs += t.ms;
      buckets.set(bucket, b);
    }
    return { key, buckets: [...buckets.values()] };
  });
}

function groupTallies(tallies: Tally[], keys: Keys): Map<string, { key: Key; rows: Tally[] }> {
  const entries = Object.entries(keys);
  const groups = new Map<string, { key: Key; rows: Tally[] }>();
  for (const t of tallies) {
    const key = Object.fromEntries(entries.map(([name, field]) => [name, t[field] as string]));
    const id = JSON.stringify(entries.map(([name]) => key[name] ?? null));
    const group = groups.get(id) ?? { key, rows: [] };
    group.rows.push(t);
    groups.set(id, group);
  }
  return groups;
}

/** `{ name: 'field' }` to `{ name: '$field' }`. */
const fieldsOf = (keys: Keys) => Object.fromEntries(Object.entries(keys).map(([name, field]) => [name, `$${field}`]));
