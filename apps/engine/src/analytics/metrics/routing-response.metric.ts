import type { Metric } from '../metric';
import { SERIES } from '../series';
import { responsesAgainstTarget } from './first-response.metric';

/**
 * Per routing definition (queue) and the team it routed to: first responses
 * of the assignees in the period, met or missed against the route's
 * firstResponseTarget, and the time from routing to first response.
 * The department filter means the assignee's department.
 */
export const routingResponse: Metric<Record<string, never>> = async (sources, scope) => {
  const table = await responsesAgainstTarget(sources, scope, SERIES.routingResponses, { definitionId: 'definitionId', team: 'node' });
  return {
    ...table,
    rows: table.rows.sort((a, b) => String(a.definitionId).localeCompare(String(b.definitionId)) || String(a.team).localeCompare(String(b.team))),
  };
};
