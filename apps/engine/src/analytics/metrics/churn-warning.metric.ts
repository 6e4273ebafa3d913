import type { FilterQuery } from 'mongoose';
import type { CustomerRecord } from '../../customers/customer.schema';
import type { Metric } from '../metric';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Customers who have not replied for `days` days (or never replied and were
 * created that long ago): never replied first, then the oldest reply, with
 * `total`. The department filter means the owner's department.
 */
export const churnWarning: Metric<{ days: number; limit: number; now: Date }> = async ({ customers, peopleIn }, scope, { days, limit, now }) => {
  const cutoff = new Date(now.getTime() - days * DAY);
  const match: FilterQuery<CustomerRecord> = {
    tenantId: scope.tenantId,
    $or: [{ repliedAt: { $lt: cutoff } }, { repliedAt: null, createdAt: { $lt: cutoff } }],
  };
  const people = await peopleIn(scope);
  if (people) match.owner = { $in: people };
  const [found, total] = await Promise.all([
    customers.find(match).sort({ repliedAt: 1, createdAt: 1, id: 1 }).limit(limit).select({ id: 1, name: 1, owner: 1, repliedAt: 1, createdAt: 1 }).lean(),
    customers.countDocuments(match),
  ]);
  return {
    columns: ['customerId', 'name', 'owner', 'lastContactAt', 'daysSinceContact'],
    rows: found.map((c) => {
      const last = c.repliedAt ?? c.createdAt;
      return { customerId: c.id, name: c.name, owner: c.owner, lastContactAt: c.repliedAt ? c.repliedAt.toISOString() : null, daysSinceContact: Math.floor((now.getTime() - last.getTime()) / DAY) };
    }),
    total,
  };
};
