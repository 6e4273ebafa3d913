import { CampaignApprovals } from './campaign-approvals';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { Logger, Inject } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { compileText, pickVariant, type CompiledText } from '@baton/dsl';
import type { Job } from 'bullmq';
import type { Model } from 'mongoose';
import { CustomersRepository, type CustomerRecord } from '../customers/customers.repository';
import { DefinitionsService } from '../definitions/definitions.service';
import { SenderLease } from './sender.lease';
import { isDuplicateKey } from '../database/errors';
import { RESUMABLE_JOB_LOCKS } from '../effects/queues';
import {
  CAMPAIGN, CAMPAIGNS_QUEUE, DELIVERY, RECIPIENT,
  type CampaignJob, type CampaignRecord, type DeliveryRecord, type RecipientRecord,
} from './campaign.schema';
import { campaignParts, renderData } from './campaigns.service';
import { ChannelSenders, type ChannelSender } from './channels';
import { FrequencyCap } from './frequency-cap';
import { CampaignProgress } from './progress';
import { ChannelThrottle } from './throttle';

const PARALLEL = 32;
const PIPELINE = 2;
const ATTEMPTS = 3;
// about one second of sending per batch: progress and pause act at that pace
const batchSize = (ratePerSecond: number) => Math.min(500, Math.max(10, Math.ceil(ratePerSecond)));

interface Claim {
  status: RecipientRecord['status'];
  variant: string;
  key: string;
}

interface Sending {
  tenantId: string;
  campaignId: string;
  meta: { id: string; name: string };
  parts: ReturnType<typeof campaignParts>;
  sender: ChannelSender;
  texts: Map<string, { subject: CompiledText | null; body: CompiledText }>;
  claims: Map<string, Claim>;
  delivered: Set<string>;
}

/**
 * Sends a campaign. Exactly once per recipient, even when the process is
 * killed in the middle:
 * 1. one sender per campaign at a time (SenderLease, renewed while alive);
 * 2. each recipient is claimed with a unique (campaign, customer) record
 *    BEFORE its message goes out, carrying the message's idempotency key;
 * 3. after a crash, the job comes back (BullMQ stalled-job recovery) and a
 *    claimed recipient without a delivery record is sent again with the SAME
 *    key, which the channel passes on (Idempotency-Key header, in-app unique
 *    key, Message-ID), so the receiver keeps one message.
 * The audience is evaluated when sending starts, in one pass over a cursor;
 * claims and deliveries of the campaign are read once at (re)start, never
 * per batch, and forgotten once their batch is done.
 */
@Processor(CAMPAIGNS_QUEUE, { concurrency: 4, ...RESUMABLE_JOB_LOCKS })
export class CampaignWorker extends WorkerHost {
  private readonly logger = new Logger(CampaignWorker.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(CAMPAIGN) private readonly campaigns: Model<CampaignRecord>,
    @InjectModel(RECIPIENT) private readonly recipients: Model<RecipientRecord>,
    @InjectModel(DELIVERY) private readonly deliveries: Model<DeliveryRecord>,
    private readonly customers: CustomersRepository,
    private readonly definitions: DefinitionsService,
    private readonly lease: SenderLease,
    private readonly cap: FrequencyCap,
    private readonly throttle: ChannelThrottle,
    private readonly channels: ChannelSenders,
    private readonly progress: CampaignProgress,
  ) {
    super();
  }

  async process(job: Job<CampaignJob>): Promise<{ status: string }> {
    const { tenantId, campaignId } = job.data;
    return this.lease.hold(tenantId, campaignId, () => this.send(tenantId, campaignId));
  }

  private async send(tenantId: string, campaignId: string): Promise<{ status: string }> {
    const campaign = await this.campaigns.findOne({ tenantId, id: campaignId }).lean();
    if (!campaign || !['scheduled', 'running'].includes(campaign.status)) return { status: campaign?.status ?? 'missing' };
    const { definition } = await this.definitions.machineFor(tenantId, campaign.definitionId, campaign.version);
    // a gated campaign sends only the content that was approved, whatever moved its status
    if (CampaignApprovals.mayNotSend(campaign, definition)) return { status: 'awaitingApproval' };
    const parts = campaignParts(definition);
    const total = await this.customers.countAudience(tenantId, parts.audience);
    await this.campaigns.updateOne({ tenantId, id: campaignId }, {
      $set: { status: 'running', total, ...(campaign.startedAt ? {} : { startedAt: this.clock.now() }) },
    });
    const s: Sending = {
      tenantId, campaignId, parts, meta: { id: campaignId, name: campaign.name }, sender: this.channels.senderFor(parts.channelType),
      texts: new Map(parts.variants.map((v) => [v.name, { subject: v.subject ? compileText(v.subject) : null, body: compileText(v.body) }])),
      claims: new Map(), delivered: new Set(),
    };
    await this.resync(s);

    const size = batchSize(parts.channelConfig.ratePerSecond);
    const cursor = this.customers.audience(tenantId, parts.audience, size);
    let batch: CustomerRecord[] = [];
    // PIPELINE batches at once: one claims and records while another sends (they hold different recipients)
    const inFlight: Array<Promise<boolean>> = [];
    const start = (customers: CustomerRecord[]) => {
      const sending = this.sendBatch(s, customers);
      sending.catch(() => undefined); // awaited below, in order
      inFlight.push(sending);
    };
    try {
      for await (const customer of cursor) {
        batch.push(customer as CustomerRecord);
        if (batch.length < size) continue;
        start(batch);
        batch = [];
        if (inFlight.length >= PIPELINE && !(await inFlight.shift())) return { status: 'stopped' };
      }
      if (batch.length > 0) start(batch);
      while (inFlight.length > 0) if (!(await inFlight.shift())) return { status: 'stopped' };
    } finally {
      await Promise.allSettled(inFlight);
      await cursor.close().catch(() => undefined);
    }
    const final = await this.progress.counts(campaignId, parts.variants.map((v) => v.name));
    await this.campaigns.updateOne({ tenantId, id: campaignId, status: 'running' }, { $set: { status: 'completed', finishedAt: this.clock.now(), final } });
    this.logger.log(`campaign ${campaignId} completed: ${total} in the audience`);
    return { status: 'completed' };
  }

  /** What the database says was claimed and delivered (a crash may have left claims undelivered); the progress sets follow it. */
  private async resync(s: Sending): Promise<void> {
    for (const r of await this.recipients.find({ campaignId: s.campaignId }).select({ customerId: 1, status: 1, variant: 1, key: 1, _id: 0 }).lean()) {
      s.claims.set(r.customerId, { status: r.status, variant: r.variant, key: r.key });
    }
    const delivered = await this.deliveries.find({ campaignId: s.campaignId }).select({ customerId: 1, variant: 1 }).lean();
    for (const d of delivered) s.delivered.add(d.customerId);
    const byStatus = (status: string) => [...s.claims].filter(([, c]) => c.status === status).map(([id]) => id);
    await this.progress.add(s.campaignId, 'claimed', [...byStatus('claimed'), ...byStatus('failed')]);
    await this.progress.add(s.campaignId, 'failed', byStatus('failed'));
    await this.progress.add(s.campaignId, 'capped', byStatus('capped'));
    for (const v of s.parts.variants) await this.progress.add(s.campaignId, `sent:${v.name}`, delivered.filter((d) => d.variant === v.name).map((d) => d.customerId));
  }

  private async stillRunning(tenantId: string, campaignId: string): Promise<boolean> {
    return (await this.campaigns.findOne({ tenantId, id: campaignId }).select({ status: 1 }).lean())?.status === 'running';
  }

  /**
   * Sends one batch once the channel has places for it: false when the
   * campaign stopped running meanwhile (paused, cancelled), before anything
   * of the batch was claimed.
   */
  private async sendBatch(s: Sending, batch: CustomerRecord[]): Promise<boolean> {
    const { tenantId, campaignId, parts } = s;
    const unsent = batch.filter((c) => s.claims.get(c.id)?.status !== 'capped' && s.claims.get(c.id)?.status !== 'failed' && !s.delivered.has(c.id));
    // the batch's places on the channel in one go (a retry takes its own); a pause meanwhile leaves the batch unclaimed
    await this.throttle.takeMany(tenantId, parts.channelType, parts.channelConfig.ratePerSecond, unsent.length);
    if (!(await this.stillRunning(tenantId, campaignId))) return false;
    await this.claim(s, batch.filter((c) => !s.claims.has(c.id)).map((c) => c.id));
    const pending = batch.filter((c) => s.claims.get(c.id)?.status === 'claimed' && !s.delivered.has(c.id));
    const sent: Array<{ customer: CustomerRecord; claim: Claim }> = [];
    const failed: Array<{ id: string; error: string }> = [];
    let next = 0;
    const lane = async () => {
      while (next < pending.length) {
        const customer = pending[next++]!;
        const claim = s.claims.get(customer.id)!;
        const text = s.texts.get(claim.variant)!;
        const data = renderData(customer, s.meta, claim.variant);
        const message = { tenantId, campaignId, customerId: customer.id, email: customer.email, variant: claim.variant, key: claim.key, subject: text.subject ? text.subject(data) : null, body: text.body(data) };
        let error: string | null = null;
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          if (attempt > 1) await this.throttle.take(tenantId, parts.channelType, parts.channelConfig.ratePerSecond);
          try {
            await s.sender.send(message, parts.channelConfig);
            error = null;
            break;
          } catch (e) {
            error = (e as Error).message;
            if ((e as { retryable?: boolean }).retryable === false) break;
            if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          }
        }
        if (error) failed.push({ id: customer.id, error });
        else sent.push({ customer, claim });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, pending.length) }, lane));
    if (sent.length > 0) {
      const now = this.clock.now();
      try {
        await this.deliveries.insertMany(sent.map(({ customer, claim }) => ({
          _id: claim.key, tenantId, campaignId, customerId: customer.id, variant: claim.variant, sentAt: now, repliedAt: null, clickedAt: null,
        })), { ordered: false, lean: true });
      } catch (error) {
        if (!duplicate(error)) throw error;
      }
      for (const { customer } of sent) s.delivered.add(customer.id);
      for (const v of parts.variants) await this.progress.add(campaignId, `sent:${v.name}`, sent.filter((x) => x.claim.variant === v.name).map((x) => x.customer.id));
    }
    for (const f of failed) {
      await this.recipients.updateOne({ campaignId, customerId: f.id }, { $set: { status: 'failed', error: f.error } });
      s.claims.get(f.id)!.status = 'failed';
    }
    await this.progress.add(campaignId, 'failed', failed.map((f) => f.id));
    // the cursor never gives these customers again: what the batch knew of them can go (memory stays that of the batches in flight)
    for (const c of batch) {
      s.claims.delete(c.id);
      s.delivered.delete(c.id);
    }
    return true;
  }

  /** Claims recipients not claimed before: those the frequency cap allows are claimed for sending, the others recorded as capped. */
  private async claim(s: Sending, fresh: string[]): Promise<void> {
    if (fresh.length === 0) return;
    const { tenantId, campaignId, parts } = s;
    const allowed = await this.cap.reserve(tenantId, campaignId, fresh, parts.cap, this.clock.nowMs());
    const now = this.clock.now();
    const docs: RecipientRecord[] = fresh.map((customerId) => ({
      tenantId, campaignId, customerId, variant: pickVariant(parts.variants, campaignId, customerId), key: `${campaignId}.${customerId}`,
      status: allowed.has(customerId) ? 'claimed' : 'capped', error: allowed.has(customerId) ? null : 'frequency cap reached', claimedAt: now,
    }));
    try {
      // built whole here: lean skips casting 500 documents into mongoose documents
      await this.recipients.insertMany(docs, { ordered: false, lean: true });
    } catch (error) {
      if (!duplicate(error)) throw error;
      // claimed before (by a sender whose lease had lapsed, or a customer the cursor gave twice): what is recorded is the truth
      for (const r of await this.recipients.find({ campaignId, customerId: { $in: fresh } }).lean()) {
        const doc = docs.find((d) => d.customerId === r.customerId)!;
        Object.assign(doc, { status: r.status, variant: r.variant, key: r.key });
      }
      for (const d of await this.deliveries.find({ campaignId, customerId: { $in: fresh } }).select({ customerId: 1 }).lean()) s.delivered.add(d.customerId);
    }
    for (const d of docs) s.claims.set(d.customerId, { status: d.status, variant: d.variant, key: d.key });
    await this.progress.add(campaignId, 'claimed', docs.filter((d) => d.status === 'claimed').map((d) => d.customerId));
    await this.progress.add(campaignId, 'capped', docs.filter((d) => d.status === 'capped').map((d) => d.customerId));
  }
}

function duplicate(error: unknown): boolean {
  return isDuplicateKey(error) || /E11000|duplicate key/.test(String((error as Error)?.message));
}
