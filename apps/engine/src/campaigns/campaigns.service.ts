import { InjectQueue } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { Injectable, type OnModuleInit, Inject } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { compileText, pickVariant, sensitiveWordsIn, type Definition, type Problem, type Variant } from '@baton/dsl';
import type { Static } from '@sinclair/typebox';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DomainError, InvalidInput, NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CustomersRepository, type CustomerRecord } from '../customers/customers.repository';
import { view as customerView } from '../customers/customers.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { CONFIG, type Config } from '../config/config';
import { parsePolicy, refusalOf } from '../net/outbound';
import {
  CAMPAIGN, CAMPAIGNS_QUEUE, CUSTOMER_MESSAGE, SEND_JOB_OPTIONS, DELIVERY, SENSITIVE_WORDS,
  type CampaignJob, type CampaignRecord, type CampaignStatus, type CustomerMessageRecord, type DeliveryRecord, type SensitiveWordsRecord,
} from './campaign.schema';
import { CampaignProgress } from './progress';
import { CampaignApprovals, contentHashOf, gateOf } from './campaign-approvals';
import type { CampaignEventBody, CampaignListQuery, CreateCampaignBody, PreviewBody } from './campaigns.dto';

export class CampaignStateConflict extends DomainError {
  constructor(id: string, status: string, action: string) {
    super('conflict', `campaign "${id}" is ${status} and cannot be ${action}`);
  }
}

/** A campaign definition as sending needs it: its audience node and its channel node. */
export function campaignParts(definition: Definition) {
  const audience = definition.nodes.find((n) => n.type === 'campaign.audience')!;
  const channel = definition.nodes.find((n) => n.type.startsWith('channel.'))!;
  const audienceConfig = audience.config as { audience: import('@baton/dsl').Audience; frequencyCap?: { max: number; perDays: number } };
  const channelConfig = channel.config as { variants: Variant[]; ratePerSecond: number; [key: string]: unknown };
  return {
    audience: audienceConfig.audience,
    cap: { max: audienceConfig.frequencyCap?.max ?? 1, perDays: audienceConfig.frequencyCap?.perDays ?? 1 },
    channelType: channel.type,
    channelConfig,
    variants: channelConfig.variants,
  };
}

export function renderData(customer: CustomerRecord, campaign: { id: string; name: string }, variant: string) {
  return { customer: customerView(customer), campaign, variant };
}

@Injectable()
export class CampaignsService implements OnModuleInit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(CAMPAIGN) private readonly campaigns: Model<CampaignRecord>,
    @InjectModel(DELIVERY) private readonly deliveries: Model<DeliveryRecord>,
    private readonly customers: CustomersRepository,
    @InjectModel(CUSTOMER_MESSAGE) private readonly inbox: Model<CustomerMessageRecord>,
    @InjectModel(SENSITIVE_WORDS) private readonly sensitive: Model<SensitiveWordsRecord>,
    @InjectQueue(CAMPAIGNS_QUEUE) private readonly queue: Queue<CampaignJob>,
    private readonly definitions: DefinitionsService,
    private readonly progress: CampaignProgress,
    private readonly approvals: CampaignApprovals,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onModuleInit(): void {
    // the tenant's sensitive words block publishing a campaign, naming the words and where
    this.definitions.addPublishCheck(async (tenantId, definition) => {
      if (definition.kind !== 'campaign') return [];
      return sensitiveWordsIn(definition, await this.wordsOf(tenantId));
    });
    // a campaign's webhook goes out under the outbound policy: a URL it refuses cannot be published
    this.definitions.addPublishCheck(async (_tenantId, definition) => {
      if (definition.kind !== 'campaign') return [];
      const policy = parsePolicy(this.config.OUTBOUND_ALLOWED_HOSTS, this.config.OUTBOUND_ALLOW_PRIVATE);
      return definition.nodes.flatMap((node, n): Problem[] => {
        if (node.type !== 'channel.webhook') return [];
        const refusal = refusalOf(String((node.config as { url?: unknown } | undefined)?.url ?? ''), policy);
        return refusal ? [{ pointer: `/nodes/${n}/config/url`, message: refusal }] : [];
      });
    });
  }

  async create(actor: Identity, body: Static<typeof CreateCampaignBody>) {
    const published = await this.definitions.published(actor.tenantId, body.definitionId, body.version);
    if (published.definition.kind !== 'campaign') {
      throw new InvalidInput([{ pointer: '/body/definitionId', message: `is a ${published.definition.kind} definition, not a campaign` }]);
    }
    const flowId = gateOf(published.definition);
    const flow = flowId ? await this.approvals.flowOf(actor.tenantId, flowId) : null;
    const now = this.clock.now();
    const sendAt = body.sendAt ? new Date(body.sendAt) : now;
    const record: CampaignRecord = {
      tenantId: actor.tenantId, id: randomUUID(), definitionId: body.definitionId, version: published.version,
      name: body.name ?? published.definition.name, status: flow ? 'awaitingApproval' : 'scheduled', sendAt, total: null, startedAt: null, finishedAt: null,
      error: null, final: null, approval: null, createdBy: actor.userId, createdAt: now,
    };
    await this.campaigns.create(record);
    if (!flow) {
      await this.enqueue(record, 0, Math.max(0, sendAt.getTime() - now.getTime()));
      return this.get(actor, record.id);
    }
    // a gated campaign sends when its approval request completes approved (CampaignApprovals), never from here
    try {
      await this.askApproval(actor, record, published.definition, flow);
    } catch (error) {
      // the request could not start (e.g. its form needs more): no campaign is left waiting for nothing
      await this.campaigns.deleteOne({ tenantId: actor.tenantId, id: record.id });
      throw error;
    }
    return this.get(actor, record.id);
  }

  /**
   * Moves a campaign that has not started sending to another published
   * version of its definition (a changed message). A gated campaign whose
   * content changed goes back to waiting for a new approval; once gated, a
   * campaign stays gated by the flow that approved it.
   */
  async changeVersion(actor: Identity, id: string, version: number) {
    const c = await this.find(actor.tenantId, id);
    if (!['awaitingApproval', 'notApproved', 'scheduled', 'paused'].includes(c.status)) throw new CampaignStateConflict(id, c.status, 'changed');
    const published = await this.definitions.published(actor.tenantId, c.definitionId, version);
    if (published.definition.kind !== 'campaign') throw new InvalidInput([{ pointer: '/body/version', message: `version ${version} of "${c.definitionId}" is not a campaign` }]);
    const flowId = gateOf(published.definition) ?? c.approval?.definitionId ?? null;
    const stillApproved = c.approval?.status === 'approved' && c.approval.contentHash === contentHashOf(published.definition);
    if (flowId && !stillApproved) {
      await this.askApproval(actor, c, published.definition, await this.approvals.flowOf(actor.tenantId, flowId), { version: published.version });
    } else {
      await this.campaigns.updateOne({ tenantId: actor.tenantId, id }, { $set: { version: published.version } });
    }
    return this.get(actor, id);
  }

  private async askApproval(actor: Identity, c: CampaignRecord, definition: Definition, flow: Definition, also: Partial<CampaignRecord> = {}) {
    const { audience, variants } = campaignParts(definition);
    const words = sensitiveWordsIn(definition, await this.wordsOf(actor.tenantId));
    await this.approvals.ask(actor, c, flow, contentHashOf(definition), {
      campaign: c.name, campaignId: c.id, audienceCount: await this.customers.countAudience(actor.tenantId, audience),
      variants: variants.map((v) => `${v.name} (${v.weight}%)`).join(', '),
      sensitiveWords: words.length === 0 ? 'none' : words.map((w) => w.message).join('; '),
    }, also);
  }

  /**
   * What the approvers of a gated campaign look at: how many it reaches now,
   * each variant as written and as a sample recipient reads it, and the
   * tenant's sensitive words found in it.
   */
  async review(actor: Identity, id: string) {
    const c = await this.find(actor.tenantId, id);
    const { definition } = await this.definitions.machineFor(c.tenantId, c.definitionId, c.version);
    const { audience, variants } = campaignParts(definition);
    const sample = { id: 'sample', name: 'Sample Customer', email: 'sample@example.com', phone: null, owner: null, source: null, region: null, tags: [], attributes: {} };
    const render = (text: string, variant: string) => compileText(text)({ customer: sample, campaign: { id: c.id, name: c.name }, variant });
    return {
      campaign: summary(c),
      audienceCount: await this.customers.countAudience(c.tenantId, audience),
      variants: variants.map((v) => ({
        name: v.name, weight: v.weight, subject: v.subject ?? null, body: v.body,
        preview: { subject: v.subject ? render(v.subject, v.name) : null, body: render(v.body, v.name) },
      })),
      sensitiveWords: sensitiveWordsIn(definition, await this.wordsOf(c.tenantId)),
      contentHash: contentHashOf(definition),
    };
  }

  private enqueue(c: Pick<CampaignRecord, 'tenantId' | 'id'>, run: number, delay = 0) {
    return this.queue.add('send', { tenantId: c.tenantId, campaignId: c.id }, { jobId: `campaign.${c.id}.${run}`, delay, ...SEND_JOB_OPTIONS });
  }

  async list(actor: Identity, q: Static<typeof CampaignListQuery>) {
    const query = { tenantId: actor.tenantId, ...(q.status ? { status: q.status } : {}), ...(q.request ? { 'approval.requestId': q.request } : {}) };
    const [items, total] = await Promise.all([this.campaigns.find(query).skip(q.offset).limit(q.limit).lean(), this.campaigns.countDocuments(query)]);
    return { items: items.map(summary), total, limit: q.limit, offset: q.offset };
  }

  async get(actor: Identity, id: string) {
    const c = await this.find(actor.tenantId, id);
    const { variants } = campaignParts((await this.definitions.machineFor(c.tenantId, c.definitionId, c.version)).definition);
    const names = variants.map((v) => v.name);
    const counts = c.final ?? await this.progress.counts(id, names);
    const sent = names.reduce((n, v) => n + (counts.sent[v] ?? 0), 0);
    const { failed, capped } = counts;
    const inFlight = Math.max(0, counts.claimed - sent - failed);
    const stats = variants.map((v) => ({
      variant: v.name, weight: v.weight, sent: counts.sent[v.name] ?? 0,
      replied: counts.replied[v.name] ?? 0, clicked: counts.clicked[v.name] ?? 0,
    }));
    const done = sent + failed + capped;
    const total = c.total;
    const end = c.finishedAt ?? this.clock.now();
    const seconds = c.startedAt ? Math.max(0.001, (end.getTime() - c.startedAt.getTime()) / 1000) : 0;
    const rate = seconds > 0 ? (sent + failed) / seconds : 0;
    const remaining = total === null ? null : Math.max(0, total - done);
    return {
      ...summary(c),
      progress: {
        total, sent, failed, capped, inFlight, done,
        ratePerSecond: Math.round(rate * 10) / 10,
        etaSeconds: remaining === null ? null : remaining === 0 ? 0 : rate > 0 ? Math.ceil(remaining / rate) : null,
      },
      variants: stats,
    };
  }

  async pause(actor: Identity, id: string) {
    return this.move(actor, id, ['scheduled', 'running'], 'paused', 'paused');
  }

  async cancel(actor: Identity, id: string) {
    return this.move(actor, id, ['awaitingApproval', 'notApproved', 'scheduled', 'running', 'paused'], 'cancelled', 'cancelled');
  }

  /** A campaign paused before its time goes back to waiting for it. */
  async resume(actor: Identity, id: string) {
    const c = await this.find(actor.tenantId, id);
    const wait = c.sendAt.getTime() - this.clock.nowMs();
    const result = await this.move(actor, id, ['paused'], wait > 0 ? 'scheduled' : 'running', 'resumed');
    await this.enqueue({ tenantId: actor.tenantId, id }, this.clock.nowMs(), Math.max(0, wait));
    return result;
  }

  /**
   * Status changes are plain writes: only the API changes scheduled/paused/
   * cancelled and the one sender of a campaign (holding its SenderLease) reads
   * the status before each batch.
   */
  private async move(actor: Identity, id: string, from: CampaignStatus[], to: CampaignStatus, action: string) {
    const c = await this.find(actor.tenantId, id);
    if (!from.includes(c.status)) throw new CampaignStateConflict(id, c.status, action);
    await this.campaigns.updateOne({ tenantId: actor.tenantId, id }, { $set: { status: to, ...(to === 'cancelled' ? { finishedAt: this.clock.now() } : {}) } });
    return this.get(actor, id);
  }

  /** Replies and click-throughs, from inbound webhooks of the channels; each counts once per recipient. */
  async recordEvent(actor: Identity, id: string, body: Static<typeof CampaignEventBody>) {
    const c = await this.find(actor.tenantId, id);
    const field = body.type === 'replied' ? 'repliedAt' : 'clickedAt';
    const delivery = await this.deliveries.findOne({ _id: `${id}.${body.customerId}`, tenantId: actor.tenantId }).lean();
    if (!delivery) throw new NotFound('campaign message to customer', body.customerId);
    if (!delivery[field]) await this.deliveries.updateOne({ _id: delivery._id, tenantId: actor.tenantId }, { $set: { [field]: this.clock.now() } });
    await this.progress.addOne(id, `${body.type}:${delivery.variant}`, body.customerId);
    if (c.final) {
      // an ended campaign keeps its counts on the record: refresh that one figure
      const names = Object.keys(c.final.sent);
      const live = await this.progress.counts(id, names);
      await this.campaigns.updateOne({ tenantId: actor.tenantId, id }, { $set: { [`final.${body.type}`]: live[body.type] } });
    }
    return { campaignId: id, customerId: body.customerId, variant: delivery.variant, type: body.type };
  }

  /** What one customer would receive (any variant), rendered. */
  async preview(actor: Identity, body: Static<typeof PreviewBody>) {
    const published = await this.definitions.published(actor.tenantId, body.definitionId, body.version);
    if (published.definition.kind !== 'campaign') throw new InvalidInput([{ pointer: '/body/definitionId', message: 'is not a campaign' }]);
    const { variants } = campaignParts(published.definition);
    const customer = await this.customers.find(actor.tenantId, body.customerId);
    if (!customer) throw new NotFound('customer', body.customerId);
    const name = body.variant ?? pickVariant(variants, `preview:${body.definitionId}`, customer.id);
    const variant = variants.find((v) => v.name === name);
    if (!variant) throw new InvalidInput([{ pointer: '/body/variant', message: `unknown variant "${name}"; the variants are ${variants.map((v) => v.name).join(', ')}` }]);
    const data = renderData(customer, { id: '(preview)', name: published.definition.name }, variant.name);
    return { variant: variant.name, subject: variant.subject ? compileText(variant.subject)(data) : null, body: compileText(variant.body)(data) };
  }

  async inboxOf(actor: Identity, customerId: string) {
    const items = await this.inbox.find({ tenantId: actor.tenantId, customerId }).lean();
    return { items: items.map((m) => ({ key: m.key, campaignId: m.campaignId, variant: m.variant, subject: m.subject, body: m.body, createdAt: m.createdAt })) };
  }

  async wordsOf(tenantId: string): Promise<string[]> {
    return (await this.sensitive.findOne({ tenantId }).lean())?.words ?? [];
  }

  async setWords(actor: Identity, words: string[]) {
    const unique = [...new Set(words.map((w) => w.trim()).filter(Boolean))];
    await this.sensitive.updateOne({ tenantId: actor.tenantId }, { $set: { words: unique, updatedBy: actor.userId } }, { upsert: true });
    return { words: unique };
  }

  /** Sensitive words in a definition, for the designer before publishing. */
  async sensitiveProblems(tenantId: string, definition: Definition): Promise<Problem[]> {
    return sensitiveWordsIn(definition, await this.wordsOf(tenantId));
  }

  private async find(tenantId: string, id: string): Promise<CampaignRecord> {
    const c = await this.campaigns.findOne({ tenantId, id }).lean();
    if (!c) throw new NotFound('campaign', id);
    return c;
  }
}

function summary(c: CampaignRecord) {
  return {
    id: c.id, definitionId: c.definitionId, version: c.version, name: c.name, status: c.status, sendAt: c.sendAt,
    total: c.total, startedAt: c.startedAt, finishedAt: c.finishedAt, error: c.error, createdBy: c.createdBy, createdAt: c.createdAt,
    approval: c.approval ? { definitionId: c.approval.definitionId, requestId: c.approval.requestId, contentHash: c.approval.contentHash, status: c.approval.status, decidedAt: c.approval.decidedAt } : null,
  };
}
