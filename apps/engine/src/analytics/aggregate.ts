import type { FilterQuery, Model } from 'mongoose';
import type { FactRecord } from './fact.schema';
import { summarise, type BucketCount, type DurationSummary } from './histogram';

type Keys = Record<string, string>;

// FerretDB v1.24 computes only the FIRST accumulator of a $group (every other
// one comes back as 0) and has no $min, $max, $avg, $first or $push: each
// figure is its own single-accumulator $group, joined here by the group key.

/** How many facts per combination of the key fields. */
export async function countBy(facts: Model<FactRecord>, match: FilterQuery<FactRecord>, keys: Keys): Promise<Array<{ key: Record<string, string>; n: number }>> {
  const groups = await facts.aggregate<{ _id: Record<string, string>; n: number }>([
    { $match: match },
    { $group: { _id: fieldsOf(keys), n: { $sum: 1 } } },
  ]);
  return groups.map((g) => ({ key: g._id, n: g.n }));
}

/** Count, mean, median and p90 of `ms` per combination of the key fields, from bucket counts. */
export async function durationsBy(facts: Model<FactRecord>, match: FilterQuery<FactRecord>, keys: Keys): Promise<Array<{ key: Record<string, string> } & DurationSummary>> {
  const id = { ...fieldsOf(keys), bucket: '$bucket' };
  const [counts, sums] = await Promise.all([
    facts.aggregate<{ _id: Record<string, string | number>; v: number }>([{ $match: match }, { $group: { _id: id, v: { $sum: 1 } } }]),
    facts.aggregate<{ _id: Record<string, string | number>; v: number }>([{ $match: match }, { $group: { _id: id, v: { $sum: '$ms' } } }]),
  ]);
  const names = Object.keys(keys);
  const keyOf = (id: Record<string, string | number>) => JSON.stringify([...names.map((k) => id[k] ?? null), id.bucket]);
  const sumOf = new Map(sums.map((s) => [keyOf(s._id), s.v]));
  const groups = new Map<string, { key: Record<string, string>; buckets: BucketCount[] }>();
  for (const c of counts) {
    const groupKey = JSON.stringify(names.map((k) => c._id[k] ?? null));
    const group = groups.get(groupKey) ?? { key: Object.fromEntries(names.map((k) => [k, c._id[k] as string])), buckets: [] };
    group.buckets.push({ bucket: Number(c._id.bucket), count: c.v, sumMs: sumOf.get(keyOf(c._id)) ?? 0 });
    groups.set(groupKey, group);
  }
  return [...groups.values()].map((g) => ({ key: g.key, ...summarise(g.buckets) }));
}

/** `{ name: 'field' }` to `{ name: '$field' }`. */
const fieldsOf = (keys: Keys) => Object.fromEntries(Object.entries(keys).map(([name, field]) => [name, `$${field}`]));
