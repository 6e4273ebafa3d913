import type { FilterQuery } from 'mongoose';
import type { FactKind, FactRecord } from './fact.schema';
import { periodsOf } from './histogram';
import { departmentFieldOf, factMatch, type Scope } from './scope';

/** A fact field a series counts by. */
type Dimension = 'definitionId' | 'kind' | 'status' | 'node' | 'assignee' | 'bucket';

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
 * What one fact adds: per series and department key (one hash of the day
 * each, so a question reads only its own department's counters), the field
 * of the fact's dimensions: its count ("n…") and, when timed, its sum of ms ("s…").
 */
export function incrementsOf(fact: FactRecord): Array<{ hash: string; fields: Array<[string, number]> }> {
  return ALL.filter((s) => s.kinds.includes(fact.kind) && (!s.statuses || s.statuses.includes(fact.status ?? ''))).flatMap((s) => {
    const tuple = JSON.stringify(s.dimensions.map((d) => fact[d] ?? null));
    const fields: Array<[string, number]> = [[`n${tuple}`, 1], ...(s.timed ? [[`s${tuple}`, fact.ms ?? 0] as [string, number]] : [])];
    return departmentKeysOf(s, fact).map((department) => ({ hash: hashOf(s, fact.day, department), fields }));
  });
}

/** The hash of a series' counters of one day and department key. */
export const hashOf = (s: Series, day: string, department: string) => `${s.name}:${day}:${department}`;

/**
 * A fact counts once for the whole tenant ("*") and once for each department
 * it belongs to (every ancestor included, so a department's counters hold its
 * subtree): "i:" by the initiator's departments, and for task decisions also
 * "a:" by the task holder's, the two readings of the department filter.
 */
function departmentKeysOf(s: Series, fact: FactRecord): string[] {
  const keys = ['*', ...fact.initiatorDepartments.map((d) => `i:${d}`)];
  if (s.kinds.every((k) => k === 'decision')) keys.push(...fact.departments.map((d) => `a:${d}`));
  return keys;
}

/** The department key whose counters answer the scope; undefined: the counters cannot (several departments may overlap). */
export function departmentKeyFor(s: Series, scope: Scope): string | undefined {
  if (!scope.departments) return '*';
  if (scope.departments.length !== 1) return undefined;
  return `${departmentFieldOf(scope, s.kinds) === 'departments' ? 'a' : 'i'}:${scope.departments[0]}`;
}

/** One counter: a combination of a series' dimensions on one day. */
export type Tally = Record<string, string | number | null> & { day: string; week: string; n: number; ms: number };

/** The tallies of one day's hash (of one department key) that pass the definition filter. */
export function talliesOf(s: Series, day: string, hash: Record<string, string>, definitionId?: string): Tally[] {
  const { week } = periodsOf(new Date(`${day}T00:00:00.000Z`));
  const out: Tally[] = [];
  for (const [field, count] of Object.entries(hash)) {
    if (field[0] !== 'n') continue;
    const values = JSON.parse(field.slice(1)) as Array<string | number | null>;
    const tally = { day, week, n: Number(count), ms: Number(hash[`s${field.slice(1)}`] ?? 0) } as Tally;
    s.dimensions.forEach((d, i) => { tally[d] = values[i] ?? null; });
    if (definitionId && tally.definitionId !== definitionId) continue;
    out.push(tally);
  }
  return out;
}
