import type { Connection, FilterQuery, Model, UpdateQuery } from 'mongoose';
import sift from 'sift';

/**
 * Lookups and guarded updates of one document by its primary key that stay
 * fast on every server we support.
 *
 * FerretDB v1 (the server the tests run on) reads through the primary key
 * only when a filter is exactly `{ _id: value }`; one more key beside it
 * (`tenantId`, a `rev` guard), `$eq`, `$in` or `$and` turns the query into a
 * scan of the whole collection. Measured on 2,000 documents of 8 KB:
 * `{ _id }` 23 ms, `{ _id, tenantId }` 487 ms, an update guarded by `rev`
 * 434 ms against 62 ms; with 1,000 live instances the engine's event path
 * stalled for over 20 s per event. So the document is fetched by `_id` alone
 * and the rest of the filter is checked here (sift, MongoDB's query
 * semantics).
 *
 * A guarded update on FerretDB becomes read, check, write by `_id` — which
 * is what FerretDB v1 does inside a guarded update anyway (it is not atomic
 * there, see SerialLock): callers hold the document's SerialLock. On MongoDB
 * the guard stays in the update's filter, where it is atomic.
 */

/** The document with this `_id` if it also matches `where`; null otherwise. */
export async function findById<T>(model: Model<T>, id: string, where: FilterQuery<T>, select?: Record<string, 0 | 1>): Promise<T | null> {
  const query = model.findOne({ _id: id } as FilterQuery<T>);
  if (select) query.select(withKeys(select, where));
  const doc = (await query.lean()) as T | null;
  return doc && sift(where as object)(doc) ? doc : null;
}

export interface GuardedResult {
  /** an existing document passed the guard and was updated */
  matchedCount: number;
  /** (upsert) the document was missing and has been inserted */
  upsertedCount: number;
}

/**
 * `updateOne({ _id: id, ...where }, update, options)`, with the primary key
 * used on FerretDB too. With `upsert`, a missing document is inserted; an
 * existing one that fails the guard is left alone (both counts 0) where
 * MongoDB would answer a duplicate key — callers treat both alike.
 */
export async function updateById<T>(
  model: Model<T>, id: string, where: FilterQuery<T>, update: UpdateQuery<T>, options: { upsert?: boolean } = {},
): Promise<GuardedResult> {
  if (!(await primaryKeyOnly(model.db))) {
    const written = await model.updateOne({ _id: id, ...where } as FilterQuery<T>, update, options);
    return { matchedCount: written.matchedCount, upsertedCount: written.upsertedCount ?? 0 };
  }
  const doc = await model.findOne({ _id: id } as FilterQuery<T>).select(withKeys({ _id: 1 }, where)).lean();
  if (!doc) {
    if (!options.upsert) return { matchedCount: 0, upsertedCount: 0 };
    const written = await model.updateOne({ _id: id } as FilterQuery<T>, update, { upsert: true });
    return { matchedCount: written.matchedCount, upsertedCount: written.upsertedCount ?? 0 };
  }
  if (!sift(where as object)(doc)) return { matchedCount: 0, upsertedCount: 0 };
  const written = await model.updateOne({ _id: id } as FilterQuery<T>, update);
  return { matchedCount: written.matchedCount, upsertedCount: 0 };
}

/** The projection plus every top-level key the filter checks, so the check sees them. */
function withKeys(select: Record<string, 0 | 1>, where: object): Record<string, 0 | 1> {
  const inclusive = Object.values(select).some((v) => v === 1);
  if (!inclusive) return select;
  const keys = Object.keys(where).filter((k) => !k.startsWith('$')).map((k) => k.split('.')[0]!);
  return { ...select, ...Object.fromEntries(keys.map((k) => [k, 1 as const])) };
}

const dialects = new WeakMap<Connection, Promise<boolean>>();

/** Whether this server uses its primary key only for a bare `{ _id }` filter (FerretDB v1 does). */
export function primaryKeyOnly(connection: Connection): Promise<boolean> {
  let known = dialects.get(connection);
  if (!known) {
    known = connection.asPromise()
      .then((c) => c.db!.admin().command({ buildInfo: 1 }))
      .then((info) => typeof info.ferretdbVersion === 'string');
    // a failed probe is asked again next time instead of being remembered
    known.catch(() => dialects.delete(connection));
    dialects.set(connection, known);
  }
  return known;
}
