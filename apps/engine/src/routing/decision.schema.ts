import { Schema } from 'mongoose';

export interface RuleTrace {
  id: string;
  matched: boolean;
  /** why a matching rule did not decide (nobody available, outside working hours) */
  note?: string;
}

export interface RoutingDecisionRecord {
  tenantId: string;
  id: string;
  definitionId: string;
  version: number;
  /** the item as routed; kept as JSON text, its keys are user data */
  item: string;
  customerId: string | null;
  assignee: string;
  rule: string | null;
  strategy: string;
  explanation: { rules: RuleTrace[]; candidates: string[]; reason: string };
  status: 'open' | 'closed';
  decidedBy: string;
  createdAt: Date;
  closedAt: Date | null;
  /** the team (or department) the deciding rule or the fallback targeted; null when it named one person */
  team: string | null;
  /** when the assignee first responded (responded or closed), and the route's firstResponseTarget then */
  firstResponseAt: Date | null;
  targetMs: number | null;
}

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
