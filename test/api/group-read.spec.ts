import { GroupRead } from '../../apps/engine/src/database/group-read';
import { startEngine, type TestEngine } from '../support/engine';

/**
 * Reads by id asked for in one turn of the event loop share one query per
 * tenant; each caller gets its own record, and nothing is cached.
 */
describe('GroupRead: one query for the reads of a turn', () => {
  let engine: TestEngine;
  type Row = { _id: string; tenantId: string; n: number; nested: { list: number[] } };

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.close());

  function reads(collection: string) {
    const queries: Array<{ tenantId: string; ids: string[] }> = [];
    const rows = engine.db.collection<Row>(collection);
    const byId = new GroupRead<Row>(async (tenantId, ids) => {
      queries.push({ tenantId, ids: [...ids].sort() });
      return rows.find({ tenantId, _id: { $in: ids } }).toArray();
    }, (row) => row._id);
    return { rows, byId, queries };
  }

  it('answers the reads of one turn with one query per tenant, each its own record, null for what the tenant does not have', async () => {
    const { rows, byId, queries } = reads('same_turn_1');
    await rows.insertMany([
      { _id: 'a', tenantId: 'acme', n: 1, nested: { list: [1] } },
      { _id: 'b', tenantId: 'acme', n: 2, nested: { list: [2] } },
      { _id: 'c', tenantId: 'other-co', n: 3, nested: { list: [3] } },
    ]);
    const [a, b, cOfAcme, c, missing, again] = await Promise.all([
      byId.read('acme', 'a'), byId.read('acme', 'b'), byId.read('acme', 'c'), byId.read('other-co', 'c'), byId.read('acme', 'zzz'), byId.read('acme', 'a'),
    ]);
    expect(queries).toEqual([{ tenantId: 'acme', ids: ['a', 'b', 'c', 'zzz'] }, { tenantId: 'other-co', ids: ['c'] }]);
    expect([a?.n, b?.n, c?.n]).toEqual([1, 2, 3]);
    // another tenant's record is not found under this tenant
    expect(cOfAcme).toBeNull();
    expect(missing).toBeNull();
    // the same record twice: equal, but each caller may change its own copy
    expect(again).toEqual(a);
    again!.nested.list.push(99);
    expect(a!.nested.list).toEqual([1]);
  });

  it('reads again every time: a write that finished before a read is seen by it', async () => {
    const { rows, byId, queries } = reads('same_turn_2');
    await rows.insertOne({ _id: 'a', tenantId: 'acme', n: 1, nested: { list: [] } });
    expect((await byId.read('acme', 'a'))?.n).toBe(1);
    await rows.updateOne({ _id: 'a' }, { $set: { n: 2 } });
    expect((await byId.read('acme', 'a'))?.n).toBe(2);
    // one query per turn: two reads in two turns are two queries
    expect(queries).toHaveLength(2);
  });

  it('gathers the reads of a few milliseconds when asked to wait, and leaves out what the tenant does not have', async () => {
    const queries: string[][] = [];
    const rows = engine.db.collection<Row>('same_turn_4');
    await rows.insertMany([{ _id: 'a', tenantId: 'acme', n: 1, nested: { list: [] } }, { _id: 'b', tenantId: 'acme', n: 2, nested: { list: [] } }]);
    const byId = new GroupRead<Row>(async (tenantId, ids) => {
      queries.push([...ids].sort());
      return rows.find({ tenantId, _id: { $in: ids } }).toArray();
    }, (row) => row._id, 20);
    const first = byId.readMany('acme', ['a', 'zzz']);
    // a read asked for a turn later joins the same query
    await new Promise((resolve) => setImmediate(resolve));
    const second = byId.read('acme', 'b');
    expect((await first).map((r) => r._id)).toEqual(['a']);
    expect((await second)?.n).toBe(2);
    expect(queries).toEqual([['a', 'b', 'zzz']]);
  });

  it('fails the reads of a turn whose query failed, and the next turn reads again', async () => {
    let down = true;
    const rows = engine.db.collection<Row>('same_turn_3');
    await rows.insertOne({ _id: 'a', tenantId: 'acme', n: 1, nested: { list: [] } });
    const byId = new GroupRead<Row>(async (tenantId, ids) => {
      if (down) throw new Error('the server is gone');
      return rows.find({ tenantId, _id: { $in: ids } }).toArray();
    }, (row) => row._id);
    const results = await Promise.allSettled([byId.read('acme', 'a'), byId.read('acme', 'b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    down = false;
    expect((await byId.read('acme', 'a'))?.n).toBe(1);
  });
});
