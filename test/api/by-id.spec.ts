import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { findById, primaryKeyOnly, updateById } from '../../apps/engine/src/database/by-id';
import { serviceUrls, uniqueName, withDatabase } from '../support/env';

interface Doc {
  _id: string;
  tenantId: string;
  rev: number;
  note?: string;
}

/**
 * Lookups by primary key on the server the tests run on: they must use the
 * `_id` index (FerretDB v1.24 as built by scripts/services.mjs, patched so its
 * lookups match its own index), and the helpers must keep the meaning of the
 * filters they take apart (tenant and revision checked beside the `_id`).
 */
describe('lookups and guarded updates by _id', () => {
  let connection: Connection;
  let docs: Model<Doc>;

  beforeAll(async () => {
    connection = await mongoose.createConnection(withDatabase(serviceUrls().mongo, uniqueName('byid'))).asPromise();
    docs = connection.model<Doc>('Doc', new Schema<Doc>({ _id: String, tenantId: String, rev: Number, note: String }, { versionKey: false }), 'docs');
    await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}`, tenantId: i % 2 ? 'acme' : 'globex', rev: 1 })));
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('the server answers a lookup by _id from its index, not by reading the collection', async () => {
    const plan = JSON.stringify(await connection.db!.collection('docs').find({ _id: 'd7' as never }).explain());
    // FerretDB reports SQLite's plan ("SEARCH ... USING INDEX"); MongoDB an IDHACK / EXPRESS stage
    expect(plan).toMatch(/USING INDEX|IDHACK|EXPRESS_IXSCAN|IXSCAN/);
    expect(plan).not.toMatch(/detail=SCAN /);
  });

  it('knows whether the server needs the filter taken apart', async () => {
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    expect(await primaryKeyOnly(connection)).toBe(typeof info.ferretdbVersion === 'string');
  });

  it('findById answers only for the tenant the filter names, and keeps the projection', async () => {
    expect(await findById(docs, 'd7', { tenantId: 'acme' })).toMatchObject({ _id: 'd7', tenantId: 'acme', rev: 1 });
    expect(await findById(docs, 'd7', { tenantId: 'globex' })).toBeNull();
    expect(await findById(docs, 'missing', { tenantId: 'acme' })).toBeNull();
    const projected = await findById(docs, 'd9', { tenantId: 'acme' }, { rev: 1 });
    expect(projected).toEqual({ _id: 'd9', rev: 1, tenantId: 'acme' });
  });

  it('updateById writes only when the guard holds', async () => {
    expect(await updateById(docs, 'd11', { tenantId: 'acme', rev: 1 }, { $set: { rev: 2, note: 'first' } })).toEqual({ matchedCount: 1, upsertedCount: 0 });
    // the same guard again: the revision moved on, nothing is written
    expect(await updateById(docs, 'd11', { tenantId: 'acme', rev: 1 }, { $set: { rev: 2, note: 'second' } })).toEqual({ matchedCount: 0, upsertedCount: 0 });
    // another tenant's guard does not reach the document
    expect(await updateById(docs, 'd11', { tenantId: 'globex', rev: 2 }, { $set: { note: 'foreign' } })).toEqual({ matchedCount: 0, upsertedCount: 0 });
    expect(await docs.findOne({ _id: 'd11' }).lean()).toMatchObject({ rev: 2, note: 'first' });
  });

  it('an upsert inserts a missing document and leaves one that fails the guard alone', async () => {
    const write = (rev: number, note: string) => updateById(docs, 'new', { rev: { $lt: rev } },
      { $set: { rev, note }, $setOnInsert: { tenantId: 'acme' } }, { upsert: true })
      // MongoDB answers a guard that fails on an existing document with a duplicate key; callers treat it as "nothing to do"
      .catch((error: { code?: number }) => (error.code === 11000 ? { matchedCount: 0, upsertedCount: 0 } : Promise.reject(error)));
    expect(await write(3, 'inserted')).toEqual({ matchedCount: 0, upsertedCount: 1 });
    expect(await write(2, 'older')).toEqual({ matchedCount: 0, upsertedCount: 0 });
    expect(await write(4, 'newer')).toEqual({ matchedCount: 1, upsertedCount: 0 });
    expect(await docs.findOne({ _id: 'new' }).lean()).toEqual({ _id: 'new', tenantId: 'acme', rev: 4, note: 'newer' });
  });
});
