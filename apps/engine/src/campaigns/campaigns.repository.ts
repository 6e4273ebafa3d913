import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model } from 'mongoose';
import { CAMPAIGN, DELIVERY, RECIPIENT, type CampaignRecord, type DeliveryRecord, type RecipientRecord } from './campaign.schema';

/** What the funnel counts of recipients claimed, and of messages sent. */
export const CLAIMS = ['claimed', 'failed', 'capped'] as const;
export const SENDS = ['sent', 'replied', 'clicked'] as const;
/** One campaign's variant. */
export type FunnelKey = { campaignId: string; variant: string };

/** The queries other domains make of campaigns (campaigns' own services keep the models). */
@Injectable()
export class CampaignsRepository {
  constructor(
    @InjectModel(CAMPAIGN) private readonly campaigns: Model<CampaignRecord>,
    @InjectModel(RECIPIENT) private readonly recipients: Model<RecipientRecord>,
    @InjectModel(DELIVERY) private readonly deliveries: Model<DeliveryRecord>,
  ) {}

  /**
   * Per campaign and variant: recipients claimed, failed and capped, and
   * messages sent, replied to and clicked, counted in the database (one
   * `$group` each, sorted by campaign and variant). The period is when a
   * recipient was claimed or a message sent; `definitionId` keeps the
   * campaigns of one definition, `customerIds` the recipients among them.
   */
  async funnel(filter: { tenantId: string; from?: Date; to?: Date; definitionId?: string; customerIds?: string[] }) {
    const { tenantId, from, to, definitionId, customerIds } = filter;
    const period = from || to ? { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) } : undefined;
    const campaignIds: string[] | undefined = definitionId ? await this.campaigns.distinct('id', { tenantId, definitionId }) : undefined;
    const common = { tenantId, ...(campaignIds ? { campaignId: { $in: campaignIds } } : {}), ...(customerIds ? { customerId: { $in: customerIds } } : {}) };
    const claims: FilterQuery<RecipientRecord> = { ...common, ...(period ? { claimedAt: period } : {}) };
    const sends: FilterQuery<DeliveryRecord> = { ...common, ...(period ? { sentAt: period } : {}) };
    const byVariant = { $group: { _id: { campaignId: '$campaignId', variant: '$variant' } } };
    const sorted = { $sort: { '_id.campaignId': 1, '_id.variant': 1 } } as const;
    const counted = (condition: unknown) => ({ $sum: { $cond: [condition, 1, 0] } });
    const present = (field: string) => ({ $ne: [{ $ifNull: [field, null] }, null] });
    const [claimed, sent] = await Promise.all([
      this.recipients.aggregate<{ _id: FunnelKey } & Record<(typeof CLAIMS)[number], number>>([{ $match: claims }, {
        $group: { ...byVariant.$group, claimed: { $sum: 1 }, failed: counted({ $eq: ['$status', 'failed'] }), capped: counted({ $eq: ['$status', 'capped'] }) },
      }, sorted]),
      this.deliveries.aggregate<{ _id: FunnelKey } & Record<(typeof SENDS)[number], number>>([{ $match: sends }, {
        $group: { ...byVariant.$group, sent: { $sum: 1 }, replied: counted(present('$repliedAt')), clicked: counted(present('$clickedAt')) },
      }, sorted]),
    ]);
    return { claimed, sent };
  }
}
