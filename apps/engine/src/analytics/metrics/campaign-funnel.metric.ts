import type { FilterQuery, Model, PipelineStage } from 'mongoose';
import type { DeliveryRecord, RecipientRecord } from '../../campaigns/campaign.schema';
import type { Metric } from '../metric';

type Row = { campaignId: string; variant: string; claimed: number; failed: number; capped: number; sent: number; replied: number; clicked: number };

/**
 * Per campaign and variant: recipients claimed, failed and capped (frequency
 * cap), messages sent, and of those replied to and clicked. Counted in the
 * database from the claims and deliveries campaigns already keep; the period
 * is when a recipient was claimed or a message sent. The department filter
 * means the customers' owners' departments (as for churn): the recipients
 * whose customer is owned by someone in the departments' subtrees.
 */
export const campaignFunnel: Metric<Record<string, never>> = async ({ campaigns, recipients, deliveries, customers, peopleIn }, scope) => {
  const period = scope.from || scope.to ? { ...(scope.from ? { $gte: scope.from } : {}), ...(scope.to ? { $lt: scope.to } : {}) } : undefined;
  const campaignIds = scope.definitionId ? await campaigns.distinct('id', { tenantId: scope.tenantId, definitionId: scope.definitionId }) : undefined;
  const people = await peopleIn(scope);
  const customerIds: string[] | undefined = people ? await customers.distinct('id', { tenantId: scope.tenantId, owner: { $in: people } }) : undefined;
  const common = { tenantId: scope.tenantId, ...(campaignIds ? { campaignId: { $in: campaignIds } } : {}), ...(customerIds ? { customerId: { $in: customerIds } } : {}) };
  const claims: FilterQuery<RecipientRecord> = { ...common, ...(period ? { claimedAt: period } : {}) };
  const sends: FilterQuery<DeliveryRecord> = { ...common, ...(period ? { sentAt: period } : {}) };
  const byVariant = { campaignId: '$campaignId', variant: '$variant' };
  const count = <T>(model: Model<T>, match: FilterQuery<T>, id: Record<string, string>) => {
    const pipeline: PipelineStage[] = [{ $match: match }, { $group: { _id: id, n: { $sum: 1 } } }];
    return model.aggregate<{ _id: { campaignId: string; variant: string; status?: string }; n: number }>(pipeline);
  };
  const [claimed, sent, replied, clicked] = await Promise.all([
    count(recipients, claims, { ...byVariant, status: '$status' }),
    count(deliveries, sends, byVariant),
    count(deliveries, { ...sends, repliedAt: { $ne: null } }, byVariant),
    count(deliveries, { ...sends, clickedAt: { $ne: null } }, byVariant),
  ]);
  const rows = new Map<string, Row>();
  const rowOf = (key: { campaignId: string; variant: string }) => {
    const id = `${key.campaignId}\u0000${key.variant}`;
    const row = rows.get(id) ?? { campaignId: key.campaignId, variant: key.variant, claimed: 0, failed: 0, capped: 0, sent: 0, replied: 0, clicked: 0 };
    rows.set(id, row);
    return row;
  };
  for (const { _id, n } of claimed) {
    const row = rowOf(_id);
    row.claimed += n;
    if (_id.status === 'failed') row.failed += n;
    if (_id.status === 'capped') row.capped += n;
  }
  for (const { _id, n } of sent) rowOf(_id).sent += n;
  for (const { _id, n } of replied) rowOf(_id).replied += n;
  for (const { _id, n } of clicked) rowOf(_id).clicked += n;
  return {
    columns: ['campaignId', 'variant', 'claimed', 'failed', 'capped', 'sent', 'replied', 'clicked'],
    rows: [...rows.values()].sort((a, b) => a.campaignId.localeCompare(b.campaignId) || a.variant.localeCompare(b.variant)),
  };
};
