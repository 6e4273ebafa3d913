import type { RoutingDecisionRecord } from './routing.types';

/** What a routed item's first response tells the dashboards. */
export type RoutedResponse = Pick<RoutingDecisionRecord, 'tenantId' | 'id' | 'definitionId' | 'assignee' | 'team' | 'createdAt' | 'firstResponseAt' | 'targetMs'>;

/**
 * The dashboards' record of first responses to routed items, declared here
 * and provided by analytics (its FactRecorder), so routing never imports the
 * projection that reads it.
 */
export interface RoutingFacts {
  recordRoutingResponse(decision: RoutedResponse): Promise<void>;
}

export const ROUTING_FACTS = Symbol('ROUTING_FACTS');
