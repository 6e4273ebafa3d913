import type { FilterQuery } from 'mongoose';
import type { DeliveryRecord, RecipientRecord } from '../../campaigns/campaign.schema';
import type { Metric } from '../metric';

const CLAIMS = ['claimed', 'failed', 'capped'] as const;
const SENDS = ['sent', 'replied', 'clicked'] as const;
type Key = { campaignId: string; variant: string };
type Row = Key & Record<(typeof CLAIMS)[number] | (typeof SENDS)[number], number>;

/**
 * Per campaign and variant: recipients claimed, failed and capped (frequency
 * cap), messages sent, and of those replied to and clicked. Counted in the
 * database from the claims and deliveries campaigns already keep (one
 * `$group` each); the period is when a recipient was claimed or a message
 * sent. The department filter means the customers' owners' departments (as
 * for churn): the recipients whose customer is owned by someone in the
 * departments' subtrees.
 */
export const campaignFunnel: Metric<Record<string, never>> = async ({ campaigns, recipients, deliveries, customers, peopleIn }, scope) => {
  const period = scope.from || scope.to ? { ...(scope.from ? { $gte: scope.from } : {}), ...(scope.to ? { $lt: scope.to } : {}) } : undefined;
  const campaignIds = scope.definitionId ? await campaigns.distinct('id', { tenantId: scope.tenantId, definitionId: scope.definitionId }) : undefined;
  const people = await peopleIn(scope);
  const customerIds: string[] | undefined = people ? await customers.distinct('id', { tenantId: scope.tenantId, owner: { $in: people } }) : undefined;
  const common = { tenantId: scope.tenantId, ...(campaignIds ? { campaignId: { $in: campaignIds } } : {}), ...(customerIds ? { customerId: { $in: customerIds } } : {}) };
  const claims: FilterQuery<RecipientRecord> = { ...common, ...(period ? { claimedAt: period } : {}) };
  const sends: FilterQuery<DeliveryRecord> = { ...common, ...(period ? { sentAt: period } : {}) };
  const byVariant = { $group: { _id: { campaignId: '$campaignId', variant: '$variant' } } };
  const sorted = { $sort: { '_id.campaignId': 1, '_id.variant': 1 } } as const;
  const counted = (condition: unknown) => ({ $sum: { $cond: [condition, 1, 0] } });
  const present = (field: string) => ({ $ne: [{ $ifNull: [field, null] }, null] });
  const [claimed, sent] = await Promise.all([
    recipients.aggregate<{ _id: Key } & Record<(typeof CLAIMS)[number], number>>([{ $match: claims }, {
      $group: { ...byVariant.$group, claimed: { $sum: 1 }, failed: counted({ $eq: ['$status', 'failed'] }), capped: counted({ $eq: ['$status', 'capped'] }) },
    }, sorted]),
    deliveries.aggregate<{ _id: Key } & Record<(typeof SENDS)[number], number>>([{ $match: sends }, {
      $group: { ...byVariant.$group, sent: { $sum: 1 }, replied: counted(present('$repliedAt')), clicked: counted(present('$clickedAt')) },
    }, sorted]),
  ]);
  // two collections: their groups side by side, by campaign and variant
  const rows = new Map<string, Row>();
  const rowOf = ({ campaignId, variant }: Key) => {
    const id = JSON.stringify([campaignId, variant]);
    const row = rows.get(id) ?? { campaignId, variant, claimed: 0, failed: 0, capped: 0, sent: 0, replied: 0, clicked: 0 };
    rows.set(id, row);
    return row;
  };
  for (const { _id, ...counts } of claimed) Object.assign(rowOf(_id), counts);
  for (const { _id, ...counts } of sent) Object.assign(rowOf(_id), counts);
  return {
    columns: ['campaignId', 'variant', ...CLAIMS, ...SENDS],
    rows: [...rows.values()].sort((a, b) => a.campaignId.localeCompare(b.campaignId) || a.variant.localeCompare(b.variant)),
  };
};
