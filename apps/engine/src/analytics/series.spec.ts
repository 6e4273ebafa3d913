import type { FactRecord } from './fact.schema';
import { departmentKeyFor, incrementsOf, SERIES } from './series';

const fact = (more: Partial<FactRecord>): FactRecord => ({
  _id: 'x', tenantId: 't', kind: 'decision', definitionId: 'leave', instanceId: 'i1', at: new Date('2026-03-04T10:00:00Z'), day: '2026-03-04', week: '2026-03-02',
  initiatorDepartments: ['company', 'sales'], departments: ['company', 'hr'], initiator: 's1', status: 'approved', node: 'manager', assignee: 'ap2', ms: 90_000, bucket: 26,
  counted: false, ...more,
});
const scope = { tenantId: 't', departmentOf: 'assignee' as const };

describe('counter series', () => {
  it('counts a decision for the tenant, each of the initiator\'s departments and each of the approver\'s, in the document of its day and dimensions', () => {
    expect(incrementsOf(fact({}))).toEqual([{
      _id: '["t","decisions","2026-03-04","leave","manager","ap2",26]', tenantId: 't', series: 'decisions', day: '2026-03-04', week: '2026-03-02',
      dimensions: { definitionId: 'leave', node: 'manager', assignee: 'ap2', bucket: 26 },
      departments: ['*', 'i:company', 'i:sales', 'a:company', 'a:hr'], ms: 90_000,
    }]);
  });

  it('counts an ending in the requests, and in the cycle time only when completed or rejected', () => {
    const series = (status: string) => incrementsOf(fact({ kind: 'ended', status, node: null, assignee: null })).map((i) => i.series);
    expect(series('rejected')).toEqual(['requests', 'cycle']);
    expect(series('withdrawn')).toEqual(['requests']);
    const [submitted] = incrementsOf(fact({ kind: 'submitted', status: null, ms: null, bucket: null }));
    expect(submitted).toMatchObject({ dimensions: { definitionId: 'leave', kind: 'submitted', status: null }, ms: 0 });
  });

  it('names a department in a field without the characters a field name cannot hold', () => {
    const [increment] = incrementsOf(fact({ initiatorDepartments: ['a.b', '$x'], departments: ['50%'] }));
    expect(increment!.departments).toEqual(['*', 'i:a%2Eb', 'i:%24x', 'a:50%25']);
    expect(departmentKeyFor(SERIES.decisions, { ...scope, departments: ['a.b'] })).toBe('a:a%2Eb');
  });

  it('answers one department from its key, and leaves several to the facts (a fact in two would count twice)', () => {
    expect(departmentKeyFor(SERIES.decisions, scope)).toBe('*');
    expect(departmentKeyFor(SERIES.decisions, { ...scope, departments: ['hr'] })).toBe('a:hr');
    expect(departmentKeyFor(SERIES.decisions, { ...scope, departments: ['hr'], departmentOf: 'initiator' })).toBe('i:hr');
    expect(departmentKeyFor(SERIES.requests, { ...scope, departments: ['hr'] })).toBe('i:hr');
    expect(departmentKeyFor(SERIES.requests, { ...scope, departments: ['hr', 'sales'] })).toBeUndefined();
  });
});
