import type { SopRunRecord } from './sop.schema';

/** What an SOP run's first response tells the dashboards. */
export type SopFirstResponse = Pick<SopRunRecord, 'tenantId' | 'id' | 'definitionId' | 'owner' | 'startedAt' | 'targetMs' | 'firstResponseAt'>;
/** What a cadence step taken tells the dashboards. */
export type SopStepTaken = Pick<SopRunRecord, 'tenantId' | 'id' | 'definitionId' | 'owner' | 'steps'>;

/**
 * The dashboards' record of SOP cadences, declared here and provided by
 * analytics (its FactRecorder), so reminders never imports the projection
 * that reads it.
 */
export interface SopFacts {
  recordFirstResponse(run: SopFirstResponse): Promise<void>;
  recordSopStep(run: SopStepTaken, index: number): Promise<void>;
}

export const SOP_FACTS = Symbol('SOP_FACTS');
