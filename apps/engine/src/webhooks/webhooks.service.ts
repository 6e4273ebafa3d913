import { InjectQueue } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EffectHandlers } from '../effects/effect-handlers.service';
import { InjectModel } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { DomainError, NotFound } from '../api/domain-error';
import { AuditService } from '../audit/audit.service';
import type { Identity } from '../auth/identity';
import { CONFIG, type Config } from '../config/config';
import { isDuplicateKey } from '../database/errors';
import { KEEP } from '../effects/queues';
import { parsePolicy, refusalOf } from '../net/outbound';
import { DELIVERY, SUBSCRIPTION, type DeliveryRecord, type SubscriptionRecord } from './webhook.schema';

export const WEBHOOKS_QUEUE = 'webhooks';
export interface DeliveryJob {
  tenantId: string;
  deliveryId: string;
  replay: boolean;
}

export interface SubscriptionInput {
  url: string;
  events: string[];
  description?: string;
  active?: boolean;
}

/** How long another process may miss a subscription change (this one never does). */
const SUBSCRIPTIONS_TTL_MS = 3000;

/** BullMQ job ids may not hold ":". */
const jobIdOf = (deliveryId: string, replay = 0) => `wh.${deliveryId}${replay ? `.r${replay}` : ''}`;

/**
 * Outbound webhooks: subscriptions per tenant, one delivery record per event
 * and subscription, each sent by the webhooks worker with retries and
 * exponential backoff, every attempt logged, any delivery replayable.
 */
@Injectable()
export class WebhooksService implements OnModuleInit {
  private readonly key: Buffer;
  /** active subscriptions per tenant, briefly: most events have no subscriber, and every event asks */
  private readonly active = new Map<string, { until: number; subs: Promise<Array<Pick<SubscriptionRecord, '_id' | 'events'>>> }>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(SUBSCRIPTION) private readonly subscriptions: Model<SubscriptionRecord>,
    @InjectModel(DELIVERY) private readonly deliveries: Model<DeliveryRecord>,
    @InjectQueue(WEBHOOKS_QUEUE) private readonly queue: Queue<DeliveryJob>,
    @Inject(CONFIG) private readonly config: Config,
    private readonly audit: AuditService,
    private readonly handlers: EffectHandlers,
  ) {
    // signing secrets are encrypted at rest with a key derived from the environment's secret
    this.key = createHash('sha256').update(`baton-webhook-secrets:${config.JWT_SECRET}`).digest();
  }

  /** Subscribers hear every published event of an instance (the effect id is the event id they see). */
  onModuleInit(): void {
    this.handlers.on('publish', 'webhooks', async (effects, event) => {
      for (const e of effects) await this.publish(event.tenantId, e.id, e.event, e.data);
    });
  }

  async create(actor: Identity, input: SubscriptionInput) {
    this.checkUrl(input.url);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const now = this.clock.now();
    const record: SubscriptionRecord = {
      _id: randomUUID(), tenantId: actor.tenantId, url: input.url, events: input.events, description: input.description ?? '',
      active: input.active ?? true, secret: this.seal(secret), createdBy: actor.userId, createdAt: now, updatedAt: now,
    };
    await this.subscriptions.create(record);
    this.active.delete(actor.tenantId);
    await this.audit.record(actor, 'webhook.created', { type: 'webhook', id: record._id }, null, { url: record.url, events: record.events });
    // the secret is shown once, here; afterwards only its owner's receiver knows it
    return { ...view(record), secret };
  }

  async list(actor: Identity) {
    const items = await this.subscriptions.find({ tenantId: actor.tenantId }).lean();
    return { items: items.map(view) };
  }

  async get(actor: Identity, id: string) {
    return view(await this.load(actor.tenantId, id));
  }

  async update(actor: Identity, id: string, changes: Partial<SubscriptionInput>) {
    const before = await this.load(actor.tenantId, id);
    if (changes.url !== undefined) this.checkUrl(changes.url);
    await this.subscriptions.updateOne({ _id: id, tenantId: actor.tenantId }, { $set: { ...changes, updatedAt: this.clock.now() } });
    this.active.delete(actor.tenantId);
    await this.audit.record(actor, 'webhook.updated', { type: 'webhook', id }, { url: before.url, events: before.events, active: before.active }, changes);
    return this.get(actor, id);
  }

  async remove(actor: Identity, id: string) {
    const before = await this.load(actor.tenantId, id);
    await this.subscriptions.deleteOne({ _id: id, tenantId: actor.tenantId });
    this.active.delete(actor.tenantId);
    await this.audit.record(actor, 'webhook.deleted', { type: 'webhook', id }, { url: before.url, events: before.events }, null);
  }

  async deliveriesOf(actor: Identity, id: string, filter: { status?: DeliveryRecord['status']; limit: number; offset: number }) {
    await this.load(actor.tenantId, id);
    const query = { tenantId: actor.tenantId, subscriptionId: id, ...(filter.status ? { status: filter.status } : {}) };
    const [items, total] = await Promise.all([
      this.deliveries.find(query).sort({ createdAt: -1 }).skip(filter.offset).limit(filter.limit).lean(),
      this.deliveries.countDocuments(query),
    ]);
    return { items: items.map(deliveryView), total, limit: filter.limit, offset: filter.offset };
  }

  /** Sends a delivery again, with the same event id (receivers deduplicate by it), whatever its status. */
  async replay(actor: Identity, id: string, deliveryId: string) {
    await this.load(actor.tenantId, id);
    const delivery = await this.deliveries.findOneAndUpdate({ _id: deliveryId, tenantId: actor.tenantId, subscriptionId: id },
      { $set: { status: 'pending' }, $inc: { replays: 1 } }, { new: true }).lean();
    if (!delivery) throw new NotFound('delivery', deliveryId);
    // a job id per replay: the atomic $inc numbers them
    await this.queue.add('deliver', { tenantId: actor.tenantId, deliveryId, replay: true }, { jobId: jobIdOf(deliveryId, delivery.replays), ...this.retries(), ...KEEP });
    await this.audit.record(actor, 'webhook.replayed', { type: 'webhook', id }, null, { deliveryId });
    return deliveryView(delivery);
  }

  /**
   * Queues an event for every active subscription that wants it. Idempotent:
   * the delivery id joins subscription and event id, so publishing the same
   * event again (a retried effect) queues nothing new.
   */
  async publish(tenantId: string, eventId: string, event: string, data: Record<string, unknown>, occurredAt = this.clock.now()): Promise<number> {
    const subs = await this.activeSubscriptions(tenantId);
    let queued = 0;
    for (const sub of subs.filter((s) => s.events.includes(event) || s.events.includes('*'))) {
      const deliveryId = `${sub._id}.${eventId}`;
      const payload = { id: eventId, type: event, tenantId, occurredAt: occurredAt.toISOString(), data };
      try {
        await this.deliveries.create({ _id: deliveryId, tenantId, subscriptionId: sub._id, eventId, event, payload, status: 'pending', attempts: [], replays: 0, deliveredAt: null, createdAt: this.clock.now() });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // the job id is the delivery's: adding it again while it exists is a no-op
      await this.queue.add('deliver', { tenantId, deliveryId, replay: false }, { jobId: jobIdOf(deliveryId), ...this.retries(), ...KEEP });
      queued += 1;
    }
    return queued;
  }

  /** The subscription's secret, for signing (the worker only). */
  async signingSecret(tenantId: string, subscriptionId: string): Promise<{ url: string; secret: string; active: boolean } | null> {
    const sub = await this.subscriptions.findOne({ _id: subscriptionId, tenantId }).lean();
    return sub ? { url: sub.url, secret: this.open(sub.secret), active: sub.active } : null;
  }

  /** Cached for SUBSCRIPTIONS_TTL_MS; this process forgets at once when it changes a subscription. */
  private activeSubscriptions(tenantId: string) {
    const cached = this.active.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.subs;
    const subs = this.subscriptions.find({ tenantId, active: true }).select({ _id: 1, events: 1 }).lean().exec();
    this.active.set(tenantId, { until: Date.now() + SUBSCRIPTIONS_TTL_MS, subs });
    subs.catch(() => this.active.delete(tenantId));
    return subs;
  }

  private retries() {
    return { attempts: this.config.WEBHOOK_ATTEMPTS, backoff: { type: 'exponential' as const, delay: this.config.WEBHOOK_BACKOFF_MS } };
  }

  private checkUrl(url: string) {
    const refusal = refusalOf(url, parsePolicy(this.config.OUTBOUND_ALLOWED_HOSTS, this.config.OUTBOUND_ALLOW_PRIVATE));
    if (refusal) throw new DomainError('unprocessable', `the webhook URL is refused: ${refusal}`, [{ pointer: '/body/url', message: refusal }]);
  }

  private async load(tenantId: string, id: string) {
    const sub = await this.subscriptions.findOne({ _id: id, tenantId }).lean();
    if (!sub) throw new NotFound('webhook', id);
    return sub;
  }

  private seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
  }

  private open(sealed: string): string {
    const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
  }
}

function view(s: SubscriptionRecord) {
  return { id: s._id, url: s.url, events: s.events, description: s.description, active: s.active, createdBy: s.createdBy, createdAt: s.createdAt, updatedAt: s.updatedAt };
}

function deliveryView(d: DeliveryRecord) {
  return { id: d._id, eventId: d.eventId, event: d.event, status: d.status, attempts: d.attempts, replays: d.replays, deliveredAt: d.deliveredAt, createdAt: d.createdAt, payload: d.payload };
}
