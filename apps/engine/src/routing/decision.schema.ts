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
  },
  { collection: 'routing_decisions', versionKey: false },
);
RoutingDecisionSchema.index({ tenantId: 1, id: 1 }, { unique: true });
RoutingDecisionSchema.index({ tenantId: 1, assignee: 1, status: 1 });

export const ROUTING_DECISION = 'RoutingDecision';
