import type { FilterQuery } from 'mongoose';
import type { FactKind, FactRecord } from './fact.schema';

/** What one dashboard query may see, after the caller's role and the filters. */
export interface Scope {
  tenantId: string;
  from?: Date;
  to?: Date;
  definitionId?: string;
  /** departments whose subtrees are asked for; undefined: the whole tenant */
  departments?: string[];
  /** for facts about tasks: whose department the filter means */
  departmentOf: 'initiator' | 'assignee';
}

/** The `$match` of facts of these kinds in the scope. */
export function factMatch(scope: Scope, kinds: FactKind[], more: FilterQuery<FactRecord> = {}): FilterQuery<FactRecord> {
  const match: FilterQuery<FactRecord> = { tenantId: scope.tenantId, kind: kinds.length === 1 ? kinds[0] : { $in: kinds }, ...more };
  if (scope.from || scope.to) match.at = { ...(scope.from ? { $gte: scope.from } : {}), ...(scope.to ? { $lt: scope.to } : {}) };
  if (scope.definitionId) match.definitionId = scope.definitionId;
  // facts carry every ancestor of each department, so one $in takes whole subtrees
  if (scope.departments) match[departmentFieldOf(scope, kinds)] = { $in: scope.departments };
  return match;
}

/** Which departments of a fact the department filter means: the task holder's for decisions (unless asked otherwise), else the initiator's. */
export function departmentFieldOf(scope: Scope, kinds: FactKind[]): 'departments' | 'initiatorDepartments' {
  return kinds.every((k) => k === 'decision') && scope.departmentOf === 'assignee' ? 'departments' : 'initiatorDepartments';
}
