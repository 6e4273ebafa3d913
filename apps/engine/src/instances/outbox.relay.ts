import { InjectQueue } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { JobsOptions, Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { CONFIG, type Config } from '../config/config';
import { NodeTypesService } from '../node-types/node-types.service';
import { EngineMetrics } from '../operations/engine-metrics.service';
import { INSTANCE, type InstanceRecord, type OutboxEntry } from './instance.schema';
import { SUMMARY_KEY, type InstanceSummary } from './instances.repository';
import { EFFECT_RETRIES, EFFECTS_QUEUE, eventJobId, KEEP, TIMERS_QUEUE, timerJobId, type EffectJob, type TimerJob } from '../effects/queues';

/**
 * What the relay needs of an instance: its outbox as of `rev`; a writer
 * also hands the summary after its write (with the event's history lines),
 * which travels with the event's job so its consumers need not read it.
 */
export type Written = Pick<InstanceRecord, 'rev' | 'outbox' | 'definitionId' | 'outboxAt'> & { summary?: InstanceSummary };

/** A hand-over waiting for its outbox to be cleared; settles once the write is done (whether its guard held or not). */
interface Clear {
  tenantId: string;
  instanceId: string;
  rev: number;
  settle: () => void;
}

/**
 * Clears wait this long for others to go in the same write, or until this
 * many wait. Nothing waits on a clear but the sweep's view of what is left,
 * and a clear that misses costs nothing (see dispatch()), so the window is
 * long enough to share a write at a few approvals a second: 20 ms shared
 * nothing below about 50 a second.
 */
const CLEAR_DELAY_MS = 100;
const CLEAR_BATCH = 200;

/**
 * Hands an instance's outbox to BullMQ, then removes what it handed over.
 * Job ids are the effect ids, so a crash between the two steps re-sends
 * without duplicates. A sweep picks up what a crashed process left behind:
 * instances whose `outboxAt` (set by the write that filled the outbox,
 * cleared with it, indexed) is older than one sweep period. Clears are
 * written in batches (see clear()).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private sweeper: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly clears: Clear[] = [];
  private clearTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(INSTANCE) private readonly instances: Model<InstanceRecord>,
    @InjectQueue(EFFECTS_QUEUE) private readonly effects: Queue<EffectJob>,
    @InjectQueue(TIMERS_QUEUE) private readonly timers: Queue<TimerJob>,
    @Inject(CONFIG) private readonly config: Config,
    private readonly nodeTypes: NodeTypesService,
    private readonly metrics: EngineMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => this.track(this.sweep()), this.config.RELAY_SWEEP_MS);
    this.sweeper.unref();
  }

  /** Before the queues' Redis connection closes: finish what is being handed over. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Dispatches after the caller's write; failures are left for the sweep. A
   * writer passes what it wrote, so the hand-over need not read it back.
   */
  dispatchSoon(tenantId: string, instanceId: string, written?: Written): void {
    // called inside applyEvent: the hand-over's commands are its own, not the event's
    this.track(this.metrics.detached(() => this.dispatch(tenantId, instanceId, written)));
  }

  /**
   * Hands the outbox over and clears it with an update guarded by `rev`;
   * answers how many effects it handed over. An event written meanwhile
   * makes the guard miss, and that is all: every writer of an instance
   * writes the outbox it loaded plus its own effects and dispatches the
   * whole (what this one sent goes again under the same job ids, which
   * BullMQ keeps once), and a writer that died before it dispatched leaves
   * the outbox to the sweep.
   */
  async dispatch(tenantId: string, instanceId: string, written?: Written): Promise<number> {
    const doc = written ?? await this.instances.findOne({ _id: instanceId, tenantId }).select({ outbox: 1, rev: 1, definitionId: 1, outboxAt: 1 }).lean();
    return doc ? this.handOver(tenantId, instanceId, doc) : 0;
  }

  /** A node's own run policy for its runs; five quick attempts for everything else. */
  private retries(effect: { type: string; nodeType?: string }) {
    const run = effect.type === 'runNode' ? this.nodeTypes.registry.get(effect.nodeType!)?.run : undefined;
    return run ? { attempts: run.attempts, backoff: { type: 'exponential', delay: run.backoffMs } } : EFFECT_RETRIES;
  }

  /** How many effects went out. */
  private async handOver(tenantId: string, instanceId: string, doc: Written): Promise<number> {
    const outbox = doc.outbox ?? [];
    if (outbox.length === 0 && doc.outboxAt === null) return 0;
    const jobs: Array<{ name: string; data: EffectJob; opts: JobsOptions }> = [];
    // one job per event (revision) for everything but timers and node runs, which keep their own policies
    const byEvent = new Map<number, OutboxEntry[]>();
    for (const effect of outbox) {
      if (effect.type === 'scheduleTimer') {
        // due when the event that scheduled it says; a late hand-over (a crash, a busy relay) waits only what is left
        const dueAt = effect.dueAt ?? this.clock.nowMs() + effect.delayMs;
        await this.timers.add('timer', { tenantId, instanceId, node: effect.node, token: effect.token, ...(effect.name ? { name: effect.name } : {}), dueAt }, {
          jobId: timerJobId(instanceId, effect.node, effect.token, effect.name), delay: Math.max(0, dueAt - this.clock.nowMs()),
          // a firing that meets a busy instance or database tries again; a stale token is refused anyway
          attempts: 8, backoff: { type: 'exponential', delay: 500 }, ...KEEP,
        });
      } else if (effect.type === 'cancelTimer') {
        await this.cancelTimer(timerJobId(instanceId, effect.node, effect.token, effect.name));
      } else if (effect.type === 'runNode') {
        jobs.push({ name: effect.type, data: { tenantId, instanceId, definitionId: doc.definitionId, effect }, opts: { jobId: effect.id, ...this.retries(effect), ...KEEP } });
      } else {
        byEvent.set(effect.rev, [...(byEvent.get(effect.rev) ?? []), effect]);
      }
    }
    for (const [rev, effects] of byEvent) {
      const preloaded = rev === doc.rev && doc.summary ? { preloaded: { [SUMMARY_KEY]: doc.summary } } : {};
      jobs.push({ name: 'event', data: { tenantId, instanceId, definitionId: doc.definitionId, effects, ...preloaded }, opts: { jobId: eventJobId(instanceId, rev), ...EFFECT_RETRIES, ...KEEP } });
    }
    // one round trip for all of an event's effects
    if (jobs.length > 0) await this.effects.addBulk(jobs);
    if (doc.outboxAt) this.metrics.outboxHandedOver(doc.outboxAt, this.clock.nowMs());
    await this.clear(tenantId, instanceId, doc.rev);
    return outbox.length;
  }

  /**
   * Clears a handed-over outbox if the instance is still at `rev`. The
   * clears of CLEAR_DELAY_MS go in one bulk write (the hand-over itself is
   * not delayed). A failed write clears nothing, which the sweep finds.
   */
  private clear(tenantId: string, instanceId: string, rev: number): Promise<void> {
    return new Promise<void>((settle) => {
      this.clears.push({ tenantId, instanceId, rev, settle });
      if (this.clears.length >= CLEAR_BATCH) this.flushClears();
      else this.clearTimer ??= setTimeout(() => this.flushClears(), CLEAR_DELAY_MS);
    });
  }

  private flushClears(): void {
    clearTimeout(this.clearTimer);
    this.clearTimer = undefined;
    const batch = this.clears.splice(0);
    if (batch.length === 0) return;
    void this.instances.bulkWrite(batch.map(({ tenantId, instanceId, rev }) => ({
      updateOne: { filter: { _id: instanceId, tenantId, rev }, update: { $set: { outbox: [], outboxAt: null } } },
    })), { ordered: false })
      .catch((error: Error) => this.logger.warn(`relay: ${batch.length} outboxes not cleared yet (the sweep will): ${error.message}`))
      .finally(() => batch.forEach((c) => c.settle()));
  }

  /** Re-sends outboxes left longer than one sweep period (their dispatch was lost). */
  async sweep(): Promise<number> {
    const stuck = await this.instances.find({ outboxAt: { $lte: new Date(this.clock.nowMs() - this.config.RELAY_SWEEP_MS) } })
      .select({ tenantId: 1 }).limit(200).lean();
    // all at once, so that their clears go in one write
    const sent = await Promise.all(stuck.map((doc) => this.dispatch(doc.tenantId, doc._id).catch(() => 0)));
    return sent.reduce((a, b) => a + b, 0);
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
