import type { FilterQuery } from 'mongoose';
import type { RoutingDecisionRecord } from '../../routing/decision.schema';
import type { Metric } from '../metric';

/**
 * Items routed per routing definition (the team's queue) and assignee in the
 * period, and how many of them are still open. The department filter means
 * the assignee's department.
 */
export const routingVolume: Metric<Record<string, never>> = async ({ routingDecisions, peopleIn }, scope) => {
  const match: FilterQuery<RoutingDecisionRecord> = { tenantId: scope.tenantId };
  if (scope.from || scope.to) match.createdAt = { ...(scope.from ? { $gte: scope.from } : {}), ...(scope.to ? { $lt: scope.to } : {}) };
  if (scope.definitionId) match.definitionId = scope.definitionId;
  const people = await peopleIn(scope);
  if (people) match.assignee = { $in: people };
  const open = { $eq: ['$status', 'open'] };
  const groups = await routingDecisions.aggregate<{ _id: { definitionId: string; assignee: string }; routed: number; open: number; closed: number }>([
    { $match: match },
    {
      $group: {
        _id: { definitionId: '$definitionId', assignee: '$assignee' },
        routed: { $sum: 1 }, open: { $sum: { $cond: [open, 1, 0] } }, closed: { $sum: { $cond: [open, 0, 1] } },
      },
    },
    { $sort: { '_id.definitionId': 1, routed: -1, '_id.assignee': 1 } },
  ]);
  return {
    columns: ['definitionId', 'assignee', 'routed', 'open', 'closed'],
    rows: groups.map(({ _id, routed, open, closed }) => ({ definitionId: _id.definitionId, assignee: _id.assignee, routed, open, closed })),
  };
};
