import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import IORedis from 'ioredis';
import type { Model } from 'mongoose';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';
import { SerialLock } from '../effects/serial.lock';
import { FACT, type FactRecord } from './fact.schema';
import { PendingTasks } from './pending.tasks';
import type { Scope } from './scope';
import { departmentKeyFor, hashOf, incrementsOf, talliesOf, type Series, type Tally } from './series';

/**
 * Counts a fact once: a marker for the fact id is SET NX first, and only the
 * caller that set it increments. One script, so a crash leaves either
 * nothing or everything, and twenty workers re-publishing one event count
 * it once. The marker outlives job retries (MARKER_TTL_S).
 * KEYS: marker, the tenant's set of days, then one hash per series;
 * ARGV: marker TTL, day, then per hash its field count and field/increment pairs.
 */
const COUNT = `
if not redis.call('set', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('sadd', KEYS[2], ARGV[2])
local a = 3
for k = 3, #KEYS do
  local n = tonumber(ARGV[a])
  a = a + 1
  for j = 1, n do
    redis.call('hincrby', KEYS[k], ARGV[a], ARGV[a + 1])
    a = a + 2
  end
end
return 1`;

const MARKER_TTL_S = 7 * 24 * 3600;
const DAY_MS = 86_400_000;
const REBUILD_BATCH = 500;

/**
 * Dashboard counters in Redis, per tenant, series, UTC day (the days of
 * `periodsOf`) and department key ("*" for all, "i:<dept>", "a:<dept>", see
 * series.ts): hashes `<prefix>:agg:<tenant>:<series>:<YYYY-MM-DD>:<key>` whose
 * fields are the series' dimensions, valued by a count ("n…") and a sum of
 * milliseconds ("s…"). HINCRBY is atomic where
 * FerretDB's $inc is not, and a dashboard reads a few hashes per day instead
 * of scanning every fact (FerretDB v1 filters only `_id` in the database).
 *
 * Redis is derived state: the facts are the record. A tenant's counters are
 * trusted only while its epoch key exists; without it (Redis lost) queries
 * answer from the facts and one process rebuilds the counters in one pass.
 */
@Injectable()
export class FactCounters implements OnApplicationBootstrap {
  private readonly logger = new Logger(FactCounters.name);
  private readonly rebuilding = new Map<string, Promise<boolean>>();
  private closing = false;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: IORedis,
    @InjectModel(FACT) private readonly facts: Model<FactRecord>,
    private readonly lock: SerialLock,
    private readonly pendingTasks: PendingTasks,
  ) {
    // sent once, then called by its SHA (EVALSHA): the script is most of each call's bytes
    if (!('countFact' in redis)) redis.defineCommand('countFact', { lua: COUNT });
  }

  /** At start-up: rebuild the counters of every tenant whose epoch is missing, in the background. */
  onApplicationBootstrap(): void {
    void this.rebuildMissing().catch((error: Error) => this.closing || this.logger.warn(`dashboard counters not rebuilt: ${error.message}`));
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** Adds the facts to the counters, each unless it was counted before; many in one round trip (the rebuild, the bench's seeding). */
  async countAll(facts: FactRecord[]): Promise<void> {
    if (!facts.length) return;
    const pipeline = this.redis.pipeline();
    for (const fact of facts) this.queueCount(pipeline, fact);
    for (const [error] of (await pipeline.exec())!) if (error) throw error;
  }

  private queueCount(pipeline: ReturnType<IORedis['pipeline']>, fact: FactRecord): void {
    const increments = incrementsOf(fact);
    const keys = [this.key(fact.tenantId, `seen:${fact._id}`), this.key(fact.tenantId, 'days'), ...increments.map((i) => this.key(fact.tenantId, i.hash))];
    const args: Array<string | number> = [MARKER_TTL_S, fact.day];
    for (const { fields } of increments) args.push(fields.length, ...fields.flat());
    (pipeline as unknown as CountFact).countFact(keys.length, ...keys, ...args);
  }

  /**
   * The counters of a series in the scope, or undefined when they cannot
   * answer exactly: the tenant's counters are being rebuilt, the period does
   * not start and end on UTC midnights, or several departments are asked for
   * at once (a fact in two of them would count twice). The caller then asks
   * the facts.
   */
  async read(scope: Scope, s: Series): Promise<Tally[] | undefined> {
    const department = departmentKeyFor(s, scope);
    if (department === undefined || !dayAligned(scope.from) || !dayAligned(scope.to)) return undefined;
    if (!(await this.ready(scope.tenantId))) return undefined;
    const from = scope.from?.toISOString().slice(0, 10) ?? '';
    const to = scope.to?.toISOString().slice(0, 10) ?? '9999-12-31';
    const days = (await this.redis.smembers(this.key(scope.tenantId, 'days'))).filter((d) => d >= from && d < to).sort();
    if (!days.length) return [];
    const pipeline = this.redis.pipeline();
    for (const day of days) pipeline.hgetall(this.key(scope.tenantId, hashOf(s, day, department)));
    const hashes = (await pipeline.exec())!;
    return days.flatMap((day, i) => {
      const [error, hash] = hashes[i]!;
      if (error) throw error;
      return talliesOf(s, day, hash as Record<string, string>, scope.definitionId);
    });
  }

  /** Whether the tenant's counters (and pending tasks) may be trusted; when not, their rebuild starts in the background. */
  async ready(tenantId: string): Promise<boolean> {
    if (await this.redis.exists(this.key(tenantId, 'epoch'))) return true;
    void this.rebuild(tenantId).catch((error: Error) => this.logger.warn(`dashboard counters of ${tenantId} not rebuilt: ${error.message}`));
    return false;
  }

  /**
   * Rebuilds a tenant's counters from its facts in one cursor pass, and its
   * pending tasks, in one process (a Redis lock), then sets the epoch. It first clears what is
   * left of them (the epoch alone may have gone). A fact recorded meanwhile
   * is counted by whichever of the two comes first: the marker decides.
   * Resolves true when this call rebuilt, false when another process is.
   */
  rebuild(tenantId: string): Promise<boolean> {
    const running = this.rebuilding.get(tenantId);
    if (running) return running;
    const work = this.lock.runIfFree(`agg-rebuild:${tenantId}`, async () => {
      if (await this.redis.exists(this.key(tenantId, 'epoch'))) return;
      await this.clear(tenantId);
      let batch: FactRecord[] = [];
      for await (const fact of this.facts.find({ tenantId }).lean().cursor({ batchSize: REBUILD_BATCH })) {
        batch.push(fact as FactRecord);
        if (batch.length >= REBUILD_BATCH) {
          await this.countAll(batch);
          batch = [];
        }
      }
      await this.countAll(batch);
      await this.pendingTasks.rebuild(tenantId);
      await this.redis.set(this.key(tenantId, 'epoch'), new Date().toISOString());
      this.logger.log(`dashboard counters of ${tenantId} rebuilt from the facts`);
    }).then((r) => r.ran).finally(() => this.rebuilding.delete(tenantId));
    this.rebuilding.set(tenantId, work);
    return work;
  }

  /** The tenants with facts whose counters are missing (a tenant without facts gets its counters on its first dashboard question). */
  async rebuildMissing(): Promise<void> {
    const tenants: string[] = await this.facts.distinct('tenantId');
    for (const tenantId of tenants) {
      if (this.closing) return;
      if (!(await this.redis.exists(this.key(tenantId, 'epoch')))) await this.rebuild(tenantId);
    }
  }

  private async clear(tenantId: string): Promise<void> {
    const stream = this.redis.scanStream({ match: this.key(tenantId, '*'), count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await this.redis.unlink(...keys);
  }

  private key(tenantId: string, rest: string): string {
    return `${this.config.QUEUE_PREFIX}:agg:${tenantId}:${rest}`;
  }
}

/** The script as a command of the client (defineCommand). */
interface CountFact {
  countFact(numberOfKeys: number, ...keysAndArgs: Array<string | number>): void;
}

const dayAligned = (at?: Date) => !at || at.getTime() % DAY_MS === 0;
