import { GroupInsert } from '../../apps/engine/src/database/group-insert';
import { startEngine, type TestEngine } from '../support/engine';

/**
 * Inserts of concurrent callers share one command; each caller learns what
 * became of its own documents (stored, or there already).
 */
describe('GroupInsert: one insert for the callers of a moment', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.close());

  it('writes the documents of three callers in one command and tells each which of its documents were there already', async () => {
    const collection = engine.db.collection<{ _id: string; n: number }>('group_insert_test');
    await collection.insertOne({ _id: 'seen', n: 0 });
    let commands = 0;
    const group = new GroupInsert<{ _id: string; n: number }>(async (docs) => {
      commands++;
      return collection.insertMany(docs, { ordered: false });
    }, 50);
    const [a, b, c] = await Promise.all([
      group.insertAll([{ _id: 'a1', n: 1 }, { _id: 'a2', n: 2 }]),
      group.insertAll([{ _id: 'seen', n: 3 }, { _id: 'b1', n: 4 }]),
      group.insert({ _id: 'a1', n: 5 }),
    ]);
    expect(commands).toBe(1);
    expect(a).toEqual(['inserted', 'inserted']);
    expect(b).toEqual(['duplicate', 'inserted']);
    // the same id twice in one moment: the first caller stored it, the second hears it was there
    expect(c).toBe('duplicate');
    expect((await collection.find().sort({ _id: 1 }).toArray()).map((d) => [d._id, d.n])).toEqual([['a1', 1], ['a2', 2], ['b1', 4], ['seen', 0]]);
  });

  it('fails every caller of the write when the database refuses it as a whole, and the next moment writes again', async () => {
    const collection = engine.db.collection<{ _id: string }>('group_insert_test_2');
    let refuse = true;
    const group = new GroupInsert<{ _id: string }>(async (docs) => {
      if (refuse) throw new Error('the server is gone');
      return collection.insertMany(docs, { ordered: false });
    }, 20);
    const results = await Promise.allSettled([group.insert({ _id: 'x' }), group.insert({ _id: 'y' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    refuse = false;
    expect(await group.insertAll([{ _id: 'x' }, { _id: 'y' }])).toEqual(['inserted', 'inserted']);
  });
});
