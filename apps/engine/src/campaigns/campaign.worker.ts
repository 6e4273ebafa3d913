import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { compileText, pickVariant } from '@baton/dsl';
import type { Job } from 'bullmq';
import type { Model } from 'mongoose';
import { CUSTOMER, type CustomerRecord } from '../customers/customer.schema';
import { audienceQuery } from '../customers/customers.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { SerialLock } from '../effects/serial.lock';
import { isDuplicateKey } from '../database/errors';
import { CAMPAIGN, CAMPAIGNS_QUEUE, RECIPIENT, type CampaignJob, type CampaignRecord, type RecipientRecord } from './campaign.schema';
import { campaignParts, renderData } from './campaigns.service';
import { ChannelSenders } from './channels';
import { FrequencyCap } from './frequency-cap';
import { ChannelThrottle } from './throttle';

// about one second of sending per batch: progress and pause act at that pace
const batchSize = (ratePerSecond: number) => Math.min(500, Math.max(10, Math.ceil(ratePerSecond)));
const PARALLEL = 32;
const ATTEMPTS = 3;

/**
 * Sends a campaign. Exactly once per recipient, even when the process is
 * killed in the middle:
 * 1. one sender per campaign at a time (a Redis lock, renewed while alive);
 * 2. each recipient is claimed with a unique (campaign, customer) record
 *    BEFORE its message goes out, carrying the message's idempotency key;
 * 3. after a crash, the job comes back (BullMQ stalled-job recovery) and a
 *    claimed-but-not-marked recipient is sent again with the SAME key, which
 *    the channel passes on (Idempotency-Key header, in-app unique key,
 *    Message-ID) so the receiver keeps one message.
 * The audience is evaluated when sending starts, not when the campaign was made.
 */
@Processor(CAMPAIGNS_QUEUE, { concurrency: 4, lockDuration: 10_000, stalledInterval: 3_000, maxStalledCount: 1000 })
export class CampaignWorker extends WorkerHost {
  private readonly logger = new Logger(CampaignWorker.name);

  constructor(
    @InjectModel(CAMPAIGN) private readonly campaigns: Model<CampaignRecord>,
    @InjectModel(RECIPIENT) private readonly recipients: Model<RecipientRecord>,
    @InjectModel(CUSTOMER) private readonly customers: Model<CustomerRecord>,
    private readonly definitions: DefinitionsService,
    private readonly lock: SerialLock,
    private readonly cap: FrequencyCap,
    private readonly throttle: ChannelThrottle,
    private readonly channels: ChannelSenders,
  ) {
    super();
  }

  async process(job: Job<CampaignJob>): Promise<{ status: string }> {
    const { tenantId, campaignId } = job.data;
    return this.lock.run(`campaign:${campaignId}`, () => this.send(tenantId, campaignId));
  }

  private async send(tenantId: string, campaignId: string): Promise<{ status: string }> {
    const campaign = await this.campaigns.findOne({ tenantId, id: campaignId }).lean();
    if (!campaign || !['scheduled', 'running'].includes(campaign.status)) return { status: campaign?.status ?? 'missing' };
    const { definition } = await this.definitions.machineFor(tenantId, campaign.definitionId, campaign.version);
    const parts = campaignParts(definition);
    const sender = this.channels.senderFor(parts.channelType);
    const texts = new Map(parts.variants.map((v) => [v.name, { subject: v.subject ? compileText(v.subject) : null, body: compileText(v.body) }]));
    const ids = (await this.customers.find(audienceQuery(tenantId, parts.audience)).select({ id: 1, _id: 0 }).lean()).map((c) => c.id);
    await this.campaigns.updateOne({ tenantId, id: campaignId }, {
      $set: { status: 'running', total: ids.length, ...(campaign.startedAt ? {} : { startedAt: new Date() }) },
    });
    const meta = { id: campaignId, name: campaign.name };

    const size = batchSize(parts.channelConfig.ratePerSecond);
    for (let i = 0; i < ids.length; i += size) {
      const status = (await this.campaigns.findOne({ tenantId, id: campaignId }).select({ status: 1 }).lean())?.status;
      if (status !== 'running') return { status: status ?? 'missing' };
      const batch = ids.slice(i, i + size);
      const pending = await this.claim(tenantId, campaignId, batch, parts);
      if (pending.length === 0) continue;
      const people = new Map((await this.customers.find({ tenantId, id: { $in: pending.map((r) => r.customerId) } }).lean()).map((c) => [c.id, c]));
      const sent: string[] = [];
      const failed: Array<{ id: string; error: string }> = [];
      let next = 0;
      const lane = async () => {
        while (next < pending.length) {
          const r = pending[next++]!;
          const customer = people.get(r.customerId);
          if (!customer) {
            failed.push({ id: r.customerId, error: 'the customer no longer exists' });
            continue;
          }
          const text = texts.get(r.variant)!;
          const data = renderData(customer, meta, r.variant);
          const message = { tenantId, campaignId, customerId: r.customerId, email: customer.email, variant: r.variant, key: r.key, subject: text.subject ? text.subject(data) : null, body: text.body(data) };
          let error: string | null = null;
          for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            await this.throttle.take(tenantId, parts.channelType, parts.channelConfig.ratePerSecond);
            try {
              await sender.send(message, parts.channelConfig);
              error = null;
              break;
            } catch (e) {
              error = (e as Error).message;
              if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
            }
          }
          if (error) failed.push({ id: r.customerId, error });
          else sent.push(r.customerId);
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, pending.length) }, lane));
      const now = new Date();
      if (sent.length > 0) await this.recipients.updateMany({ campaignId, customerId: { $in: sent } }, { $set: { status: 'sent', sentAt: now } });
      for (const f of failed) await this.recipients.updateOne({ campaignId, customerId: f.id }, { $set: { status: 'failed', error: f.error } });
    }
    await this.campaigns.updateOne({ tenantId, id: campaignId, status: 'running' }, { $set: { status: 'completed', finishedAt: new Date() } });
    this.logger.log(`campaign ${campaignId} completed: ${ids.length} recipients`);
    return { status: 'completed' };
  }

  /**
   * Claims the batch: recipients already claimed and not marked are returned
   * again (a crash left them), new ones pass the frequency cap or are
   * recorded as capped. Returns the claims whose message must (still) go out.
   */
  private async claim(tenantId: string, campaignId: string, batch: string[], parts: ReturnType<typeof campaignParts>): Promise<RecipientRecord[]> {
    const existing = await this.recipients.find({ campaignId, customerId: { $in: batch } }).lean();
    const known = new Set(existing.map((r) => r.customerId));
    const fresh = batch.filter((id) => !known.has(id));
    const pending = existing.filter((r) => r.status === 'claimed');
    if (fresh.length === 0) return pending;
    const allowed = await this.cap.reserve(tenantId, campaignId, fresh, parts.cap);
    const now = new Date();
    const docs: RecipientRecord[] = fresh.map((customerId) => ({
      tenantId, campaignId, customerId, variant: pickVariant(parts.variants, campaignId, customerId), key: `${campaignId}.${customerId}`,
      status: allowed.has(customerId) ? 'claimed' : 'capped', error: allowed.has(customerId) ? null : 'frequency cap reached',
      claimedAt: now, sentAt: null, repliedAt: null, clickedAt: null,
    }));
    try {
      await this.recipients.insertMany(docs, { ordered: false });
      return [...pending, ...docs.filter((d) => d.status === 'claimed')];
    } catch (error) {
      if (!isDuplicateKey(error) && !String((error as Error).message).includes('E11000')) throw error;
      // someone claimed some of them meanwhile: what is recorded now is the truth
      return (await this.recipients.find({ campaignId, customerId: { $in: batch }, status: 'claimed' }).lean());
    }
  }
}
