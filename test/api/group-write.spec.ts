import { GroupWrite } from '../../apps/engine/src/database/group-write';
import { startEngine, type TestEngine } from '../support/engine';

/**
 * Writes of concurrent callers share one command; each caller learns what
 * became of its own items (written, or refused as a duplicate key).
 */
describe('GroupWrite: one write for the callers of a moment', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.close());

  it('writes the documents of three callers in one command and tells each which of its documents were there already', async () => {
    const collection = engine.db.collection<{ _id: string; n: number }>('group_insert_test');
    await collection.insertOne({ _id: 'seen', n: 0 });
    let commands = 0;
    const group = new GroupWrite<{ _id: string; n: number }>(async (docs) => {
      commands++;
      return collection.insertMany(docs, { ordered: false });
    }, 50);
    const [a, b, c] = await Promise.all([
      group.writeAll([{ _id: 'a1', n: 1 }, { _id: 'a2', n: 2 }]),
      group.writeAll([{ _id: 'seen', n: 3 }, { _id: 'b1', n: 4 }]),
      group.writeOne({ _id: 'a1', n: 5 }),
    ]);
    expect(commands).toBe(1);
    expect(a).toEqual(['written', 'written']);
    expect(b).toEqual(['duplicate', 'written']);
    // the same id twice in one moment: the first caller stored it, the second hears it was there
    expect(c).toBe('duplicate');
    expect((await collection.find().sort({ _id: 1 }).toArray()).map((d) => [d._id, d.n])).toEqual([['a1', 1], ['a2', 2], ['b1', 4], ['seen', 0]]);
  });

  it('fails every caller of the write when the database refuses it as a whole, and the next moment writes again', async () => {
    const collection = engine.db.collection<{ _id: string }>('group_insert_test_2');
    let refuse = true;
    const group = new GroupWrite<{ _id: string }>(async (docs) => {
      if (refuse) throw new Error('the server is gone');
      return collection.insertMany(docs, { ordered: false });
    }, 20);
    const results = await Promise.allSettled([group.writeOne({ _id: 'x' }), group.writeOne({ _id: 'y' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    refuse = false;
    expect(await group.writeAll([{ _id: 'x' }, { _id: 'y' }])).toEqual(['written', 'written']);
  });

  it('with no delay, writes the items handed in during one turn of the event loop together, and those of a later turn in a write of their own', async () => {
    const collection = engine.db.collection<{ _id: string }>('group_write_test_turns');
    const batches: string[][] = [];
    const group = new GroupWrite<{ _id: string }>(async (docs) => {
      batches.push(docs.map((d) => d._id));
      return collection.insertMany(docs, { ordered: false });
    }, 0);
    // a, b and c in one turn; d after that turn's write was sent; e alone later
    const first = [group.writeOne({ _id: 'a' }), group.writeOne({ _id: 'b' }), group.writeAll([{ _id: 'c' }])];
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a', 'b', 'c']]);
    const second = group.writeOne({ _id: 'd' });
    expect(await Promise.all([...first, second])).toEqual(['written', 'written', ['written'], 'written']);
    expect(await group.writeOne({ _id: 'a' })).toBe('duplicate');
    expect(batches).toEqual([['a', 'b', 'c'], ['d'], ['a']]);
  });

  it('groups the guarded upserts of several callers in one bulk write: a newer revision is kept, an older one meets the key and changes nothing', async () => {
    type Row = { _id: string; rev: number; status: string };
    const collection = engine.db.collection<Row>('group_write_test_3');
    await collection.insertOne({ _id: 't1', rev: 5, status: 'approved' });
    let commands = 0;
    const upsert = (_id: string, rev: number, status: string) => ({
      updateOne: { filter: { _id, rev: { $lt: rev } }, update: { $set: { rev, status } }, upsert: true },
    });
    const group = new GroupWrite<ReturnType<typeof upsert>>(async (ops) => {
      commands++;
      return collection.bulkWrite(ops, { ordered: false });
    }, 50);
    const [older, newer, fresh] = await Promise.all([
      group.writeAll([upsert('t1', 4, 'pending')]),
      group.writeAll([upsert('t2', 2, 'approved'), upsert('t2', 1, 'pending')]),
      group.writeOne(upsert('t3', 1, 'pending')),
    ]);
    expect(commands).toBe(1);
    // t1 is at revision 5: the effect of revision 4 is stale
    expect(older).toEqual(['duplicate']);
    // revision 2 came first in the write; revision 1 after it is stale
    expect(newer).toEqual(['written', 'duplicate']);
    expect(fresh).toBe('written');
    expect(await collection.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 't1', rev: 5, status: 'approved' }, { _id: 't2', rev: 2, status: 'approved' }, { _id: 't3', rev: 1, status: 'pending' },
    ]);
  });
});
