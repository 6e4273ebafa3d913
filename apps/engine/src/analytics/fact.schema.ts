import { Schema } from 'mongoose';

/**
 * submitted: a request was started; ended: it reached a final status;
 * decision: a task was approved, rejected or returned; first-response: the
 * owner of an SOP cadence first responded (a follow-up done); sop-step: a
 * cadence's step was taken (on time or late); routing-response: the
 * assignee of a routed item first responded to it.
 */
export type FactKind = 'submitted' | 'ended' | 'decision' | 'first-response' | 'sop-step' | 'routing-response';

/**
 * One immutable line of history for the dashboards, written once per event
 * with a deterministic `_id` (kind and the instance or task id), so a
 * re-sent event adds nothing. Periods, durations and departments are
 * computed when the fact is written, so dashboards only `$match` and `$group`.
 * Only `counted` changes, once: the fact is in the counters; until then a
 * worker counting it holds it with its `claim` (FactCounters).
 */
export interface FactRecord {
  _id: string;
  tenantId: string;
  kind: FactKind;
  definitionId: string;
  instanceId: string;
  /** when it happened */
  at: Date;
  /** UTC day (YYYY-MM-DD) and the Monday of its ISO week, for per-period counts */
  day: string;
  week: string;
  /** the initiator's departments with all their ancestors (so a filter by department takes its subtree) */
  initiatorDepartments: string[];
  /** decision: the task holder's departments with their ancestors; otherwise the initiator's */
  departments: string[];
  initiator: string;
  /**
   * ended: the final status; decision: approved, rejected or returned;
   * first-response and routing-response: met, missed or no-target; sop-step: on-time or late
   */
  status: string | null;
  /** decision: the node and the task holder; sop-step: "<step number>.<action>"; routing-response: the team (or department) routed to, "" for one person */
  node: string | null;
  assignee: string | null;
  /**
   * ended: since the request was submitted; decision: since the task was opened; first-response: since the cadence started;
   * sop-step: how long after its due time the step was taken; routing-response: since the item was routed
   */
  ms: number | null;
  /** the log-scale bucket of `ms` (see histogram.ts) */
  bucket: number | null;
  /** added to the dashboard counters (see FactCounters) */
  counted: boolean;
  /** the worker counting it now, since when (see FactCounters); absent once counted */
  claim?: { by: string; at: Date } | null;
}

export const FactSchema = new Schema<FactRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    kind: { type: String, required: true },
    definitionId: { type: String, required: true },
    instanceId: { type: String, required: true },
    at: { type: Date, required: true },
    day: { type: String, required: true },
    week: { type: String, required: true },
    initiatorDepartments: { type: [String], default: [] },
    departments: { type: [String], default: [] },
    initiator: { type: String, required: true },
    status: { type: String, default: null },
    node: { type: String, default: null },
    assignee: { type: String, default: null },
    ms: { type: Number, default: null },
    bucket: { type: Number, default: null },
    counted: { type: Boolean, default: false },
    claim: { type: Schema.Types.Mixed, default: undefined },
  },
  { collection: 'analytics_facts', versionKey: false },
);
FactSchema.index({ tenantId: 1, kind: 1, at: 1 });
// the sweep's lookup of facts not counted yet
FactSchema.index({ counted: 1 });
FactSchema.index({ tenantId: 1, kind: 1, departments: 1, at: 1 });

export const FACT = 'AnalyticsFact';
