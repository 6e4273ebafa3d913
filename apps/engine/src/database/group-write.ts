import type { MongoBulkWriteError } from 'mongodb';
import { isDuplicateKey } from './errors';

/** What became of one item of a group write: written now, or refused as a duplicate key (there already, or a newer write's). */
export type Written = 'written' | 'duplicate';

interface Waiting<T> {
  items: T[];
  settle: (outcomes: Written[]) => void;
  fail: (error: unknown) => void;
}

/**
 * Writes of many callers in one command, like a group commit: the items
 * (documents of an insertMany, or operations of a bulkWrite) handed in
 * within `delayMs` (or until `max` wait) go in one unordered write, and
 * each caller resolves after the write that holds its items, learning for
 * each whether it was written or met a duplicate key. Another error fails
 * only the callers whose items it names; an error that names none fails
 * them all.
 */
export class GroupWrite<T> {
  private waiting: Array<Waiting<T>> = [];
  private count = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  /**
   * `write` must be unordered (`{ ordered: false }`): the callers' items do
   * not depend on each other. With `delayMs` 0 the items of one turn of the
   * event loop are gathered (the requests Node read in that turn) and an item
   * alone waits for nothing: the write goes at the end of the turn.
   */
  constructor(private readonly write: (items: T[]) => Promise<unknown>, private readonly delayMs = 10, private readonly max = 500) {}

  writeAll(items: T[]): Promise<Written[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<Written[]>((settle, fail) => {
      this.waiting.push({ items, settle, fail });
      this.count += items.length;
      if (this.count >= this.max) this.flush();
      else this.timer ??= this.delayMs > 0 ? setTimeout(() => this.flush(), this.delayMs) : setImmediate(() => this.flush());
    });
  }

  async writeOne(item: T): Promise<Written> {
    return (await this.writeAll([item]))[0]!;
  }

  private flush(): void {
    if (this.delayMs > 0) clearTimeout(this.timer as NodeJS.Timeout);
    else clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.count = 0;
    void this.perform(batch);
  }

  private async perform(batch: Array<Waiting<T>>): Promise<void> {
    const outcomes: Array<Written | { error: unknown }> = batch.flatMap((w) => w.items.map((): Written => 'written'));
    try {
      await this.write(batch.flatMap((w) => w.items));
    } catch (error) {
      const failures = (error as MongoBulkWriteError).writeErrors;
      const list = failures === undefined ? [] : Array.isArray(failures) ? failures : [failures];
      if (list.length === 0) return batch.forEach((w) => w.fail(error));
      for (const failure of list) outcomes[failure.index] = isDuplicateKey({ code: failure.code }) ? 'duplicate' : { error };
    }
    let at = 0;
    for (const w of batch) {
      const mine = outcomes.slice(at, at + w.items.length);
      at += w.items.length;
      const failed = mine.find((o): o is { error: unknown } => typeof o !== 'string');
      if (failed) w.fail(failed.error);
      else w.settle(mine as Written[]);
    }
  }
}
