import DataLoader from 'dataloader';

/** The most ids one query asks for. */
const MAX_IDS = 500;

/**
 * Reads of one record by id, gathered per turn of the event loop: the
 * requests Node reads from their sockets in one turn each ask for a record,
 * and one `find({ tenantId, <id>: { $in: [...] } })` per tenant answers them
 * all. Alone, a read waits for nothing: the batch goes at the end of the turn
 * it was asked in (setImmediate). Nothing is cached: every read is sent after
 * it was asked for, so it sees every write that finished before.
 */
export class SameTurnReads<T> {
  private readonly loader: DataLoader<string, T | null>;

  /**
   * `findMany` answers the records of one tenant among `ids` (in any order,
   * the missing ones left out); `idOf` says which id a record has.
   */
  constructor(findMany: (tenantId: string, ids: string[]) => Promise<T[]>, idOf: (record: T) => string) {
    this.loader = new DataLoader<string, T | null>(async (keys) => {
      const wanted = keys.map((k) => JSON.parse(k) as [string, string]);
      const byTenant = new Map<string, Set<string>>();
      for (const [tenantId, id] of wanted) byTenant.set(tenantId, (byTenant.get(tenantId) ?? new Set()).add(id));
      const found = new Map<string, T>();
      await Promise.all([...byTenant].map(async ([tenantId, ids]) => {
        for (const record of await findMany(tenantId, [...ids])) found.set(JSON.stringify([tenantId, idOf(record)]), record);
      }));
      // the same record asked for twice in one turn: each caller gets its own copy to change
      const given = new Set<string>();
      return keys.map((k) => {
        const record = found.get(k) ?? null;
        if (record === null || !given.has(k)) return given.add(k), record;
        return structuredClone(record);
      });
    }, { cache: false, maxBatchSize: MAX_IDS, batchScheduleFn: (run) => setImmediate(run) });
  }

  read(tenantId: string, id: string): Promise<T | null> {
    return this.loader.load(JSON.stringify([tenantId, id]));
  }
}
