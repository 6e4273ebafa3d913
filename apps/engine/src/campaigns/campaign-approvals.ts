import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { campaignContent, canonicalJson, type Definition } from '@baton/dsl';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { createHash } from 'node:crypto';
import { InvalidInput } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CLOCK, type Clock } from '../clock/clock';
import { GroupRead } from '../database/group-read';
import { DefinitionsService } from '../definitions/definitions.service';
import { EffectHandlers } from '../effects/effect-handlers.service';
import { InstancesService } from '../instances/instances.service';
import { CAMPAIGN, CAMPAIGNS_QUEUE, SEND_JOB_OPTIONS, type CampaignApproval, type CampaignJob, type CampaignRecord } from './campaign.schema';

/** The hash an approval of this campaign content carries (SHA-256 of its canonical JSON). */
export const contentHashOf = (definition: Definition) => createHash('sha256').update(canonicalJson(campaignContent(definition))).digest('hex');

/** The approval flow a campaign definition requires before it sends, or null. */
export const gateOf = (definition: Definition) => definition.settings?.approval?.definitionId ?? null;

/** What the approval request is told, for the form fields its definition declares under these keys. */
export interface CampaignFacts {
  campaign: string;
  campaignId: string;
  audienceCount: number;
  variants: string;
  sensitiveWords: string;
}

/** What settling reads of a campaign. */
const GATED = { _id: 0, id: 1, status: 1, approval: 1, sendAt: 1 } as const;
type GatedCampaign = Pick<CampaignRecord, 'id' | 'status' | 'approval' | 'sendAt'>;

const FINISHED = { 'instance.completed': 'approved', 'instance.rejected': 'rejected', 'instance.withdrawn': 'withdrawn', 'instance.failed': 'failed' } as const;
type Finished = keyof typeof FINISHED;

/**
 * Campaigns gated on an approval. Asking starts a request of the approval
 * flow as the person who created the campaign; its end arrives as a domain
 * event (`instance.completed`, `instance.rejected`...) through the effects
 * queue, at least once, and settles the campaign: approved, it is scheduled;
 * otherwise it stays unsent. Settling is a guarded write on the pending
 * request, so a repeated event changes nothing, and the send job has a
 * deterministic id, so scheduling twice sends once.
 */
@Injectable()
export class CampaignApprovals implements OnModuleInit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(CAMPAIGN) private readonly campaigns: Model<CampaignRecord>,
    @InjectQueue(CAMPAIGNS_QUEUE) private readonly queue: Queue<CampaignJob>,
    private readonly definitions: DefinitionsService,
    private readonly instances: InstancesService,
    private readonly handlers: EffectHandlers,
  ) {
    this.gated = new GroupRead(
      (tenantId, requestIds) => this.campaigns.find({ tenantId, 'approval.requestId': { $in: requestIds } }, GATED).lean<GatedCampaign[]>(),
      (campaign) => campaign.approval!.requestId,
    );
  }

  /** The campaigns waiting for (or settled by) these approval requests, read together. */
  private readonly gated: GroupRead<GatedCampaign>;

  onModuleInit(): void {
    this.handlers.on('publish', 'campaign-approvals', async (effects, event) => {
      for (const e of effects) {
        if (Object.hasOwn(FINISHED, e.event)) await this.settle(event.tenantId, event.instanceId, FINISHED[e.event as Finished]);
      }
    });
  }

  /** The published approval flow a campaign definition names, or a 400 naming the campaign's definition. */
  async flowOf(tenantId: string, flow: string) {
    const published = await this.definitions.published(tenantId, flow).catch(() => null);
    if (!published || published.definition.kind !== 'approval') {
      throw new InvalidInput([{ pointer: '/body/definitionId', message: `its settings.approval names "${flow}", which is not a published approval definition` }]);
    }
    return published.definition;
  }

  /**
   * Starts the approval request of a campaign and links it (with `also`, in
   * the same write); the campaign waits for it. A request decided at once
   * (approved automatically) settles here, since its event may have been
   * handled before the link was written.
   */
  async ask(actor: Identity, campaign: CampaignRecord, flow: Definition, contentHash: string, facts: CampaignFacts, also: Partial<CampaignRecord> = {}): Promise<void> {
    const declared = new Set(flow.form.fields.map((f) => f.key));
    const form = Object.fromEntries(Object.entries(facts).filter(([key]) => declared.has(key)));
    const request = await this.instances.start(actor, flow.id, form);
    const approval: CampaignApproval = { definitionId: flow.id, requestId: request.id, contentHash, status: 'pending', decidedAt: null };
    await this.campaigns.updateOne({ tenantId: campaign.tenantId, id: campaign.id }, { $set: { ...also, approval, status: 'awaitingApproval' } });
    if (request.status !== 'running' && request.status !== 'returned') {
      await this.settle(campaign.tenantId, request.id, request.status === 'completed' ? 'approved' : request.status as CampaignApproval['status']);
    }
  }

  /**
   * The end of an approval request, applied to the campaign waiting for
   * exactly that request. Most requests that end gate no campaign: the first
   * read says so, in one query with the other requests ending at the same
   * moment (an approval that completed its request cost two campaign
   * commands before). A campaign still waiting is settled by a guarded write
   * that answers what it wrote; one already approved (a repeated event after
   * a crash between the write and the hand-over) still schedules its send.
   */
  async settle(tenantId: string, requestId: string, outcome: CampaignApproval['status']): Promise<void> {
    let campaign = await this.gated.read(tenantId, requestId);
    if (!campaign) return;
    const now = this.clock.now();
    if (campaign.status === 'awaitingApproval' && campaign.approval?.status === 'pending') {
      const waiting = { tenantId, 'approval.requestId': requestId, 'approval.status': 'pending', status: 'awaitingApproval' };
      const settled = await this.campaigns.findOneAndUpdate(waiting, {
        $set: { 'approval.status': outcome, 'approval.decidedAt': now, status: outcome === 'approved' ? 'scheduled' : 'notApproved' },
      }, { new: true, projection: GATED }).lean<GatedCampaign>();
      // another delivery of the same event settled it between the read and the write: what it wrote stands
      campaign = settled ?? await this.campaigns.findOne({ tenantId, 'approval.requestId': requestId }, GATED).lean<GatedCampaign>();
    }
    if (campaign?.status !== 'scheduled' || campaign.approval?.status !== 'approved') return;
    await this.queue.add('send', { tenantId, campaignId: campaign.id }, {
      jobId: `campaign.${campaign.id}.approved.${requestId}`, delay: Math.max(0, campaign.sendAt.getTime() - now.getTime()), ...SEND_JOB_OPTIONS,
    });
  }

  /** Whether a campaign may send now: not gated, or approved for exactly its current content. */
  static mayNotSend(campaign: Pick<CampaignRecord, 'approval'>, definition: Definition): string | null {
    const approval = campaign.approval;
    if (!approval) return null;
    if (approval.status !== 'approved') return `its approval is ${approval.status}`;
    return approval.contentHash === contentHashOf(definition) ? null : 'its content changed after it was approved';
  }
}
