import type { Metric } from '../metric';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Customers who have not replied for `days` days (or never replied and were
 * created that long ago): never replied first, then the oldest reply, with
 * `total`. The department filter means the owner's department.
 */
export const churnWarning: Metric<{ days: number; limit: number; now: Date }> = async ({ customers, peopleIn }, scope, { days, limit, now }) => {
  const cutoff = new Date(now.getTime() - days * DAY);
  const people = await peopleIn(scope);
  const { found, total } = await customers.quietSince(scope.tenantId, cutoff, people, limit);
  return {
    columns: ['customerId', 'name', 'owner', 'lastContactAt', 'daysSinceContact'],
    rows: found.map((c) => {
      const last = c.repliedAt ?? c.createdAt;
      return { customerId: c.id, name: c.name, owner: c.owner, lastContactAt: c.repliedAt ? c.repliedAt.toISOString() : null, daysSinceContact: Math.floor((now.getTime() - last.getTime()) / DAY) };
    }),
    total,
  };
};
