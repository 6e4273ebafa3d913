import type { Metric } from '../metric';
import { SERIES } from '../series';
import { responsesAgainstTarget } from './first-response.metric';

/**
 * Per routing definition (queue) and the team it routed to: first responses
 * of the assignees in the period, met or missed against the route's
 * firstResponseTarget, and the time from routing to first response.
 * The department filter means the assignee's department.
 */
export const routingResponse: Metric<Record<string, never>> = (sources, scope) =>
  responsesAgainstTarget(sources, scope, SERIES.routingResponses, { definitionId: 'definitionId', team: 'node' });
