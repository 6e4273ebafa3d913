import type { FilterQuery } from 'mongoose';
import type { FactKind, FactRecord } from './fact.schema';
import { departmentFieldOf, factMatch, type Scope } from './scope';

/** A fact field a series counts by. */
export type Dimension = 'definitionId' | 'kind' | 'status' | 'node' | 'assignee' | 'bucket';

/**
 * One family of counters: the facts of some kinds (and final statuses),
 * counted per UTC day by these dimensions, with the sum of `ms` beside each
 * count when the series is timed. The same definition gives the fact query,
 * so the counters and the facts always answer the same question.
 */
export interface Series {
  name: string;
  kinds: FactKind[];
  statuses?: string[];
  dimensions: Dimension[];
  timed: boolean;
}

const series = <S extends Series>(s: S) => s;
export const SERIES = {
  requests: series({ name: 'requests', kinds: ['submitted', 'ended'], dimensions: ['definitionId', 'kind', 'status'], timed: false }),
  cycle: series({ name: 'cycle', kinds: ['ended'], statuses: ['completed', 'rejected'], dimensions: ['definitionId', 'bucket'], timed: true }),
  decisions: series({ name: 'decisions', kinds: ['decision'], dimensions: ['definitionId', 'node', 'assignee', 'bucket'], timed: true }),
  firstResponses: series({ name: 'first-response', kinds: ['first-response'], dimensions: ['definitionId', 'status', 'bucket'], timed: true }),
  sopSteps: series({ name: 'sop-steps', kinds: ['sop-step'], dimensions: ['definitionId', 'node', 'status', 'bucket'], timed: true }),
  routingResponses: series({ name: 'routing-response', kinds: ['routing-response'], dimensions: ['definitionId', 'node', 'status', 'bucket'], timed: true }),
};
const ALL: Series[] = Object.values(SERIES);

/** The `$match` of the facts a series counts, in the scope. */
export function seriesMatch(s: Series, scope: Scope): FilterQuery<FactRecord> {
  return factMatch(scope, s.kinds, s.statuses ? { status: { $in: s.statuses } } : {});
}

/**
 * What one fact adds to one counter document: the document of its series,
 * day and dimension values (`_id`), and per department key one count and
 * the fact's `ms`.
 */
export interface Increment {
  _id: string;
  tenantId: string;
  series: string;
  day: string;
  week: string;
  dimensions: Partial<Record<Dimension, string | number | null>>;
  departments: string[];
  ms: number;
}

/** The counter documents a fact adds to, one per series that counts it. */
export function incrementsOf(fact: FactRecord): Increment[] {
  return ALL.filter((s) => s.kinds.includes(fact.kind) && (!s.statuses || s.statuses.includes(fact.status ?? ''))).map((s) => {
    const dimensions = Object.fromEntries(s.dimensions.map((d) => [d, fact[d] ?? null]));
    return {
      _id: JSON.stringify([fact.tenantId, s.name, fact.day, ...s.dimensions.map((d) => fact[d] ?? null)]),
      tenantId: fact.tenantId, series: s.name, day: fact.day, week: fact.week, dimensions, departments: departmentKeysOf(s, fact), ms: s.timed ? fact.ms ?? 0 : 0,
    };
  });
}

/**
 * A fact counts once for the whole tenant ("*") and once for each department
 * it belongs to (every ancestor included, so a department's counters hold its
 * subtree): "i:" by the initiator's departments, and for task decisions also
 * "a:" by the task holder's, the two readings of the department filter.
 */
function departmentKeysOf(s: Series, fact: FactRecord): string[] {
  const keys = ['*', ...fact.initiatorDepartments.map((d) => `i:${d}`)];
  if (s.kinds.every((k) => k === 'decision')) keys.push(...fact.departments.map((d) => `a:${d}`));
  return keys.map(fieldName);
}

/** The department key whose counters answer the scope; undefined: the counters cannot (several departments may overlap). */
export function departmentKeyFor(s: Series, scope: Scope): string | undefined {
  if (!scope.departments) return '*';
  if (scope.departments.length !== 1) return undefined;
  return fieldName(`${departmentFieldOf(scope, s.kinds) === 'departments' ? 'a' : 'i'}:${scope.departments[0]}`);
}

/** A department key as a field name: a department id may hold "." (a path in a field name) or "$". */
const fieldName = (key: string) => key.replace(/[%.$]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
