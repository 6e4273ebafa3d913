import type { FactRecord } from './fact.schema';
import { departmentKeyFor, incrementsOf, SERIES, talliesOf } from './series';

const fact = (more: Partial<FactRecord>): FactRecord => ({
  _id: 'x', tenantId: 't', kind: 'decision', definitionId: 'leave', instanceId: 'i1', at: new Date('2026-03-04T10:00:00Z'), day: '2026-03-04', week: '2026-03-02',
  initiatorDepartments: ['company', 'sales'], departments: ['company', 'hr'], initiator: 's1', status: 'approved', node: 'manager', assignee: 'ap2', ms: 90_000, bucket: 26, ...more,
});
const scope = { tenantId: 't', departmentOf: 'assignee' as const };

describe('counter series', () => {
  it('counts a decision for the tenant, each of the initiator\'s departments and each of the approver\'s', () => {
    const increments = incrementsOf(fact({}));
    expect(increments.map((i) => i.hash)).toEqual([
      'decisions:2026-03-04:*', 'decisions:2026-03-04:i:company', 'decisions:2026-03-04:i:sales', 'decisions:2026-03-04:a:company', 'decisions:2026-03-04:a:hr',
    ]);
    expect(increments[0]!.fields).toEqual([['n["leave","manager","ap2",26]', 1], ['s["leave","manager","ap2",26]', 90_000]]);
  });

  it('counts an ending in the requests, and in the cycle time only when completed or rejected', () => {
    const series = (status: string) => [...new Set(incrementsOf(fact({ kind: 'ended', status, node: null, assignee: null })).map((i) => i.hash.split(':')[0]))];
    expect(series('rejected')).toEqual(['requests', 'cycle']);
    expect(series('withdrawn')).toEqual(['requests']);
    expect(incrementsOf(fact({ kind: 'submitted', status: null, ms: null, bucket: null }))[0]!.fields).toEqual([['n["leave","submitted",null]', 1]]);
  });

  it('reads back the dimensions, the count and the sum, filtered by definition', () => {
    const hash = Object.fromEntries(incrementsOf(fact({}))[0]!.fields.map(([field, n]) => [field, String(n * 3)]));
    expect(talliesOf(SERIES.decisions, '2026-03-04', hash)).toEqual([
      { day: '2026-03-04', week: '2026-03-02', n: 3, ms: 270_000, definitionId: 'leave', node: 'manager', assignee: 'ap2', bucket: 26 },
    ]);
    expect(talliesOf(SERIES.decisions, '2026-03-04', hash, 'expense')).toEqual([]);
  });

  it('answers one department from its key, and leaves several to the facts (a fact in two would count twice)', () => {
    expect(departmentKeyFor(SERIES.decisions, scope)).toBe('*');
    expect(departmentKeyFor(SERIES.decisions, { ...scope, departments: ['hr'] })).toBe('a:hr');
    expect(departmentKeyFor(SERIES.decisions, { ...scope, departments: ['hr'], departmentOf: 'initiator' })).toBe('i:hr');
    expect(departmentKeyFor(SERIES.requests, { ...scope, departments: ['hr'] })).toBe('i:hr');
    expect(departmentKeyFor(SERIES.requests, { ...scope, departments: ['hr', 'sales'] })).toBeUndefined();
  });
});
