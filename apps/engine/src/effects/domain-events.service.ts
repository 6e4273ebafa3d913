import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Schema, type Model } from 'mongoose';
import { CLOCK, type Clock } from '../clock/clock';
import { CONFIG, type Config } from '../config/config';
import { onlyDuplicateKeys } from '../database/errors';
import { EFFECT_RETRIES, EFFECTS_QUEUE, KEEP, type EffectJob } from './queues';

/**
 * A domain event outside an instance (a customer added, an inquiry routed):
 * `id` is deterministic, so recording or dispatching it twice is harmless.
 */
export interface DomainEvent {
  id: string;
  type: string;
  /** the record it is about (a customer id, a routing decision id) */
  subject: string;
  data: Record<string, unknown>;
}

interface DomainEventRecord extends DomainEvent {
  _id: string;
  tenantId: string;
  at: Date;
  sentAt: Date | null;
}

const DOMAIN_EVENT = 'DomainEvent';
const DomainEventSchema = new Schema<DomainEventRecord>({
  _id: { type: String, required: true },
  tenantId: { type: String, required: true },
  id: { type: String, required: true },
  type: { type: String, required: true },
  subject: { type: String, required: true },
  data: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, required: true },
  sentAt: { type: Date, default: null },
}, { collection: 'domain_events', versionKey: false, minimize: false });
// the sweep: events recorded but not handed over, oldest first
DomainEventSchema.index({ sentAt: 1, at: 1 });

export const DomainEventsSchemas = MongooseModule.forFeature([{ name: DOMAIN_EVENT, schema: DomainEventSchema }]);

/**
 * Domain events travel like an instance's effects: through the effects
 * queue to the consumers registered with EffectHandlers (as `publish`
 * effects), at least once. A producer records its events before its own
 * write (`intend`) and hands them over after it (`dispatch`); a sweep hands
 * over what a crash left recorded but unsent. Consumers read the subject
 * again, so an event whose write never happened finds nothing to do, and
 * they are idempotent, so an event delivered twice changes nothing.
 */
@Injectable()
export class DomainEvents implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DomainEvents.name);
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    @InjectModel(DOMAIN_EVENT) private readonly events: Model<DomainEventRecord>,
    @InjectQueue(EFFECTS_QUEUE) private readonly queue: Queue<EffectJob>,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.sweep().catch((error) => this.logger.warn(`domain events sweep: ${(error as Error).message}`)), this.config.RELAY_SWEEP_MS);
    this.sweeper.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Before the producer's write: the events are recorded, not yet sent. */
  async intend(tenantId: string, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const at = this.clock.now();
    try {
      await this.events.insertMany(events.map((e) => ({ ...e, _id: e.id, tenantId, at, sentAt: null })), { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  /** After the producer's write: one job per event (the event id is the job id), then marked sent. */
  async dispatch(tenantId: string, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.queue.addBulk(events.map((e) => ({
      name: 'domain-event',
      data: { tenantId, instanceId: e.subject, definitionId: '', effects: [{ type: 'publish' as const, event: e.type, data: e.data, id: e.id, rev: 0 }] },
      opts: { jobId: e.id, ...EFFECT_RETRIES, ...KEEP },
    })));
    await this.events.updateMany({ _id: { $in: events.map((e) => e.id) }, sentAt: null }, { $set: { sentAt: this.clock.now() } });
  }

  /** Hands over events recorded longer than one sweep period ago and never sent (their producer died). */
  async sweep(): Promise<number> {
    const stale = await this.events.find({ sentAt: null, at: { $lte: new Date(this.clock.nowMs() - this.config.RELAY_SWEEP_MS) } }).limit(500).lean();
    const byTenant = new Map<string, DomainEvent[]>();
    for (const e of stale) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), { id: e.id, type: e.type, subject: e.subject, data: e.data }]);
    for (const [tenantId, events] of byTenant) await this.dispatch(tenantId, events);
    return stale.length;
  }
}
