import DataLoader from 'dataloader';

/** The most ids one query asks for. */
const MAX_IDS = 500;

/**
 * Reads of records by id of many callers in one query per tenant, like
 * GroupWrite for writes: the ids asked for within `waitMs` go in one
 * `find({ tenantId, <id>: { $in: [...] } })`. With `waitMs` 0 the reads of
 * one turn of the event loop are gathered (the requests Node read from their
 * sockets in that turn) and a read alone waits for nothing: the query goes
 * at the end of the turn (setImmediate). Nothing is cached: every read is
 * sent after it was asked for, so it sees every write that finished before.
 */
export class GroupRead<T> {
  private readonly loader: DataLoader<string, T | null>;

  /**
   * `findMany` answers the records of one tenant among `ids` (in any order,
   * the missing ones left out); `idOf` says which id a record has.
   */
  constructor(findMany: (tenantId: string, ids: string[]) => Promise<T[]>, idOf: (record: T) => string, waitMs = 0) {
    this.loader = new DataLoader<string, T | null>(async (keys) => {
      const byTenant = new Map<string, Set<string>>();
      for (const [tenantId, id] of keys.map((k) => JSON.parse(k) as [string, string])) byTenant.set(tenantId, (byTenant.get(tenantId) ?? new Set()).add(id));
      const found = new Map<string, T>();
      await Promise.all([...byTenant].map(async ([tenantId, ids]) => {
        for (const record of await findMany(tenantId, [...ids])) found.set(JSON.stringify([tenantId, idOf(record)]), record);
      }));
      // the same record asked for twice at once: each caller gets its own copy to change
      const given = new Set<string>();
      return keys.map((k) => {
        const record = found.get(k) ?? null;
        if (record === null || !given.has(k)) return given.add(k), record;
        return structuredClone(record);
      });
    }, { cache: false, maxBatchSize: MAX_IDS, batchScheduleFn: (run) => (waitMs > 0 ? setTimeout(run, waitMs) : setImmediate(run)) });
  }

  read(tenantId: string, id: string): Promise<T | null> {
    return this.loader.load(JSON.stringify([tenantId, id]));
  }

  /** The records among `ids` the tenant has (the others left out), read with the other callers'. */
  async readMany(tenantId: string, ids: readonly string[]): Promise<T[]> {
    const found = await this.loader.loadMany(ids.map((id) => JSON.stringify([tenantId, id])));
    const failed = found.find((r): r is Error => r instanceof Error);
    if (failed) throw failed;
    return found.filter((r): r is Awaited<T> => r !== null) as T[];
  }
}
