import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { CONFIG, type Config } from '../config/config';
import type IORedis from 'ioredis';
import { REDIS } from '../database/redis.module';
import { SerialLock } from './serial.lock';
import { NodeTypesService } from '../node-types/node-types.service';
import { INSTANCE, type InstanceRecord } from '../instances/instance.schema';
import { EFFECTS_QUEUE, KEEP, TIMERS_QUEUE, timerJobId, type EffectJob, type TimerJob } from './queues';
import { findById, updateById } from '../database/by-id';

/**
 * Hands an instance's outbox to BullMQ, then removes what it handed over.
 * Job ids are the effect ids, so a crash between the two steps re-sends
 * without duplicates. A sweep picks up what a crashed process left behind.
 *
 * Which instances have an outbox waiting is kept in a Redis sorted set,
 * marked before the write that fills it and cleared after the hand-over,
 * so the sweep never scans the instances collection (FerretDB v1 filters
 * every query but `_id` by reading the whole collection). At start-up one
 * scan of the database re-marks what a lost Redis would have forgotten.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private sweeper: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectModel(INSTANCE) private readonly instances: Model<InstanceRecord>,
    @InjectQueue(EFFECTS_QUEUE) private readonly effects: Queue<EffectJob>,
    @InjectQueue(TIMERS_QUEUE) private readonly timers: Queue<TimerJob>,
    @Inject(CONFIG) private readonly config: Config,
    private readonly lock: SerialLock,
    private readonly nodeTypes: NodeTypesService,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  private get pendingKey() {
    return `${this.config.QUEUE_PREFIX}:outbox:pending`;
  }

  onApplicationBootstrap(): void {
    this.track(this.markFromDatabase());
    this.sweeper = setInterval(() => this.track(this.sweep()), this.config.RELAY_SWEEP_MS);
    this.sweeper.unref();
  }

  /** Called by writers under the instance lock, BEFORE the write that fills the outbox (a mark without a write is harmless). */
  async expect(tenantId: string, instanceId: string): Promise<void> {
    await this.redis.zadd(this.pendingKey, 'NX', Date.now(), `${tenantId}/${instanceId}`);
  }

  private async markFromDatabase(): Promise<void> {
    const waiting = await this.instances.find({ outboxAt: { $ne: null } }).select({ tenantId: 1 }).lean();
    for (const doc of waiting) await this.redis.zadd(this.pendingKey, 'NX', 0, `${doc.tenantId}/${doc._id}`);
  }

  /** Before the lock's Redis connection closes: finish what is being handed over. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Dispatches after the caller's write; failures are left for the sweep. */
  dispatchSoon(tenantId: string, instanceId: string): void {
    this.track(this.dispatch(tenantId, instanceId));
  }

  dispatch(tenantId: string, instanceId: string): Promise<number> {
    return this.lock.run(`instance:${instanceId}`, () => this.handOver(tenantId, instanceId));
  }

  /** A node's own run policy for its runs; five quick attempts for everything else. */
  private retries(effect: { type: string; nodeType?: string }) {
    const run = effect.type === 'runNode' ? this.nodeTypes.registry.get(effect.nodeType!)?.run : undefined;
    return run ? { attempts: run.attempts, backoff: { type: 'exponential', delay: run.backoffMs } } : { attempts: 5, backoff: { type: 'exponential', delay: 500 } };
  }

  private async handOver(tenantId: string, instanceId: string): Promise<number> {
    const doc = await findById(this.instances, instanceId, { tenantId }, { outbox: 1, rev: 1, definitionId: 1 });
    const outbox = doc?.outbox ?? [];
    if (!doc || outbox.length === 0) {
      await this.redis.zrem(this.pendingKey, `${tenantId}/${instanceId}`);
      return 0;
    }
    for (const effect of outbox) {
      if (effect.type === 'scheduleTimer') {
        await this.timers.add('timer', { tenantId, instanceId, node: effect.node, token: effect.token, ...(effect.name ? { name: effect.name } : {}) }, {
          jobId: timerJobId(instanceId, effect.node, effect.token, effect.name), delay: effect.delayMs,
          // a firing that meets a busy instance or database tries again; a stale token is refused anyway
          attempts: 8, backoff: { type: 'exponential', delay: 500 }, ...KEEP,
        });
      } else if (effect.type === 'cancelTimer') {
        await this.cancelTimer(timerJobId(instanceId, effect.node, effect.token, effect.name));
      } else {
        await this.effects.add(effect.type, { tenantId, instanceId, definitionId: doc.definitionId, effect }, { jobId: effect.id, ...this.retries(effect), ...KEEP });
      }
    }
    // Under the instance lock no event is written meanwhile; the rev guard
    // says so again on servers whose updates are atomic. (A whole-array $set,
    // because FerretDB v1's $pull matches exact values only.)
    await updateById(this.instances, instanceId, { tenantId, rev: doc.rev }, { $set: { outbox: [], outboxAt: null } });
    await this.redis.zrem(this.pendingKey, `${tenantId}/${instanceId}`);
    return outbox.length;
  }

  /** Re-sends outboxes marked longer than one sweep period ago (their dispatch was lost). */
  async sweep(): Promise<number> {
    const stuck = await this.redis.zrangebyscore(this.pendingKey, '-inf', Date.now() - this.config.RELAY_SWEEP_MS, 'LIMIT', 0, 200);
    let sent = 0;
    for (const member of stuck) {
      const [tenantId, instanceId] = member.split('/') as [string, string];
      sent += await this.dispatch(tenantId, instanceId).catch(() => 0);
    }
    return sent;
  }

  private async cancelTimer(jobId: string): Promise<void> {
    const job = await this.timers.getJob(jobId);
    // an active timer is already firing; the machine ignores its stale token
    if (job && (await job.isDelayed())) await job.remove().catch(() => undefined);
  }

  private track(work: Promise<unknown>): void {
    const guarded = work.catch((error) => this.logger.warn(`relay: ${(error as Error).message}`));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }
}
