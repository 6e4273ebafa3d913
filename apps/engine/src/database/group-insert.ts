import type { MongoBulkWriteError } from 'mongodb';
import { isDuplicateKey } from './errors';

/** What became of one document of a group insert: stored now, or there already (a repeat). */
export type Inserted = 'inserted' | 'duplicate';

interface Waiting<T> {
  docs: T[];
  settle: (outcomes: Inserted[]) => void;
  fail: (error: unknown) => void;
}

/**
 * Inserts of many callers in one command, like a group commit: documents
 * handed in within `delayMs` (or until `max` wait) go in one unordered
 * insertMany, and each caller resolves after the write that holds its
 * documents, learning for each whether it was stored or was there already
 * (a duplicate key). Another error fails only the callers whose documents
 * it names; an error that names none fails them all.
 */
export class GroupInsert<T> {
  private waiting: Array<Waiting<T>> = [];
  private count = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly insertMany: (docs: T[]) => Promise<unknown>, private readonly delayMs = 10, private readonly max = 500) {}

  insertAll(docs: T[]): Promise<Inserted[]> {
    if (docs.length === 0) return Promise.resolve([]);
    return new Promise<Inserted[]>((settle, fail) => {
      this.waiting.push({ docs, settle, fail });
      this.count += docs.length;
      if (this.count >= this.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    });
  }

  async insert(doc: T): Promise<Inserted> {
    return (await this.insertAll([doc]))[0]!;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.count = 0;
    void this.write(batch);
  }

  private async write(batch: Array<Waiting<T>>): Promise<void> {
    const outcomes: Array<Inserted | { error: unknown }> = batch.flatMap((w) => w.docs.map((): Inserted => 'inserted'));
    try {
      await this.insertMany(batch.flatMap((w) => w.docs));
    } catch (error) {
      const failures = (error as MongoBulkWriteError).writeErrors;
      const list = failures === undefined ? [] : Array.isArray(failures) ? failures : [failures];
      if (list.length === 0) return batch.forEach((w) => w.fail(error));
      for (const failure of list) outcomes[failure.index] = isDuplicateKey({ code: failure.code }) ? 'duplicate' : { error };
    }
    let at = 0;
    for (const w of batch) {
      const mine = outcomes.slice(at, at + w.docs.length);
      at += w.docs.length;
      const failed = mine.find((o): o is { error: unknown } => typeof o !== 'string');
      if (failed) w.fail(failed.error);
      else w.settle(mine as Inserted[]);
    }
  }
}
