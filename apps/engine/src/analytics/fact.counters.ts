import { Injectable, Logger, type OnApplicationBootstrap, Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Collection, MongoBulkWriteError } from 'mongodb';
import type { Model, PipelineStage } from 'mongoose';
import { isDuplicateKey } from '../database/errors';
import { COUNTER, type CounterRecord } from './counter.schema';
import { FACT, type FactRecord } from './fact.schema';
import type { Scope } from './scope';
import { departmentKeyFor, incrementsOf, seriesMatch, type Increment, type Series } from './series';

/**
 * How long a worker's claim on the facts it counts holds. A claim older than
 * this is taken over by the sweep (its worker died); a worker that claimed a
 * fact and then stalled for longer than this before its own increment landed
 * would count it twice.
 */
export const CLAIM_EXPIRES_MS = 60 * 60_000;
const DAY_MS = 86_400_000;
/**
 * The most facts one round of counting takes (the sweep reads this many at
 * a time too), so that no command grows with a backlog: a claim of 6,800
 * facts named in one `$in` took 12.6 s on the embedded server, whose `$in`
 * matching grows with the list.
 */
const BATCH = 1000;
/** How long a recorded fact waits for others to be counted with (the dashboards lag by this much): a round costs four writes, shared by every fact of the second. */
const COUNT_DELAY_MS = 1000;
/** How often uncounted facts are looked for (a process that died between recording and counting). */
const SWEEP_EVERY_MS = 60_000;

/** Where one series' figures come from in a scope, as a `$match` and what each matched document adds. */
export interface SeriesSource {
  from: 'counters' | 'facts';
  /** the series' `$match` in the scope, then these stages */
  aggregate<T>(stages: PipelineStage[]): Promise<T[]>;
  /** what one matched document adds to a count, and to a sum of durations (aggregation expressions) */
  n: unknown;
  ms: unknown;
}

/** What the facts add to one counter document. */
interface Pending {
  _id: string;
  facts: Array<{ id: string; increment: Increment }>;
}

/**
 * Dashboard counters in MongoDB (`analytics_counters`, see counter.schema.ts),
 * each fact counted exactly once without a transaction:
 *
 * 0. claim: the facts of a batch not counted and not claimed get this
 *    worker's claim (one bulk write; the facts it got are read back only
 *    when it did not get them all), and only those are counted here;
 *    twenty workers re-publishing one event, or a fact queued twice, count
 *    it once; a fact this process has just inserted was born with its
 *    claim (bornClaim()) and needs none;
 * 1. apply: one `$inc` per counter document, guarded by the fact's id not
 *    being in its `pending` list, and adding it there in the same (atomic)
 *    update, so a retry after a crash in the middle adds it once;
 * 2. commit: the fact is marked `counted` and its claim dropped;
 * 3. settle: its id leaves `pending`.
 *
 * A worker whose count failed gives its claims back, so a retry (or the
 * next sweep) counts those facts, adding only where their ids are missing.
 * A worker that died keeps its claims until CLAIM_EXPIRES_MS, then the sweep
 * takes them over. A crash between 2 and 3 leaves the id in `pending` for
 * good (safe: the fact is marked, so nobody adds it again). A counter
 * document holds only the ids in flight: it used to keep every fact counted
 * in the last hour, and at a few hundred facts a second it would have grown
 * past MongoDB's 16 MB document (1,100 ids, 96 KB, after one benchmark).
 */
@Injectable()
export class FactCounters implements OnApplicationBootstrap {
  private readonly logger = new Logger(FactCounters.name);
  private closing = false;
  private readonly queued: FactRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private counting: Promise<void> = Promise.resolve();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(COUNTER) private readonly counters: Model<CounterRecord>,
    @InjectModel(FACT) private readonly facts: Model<FactRecord>,
  ) {}

  /** This process's claims: unique per process, and per batch with the count. */
  private readonly worker = randomUUID();
  private batches = 0;

  /** The facts queued since this process inserted them with bornClaim(): counted here with no claim of their own. */
  private readonly born = new Set<string>();

  /**
   * The claim a fact this process inserts is born with, so that counting
   * it takes no write before the count (a claim is a write of every fact).
   * Pass the fact to countSoon() with `born` once its insert succeeded. A
   * process that dies first leaves it claimed: the sweep counts it once the
   * claim has expired, as it does the facts of a batch a worker died in.
   */
  bornClaim(): { by: string; at: Date } {
    return { by: this.bornBy, at: this.clock.now() };
  }

  private readonly bornBy = `${this.worker}.born`;

  /** The counters' collection itself: its updates are written as the server takes them. */
  private get store(): Collection<StoredCounter> {
    return this.counters.collection as unknown as Collection<StoredCounter>;
  }

  /** At start-up, in the background: count the facts a crashed worker left uncounted (and any recorded before the counters existed). */
  onApplicationBootstrap(): void {
    const sweep = () => void this.sweep().catch((error: Error) => this.closing || this.logger.warn(`uncounted facts not counted: ${error.message}`));
    sweep();
    this.sweeper = setInterval(sweep, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** Counts what is queued before the database connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.settled();
    this.closing = true;
  }

  /**
   * Counts a recorded fact soon, with the others recorded meanwhile: one
   * batch of counter writes for many facts. A process that dies first
   * leaves the fact uncounted, and a sweep counts it.
   */
  countSoon(fact: FactRecord, { born = false } = {}): void {
    if (fact.counted) return;
    if (born) this.born.add(fact._id);
    this.queued.push(fact);
    if (this.queued.length >= BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), COUNT_DELAY_MS);
  }

  /** Counts what is queued now and resolves when every fact queued so far has been counted (or its failure logged). */
  settled(): Promise<void> {
    this.flush();
    return this.counting;
  }

  /** Counts the queued facts after the batch before them. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queued.splice(0);
    if (batch.length === 0) return;
    this.counting = this.counting.then(() => this.countAll(batch))
      .catch((error: Error) => this.logger.warn(`${batch.length} facts not counted yet (the sweep will): ${error.message}`));
  }

  /** Counts every fact not marked counted and not claimed by a live worker; returns how many it looked at. */
  async sweep(): Promise<number> {
    let seen = 0;
    let batch: FactRecord[] = [];
    const unclaimed = { counted: false, $or: [{ claim: null }, { 'claim.at': { $lt: new Date(this.clock.nowMs() - CLAIM_EXPIRES_MS) } }] };
    for await (const fact of this.facts.find(unclaimed).lean().cursor({ batchSize: BATCH })) {
      if (this.closing) break;
      batch.push(fact as FactRecord);
      if (batch.length >= BATCH) {
        await this.countAll(batch);
        seen += batch.length;
        batch = [];
      }
    }
    await this.countAll(batch);
    return seen + batch.length;
  }

  /** Adds the facts (as stored) to the counters unless they were counted before; BATCH at a time, each in a few round trips. */
  async countAll(facts: FactRecord[]): Promise<void> {
    // one fact recorded twice in a batch (a re-published event) counts once
    const uncounted = [...new Map(facts.filter((f) => !f.counted).map((f) => [f._id, f])).values()];
    // inserted here with their claim, each queued once (another insert of it is a duplicate, whose stored copy claims)
    const born = new Set(uncounted.filter((f) => this.born.delete(f._id)).map((f) => f._id));
    for (let i = 0; i < uncounted.length; i += BATCH) await this.countBatch(uncounted.slice(i, i + BATCH), born);
  }

  private async countBatch(uncounted: FactRecord[], born: ReadonlySet<string>): Promise<void> {
    const claim = { by: `${this.worker}.${++this.batches}`, at: this.clock.now() };
    const others = uncounted.filter((f) => !born.has(f._id));
    const mine = [...uncounted.filter((f) => born.has(f._id)), ...(others.length ? await this.claim(others, claim) : [])];
    if (!mine.length) return;
    try {
      // facts that add to no counter (none of the series takes them) are only marked
      const documents = pendingByDocument(mine);
      if (documents.length) await this.apply(documents);
      // one update per fact, each found by its `_id`
      await this.facts.bulkWrite(mine.map((f) => ({ updateOne: { filter: { _id: f._id, counted: { $ne: true } }, update: { $set: { counted: true }, $unset: { claim: 1 } } } })), { ordered: false });
      if (documents.length) await this.settle(documents);
    } catch (error) {
      // what was added stays pending in the counters: whoever counts these facts next adds them only where they are missing
      await this.facts.collection.updateMany({ _id: { $in: mine.map((f) => f._id) } as never, 'claim.by': { $in: [claim.by, this.bornBy] } }, { $unset: { claim: 1 } }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Step 0: claims the facts nobody counts now (or whose claim expired: its
   * worker died); answers those this claim got. A fact another worker
   * claimed or counted meanwhile is left to it.
   */
  private async claim(facts: FactRecord[], claim: { by: string; at: Date }): Promise<FactRecord[]> {
    const expired = new Date(claim.at.getTime() - CLAIM_EXPIRES_MS);
    const ids = facts.map((f) => f._id);
    const store = this.facts.collection;
    // each fact by its `_id` (one bulk write): no list to match each fact against
    const free = { counted: false, $or: [{ claim: null }, { 'claim.at': { $lt: expired } }] };
    const claimed = await store.bulkWrite(ids.map((_id) => ({ updateOne: { filter: { _id, ...free } as never, update: { $set: { claim } } } })), { ordered: false });
    // it got them all (as it does unless another worker counts the same facts): nothing to read
    if (claimed.modifiedCount === facts.length) return facts;
    const got = new Set((await store.find({ _id: { $in: ids } as never, 'claim.by': claim.by }, { projection: { _id: 1 } }).toArray()).map((f) => String(f._id)));
    return facts.filter((f) => got.has(f._id));
  }

  /** Step 1: per document all its facts in one update; where one of them is there already, each fact on its own. */
  private async apply(documents: Pending[]): Promise<void> {
    const refused = await this.bulk(documents.map(({ facts }) => addition(facts, true)));
    const oneByOne = refused.flatMap((i) => documents[i]!.facts.map((f) => addition([f], false)));
    // the document exists now (the upsert met its key): a refusal here means the fact was added before
    if (oneByOne.length) await this.bulk(oneByOne);
  }

  /** Step 3. */
  private async settle(documents: Pending[]): Promise<void> {
    const settling = (_id: string, ids: string[]): AnyBulkWriteOperation<StoredCounter> => ({
      updateOne: { filter: { _id, pending: { $all: ids } }, update: { $pull: { pending: { $in: ids } }, $unset: { settled: 1 } } },
    });
    const all = await this.store.bulkWrite(documents.map(({ _id, facts }) => settling(_id, facts.map((f) => f.id))), { ordered: false });
    // another worker settled some of them: settle the rest one by one
    if (all.matchedCount < documents.length) {
      await this.store.bulkWrite(documents.flatMap(({ _id, facts }) => facts.map((f) => settling(_id, [f.id]))), { ordered: false });
    }
  }

  /** Runs the updates; returns the indexes of those refused with a duplicate key (the guard failed on an existing document). */
  private async bulk(operations: Array<AnyBulkWriteOperation<StoredCounter>>): Promise<number[]> {
    try {
      await this.store.bulkWrite(operations, { ordered: false });
      return [];
    } catch (error) {
      const errors = (error as MongoBulkWriteError).writeErrors;
      const list = errors === undefined ? [] : Array.isArray(errors) ? errors : [errors];
      if (!list.length || !list.every((e) => isDuplicateKey({ code: e.code }))) throw error;
      return list.map((e) => e.index);
    }
  }

  /**
   * Where a series' figures come from in the scope: its counters, unless
   * they cannot answer exactly (the period does not start and end on UTC
   * midnights, or several departments are asked for at once and a fact in
   * two of them would count twice); then its facts.
   */
  sourceOf(scope: Scope, s: Series): SeriesSource {
    const department = departmentKeyFor(s, scope);
    if (department === undefined || !dayAligned(scope.from) || !dayAligned(scope.to)) {
      const match = seriesMatch(s, scope);
      return { from: 'facts', n: 1, ms: '$ms', aggregate: <T>(stages: PipelineStage[]) => this.facts.aggregate<T>([{ $match: match }, ...stages]).exec() };
    }
    const match: Record<string, unknown> = { tenantId: scope.tenantId, series: s.name, [`n.${department}`]: { $exists: true } };
    if (scope.from || scope.to) match.day = { ...(scope.from ? { $gte: dayOf(scope.from) } : {}), ...(scope.to ? { $lt: dayOf(scope.to) } : {}) };
    if (scope.definitionId) match.definitionId = scope.definitionId;
    return { from: 'counters', n: `$n.${department}`, ms: `$ms.${department}`, aggregate: <T>(stages: PipelineStage[]) => this.counters.aggregate<T>([{ $match: match }, ...stages]).exec() };
  }
}

/** A counter document as stored: one written before claims may still have its `settled` list, dropped when it is next settled. */
type StoredCounter = CounterRecord & { settled?: unknown };

/** The facts grouped by the counter document they add to. */
function pendingByDocument(facts: FactRecord[]): Pending[] {
  const documents = new Map<string, Pending>();
  for (const fact of facts) {
    for (const increment of incrementsOf(fact)) {
      const pending = documents.get(increment._id) ?? { _id: increment._id, facts: [] };
      pending.facts.push({ id: fact._id, increment });
      documents.set(increment._id, pending);
    }
  }
  return [...documents.values()];
}

/** The update that adds these facts to their document, unless one of them was added before. */
function addition(facts: Pending['facts'], upsert: boolean): AnyBulkWriteOperation<StoredCounter> {
  const ids = facts.map((f) => f.id);
  const { _id, tenantId, series, day, week, dimensions } = facts[0]!.increment;
  const inc: Record<string, number> = {};
  for (const { increment } of facts) {
    for (const department of increment.departments) {
      inc[`n.${department}`] = (inc[`n.${department}`] ?? 0) + 1;
      if (increment.ms) inc[`ms.${department}`] = (inc[`ms.${department}`] ?? 0) + increment.ms;
    }
  }
  return {
    updateOne: {
      upsert,
      filter: { _id, pending: { $nin: ids } },
      update: { $inc: inc, $push: { pending: { $each: ids } }, $setOnInsert: { tenantId, series, day, week, ...dimensions } as Partial<CounterRecord> },
    },
  };
}

const dayAligned = (at?: Date) => !at || at.getTime() % DAY_MS === 0;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
