import type { Metric } from '../metric';

/**
 * Items routed per routing definition (the team's queue) and assignee in the
 * period, and how many of them are still open. The department filter means
 * the assignee's department.
 */
export const routingVolume: Metric<Record<string, never>> = async ({ routing, peopleIn }, scope) => {
  const people = await peopleIn(scope);
  const rows = await routing.volume({ tenantId: scope.tenantId, from: scope.from, to: scope.to, definitionId: scope.definitionId, assignees: people });
  return { columns: ['definitionId', 'assignee', 'routed', 'open', 'closed'], rows };
};
