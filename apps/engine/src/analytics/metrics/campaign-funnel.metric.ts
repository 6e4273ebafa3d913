import { CLAIMS, SENDS, type FunnelKey as Key } from '../../campaigns/campaigns.repository';
import type { Metric } from '../metric';

type Row = Key & Record<(typeof CLAIMS)[number] | (typeof SENDS)[number], number>;

/**
 * Per campaign and variant: recipients claimed, failed and capped (frequency
 * cap), messages sent, and of those replied to and clicked. Counted in the
 * database from the claims and deliveries campaigns already keep (see
 * CampaignsRepository.funnel); the period is when a recipient was claimed or
 * a message sent. The department filter means the customers' owners'
 * departments (as for churn): the recipients whose customer is owned by
 * someone in the departments' subtrees.
 */
export const campaignFunnel: Metric<Record<string, never>> = async ({ campaigns, customers, peopleIn }, scope) => {
  const people = await peopleIn(scope);
  const customerIds = people ? await customers.idsOwnedBy(scope.tenantId, people) : undefined;
  const { claimed, sent } = await campaigns.funnel({ tenantId: scope.tenantId, from: scope.from, to: scope.to, definitionId: scope.definitionId, customerIds });
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
