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
  // one accumulator per $group: FerretDB v1 computes only the first
  const groups = await routingDecisions.aggregate<{ _id: { definitionId: string; assignee: string; status: string }; n: number }>([
    { $match: match },
    { $group: { _id: { definitionId: '$definitionId', assignee: '$assignee', status: '$status' }, n: { $sum: 1 } } },
  ]);
  const rows = new Map<string, { definitionId: string; assignee: string; routed: number; open: number; closed: number }>();
  for (const { _id, n } of groups) {
    const id = `${_id.definitionId}\u0000${_id.assignee}`;
    const row = rows.get(id) ?? { definitionId: _id.definitionId, assignee: _id.assignee, routed: 0, open: 0, closed: 0 };
    row.routed += n;
    if (_id.status === 'open') row.open += n;
    else row.closed += n;
    rows.set(id, row);
  }
  return {
    columns: ['definitionId', 'assignee', 'routed', 'open', 'closed'],
    rows: [...rows.values()].sort((a, b) => a.definitionId.localeCompare(b.definitionId) || b.routed - a.routed || a.assignee.localeCompare(b.assignee)),
  };
};
