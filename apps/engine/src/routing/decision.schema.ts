import { Schema } from 'mongoose';
import type { RoutingDecisionRecord } from './routing.types';

export type { RoutingDecisionRecord, RuleTrace } from './routing.types';

export const RoutingDecisionSchema = new Schema<RoutingDecisionRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    definitionId: { type: String, required: true },
    version: { type: Number, required: true },
    item: { type: String, required: true },
    customerId: { type: String, default: null },
    assignee: { type: String, required: true },
    rule: { type: String, default: null },
    strategy: { type: String, required: true },
    explanation: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    decidedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    team: { type: String, default: null },
    firstResponseAt: { type: Date, default: null },
    targetMs: { type: Number, default: null },
  },
  { collection: 'routing_decisions', versionKey: false },
);
RoutingDecisionSchema.index({ tenantId: 1, id: 1 }, { unique: true });
RoutingDecisionSchema.index({ tenantId: 1, assignee: 1, status: 1 });

export const ROUTING_DECISION = 'RoutingDecision';

/** Round-robin turns handed out per (tenant, definition, rule): `_id` = "tenant:definition:rule". */
export interface RoutingTurnRecord {
  _id: string;
  n: number;
}

export const RoutingTurnSchema = new Schema<RoutingTurnRecord>({ _id: String, n: Number }, { collection: 'routing_turns', versionKey: false });

export const ROUTING_TURN = 'RoutingTurn';
