/** How each rule fared in one routing decision. */
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
