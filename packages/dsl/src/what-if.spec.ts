import { compile } from './compile';
import type { Definition } from './definition';
import { EMPTY_DIRECTORY, type Directory } from './nodes/approval-rules';
import { departmentFindings, simulatePath, waitsForever, whatIf, type OrgDepartment, type RecordedRequest } from './what-if';

/** Leave: the department head approves; more than `threshold` days also goes to HR. */
function leave(threshold: number, extra: Partial<Definition> = {}): Definition {
  return {
    id: 'leave', name: 'Leave', kind: 'approval',
    form: { fields: [{ key: 'days', label: 'Days', type: 'number', required: true }] },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'head', type: 'approval', config: { assignees: [{ type: 'departmentHead' }] } },
      { id: 'long', type: 'branch' },
      { id: 'hr', type: 'approval', config: { assignees: [{ type: 'role', value: 'hr' }] } },
      { id: 'done', type: 'end' },
    ],
    edges: [
      { from: 'start', to: 'head' },
      { from: 'head', to: 'long', on: 'approved' },
      { from: 'long', to: 'hr', condition: { '>': [{ var: 'form.days' }, threshold] } },
      { from: 'long', to: 'done' },
      { from: 'hr', to: 'done', on: 'approved' },
    ],
    ...extra,
  };
}

const version = (def: Definition) => ({ definition: def, machine: compile(def) });
const dir = (department: string, head: string | null): Directory => ({ ...EMPTY_DIRECTORY, departments: [department], heads: { [department]: head }, roles: { hr: ['hana'] } });
const org: OrgDepartment[] = [
  { id: 'sales', name: 'Sales', people: [{ id: 'sam', directory: dir('sales', 'sue') }, { id: 'sue', directory: dir('sales', 'sue') }] },
  { id: 'ops', name: 'Operations', people: [{ id: 'olga', directory: dir('ops', null) }] },
];
const request = (id: string, days: number, who = 'sam', finished = true): RecordedRequest => ({
  id, serial: `LV-${id}`, finished,
  input: { form: { days }, initiator: { id: who }, instance: { id }, directory: dir('sales', 'sue') },
  decisions: [{ node: 'head', by: 'sue', outcome: 'approved' }],
});

describe('what-if', () => {
  it('names the department whose head is missing and the node that would ask nobody, and the head who would approve their own request', () => {
    expect(departmentFindings(leave(3), org)).toEqual([
      { department: { id: 'sales', name: 'Sales' }, nobody: [], initiator: [{ node: 'head', people: ['sue'] }] },
      { department: { id: 'ops', name: 'Operations' }, nobody: [{ node: 'head', people: ['olga'], then: 'reject' }], initiator: [] },
    ]);
  });

  it('finds the requests whose path a changed threshold changes, and how', () => {
    const run = whatIf(version(leave(5)), version(leave(3)), org);
    expect(run.add(request('1', 2))).toBeNull();
    expect(run.add(request('2', 4))).toEqual({
      requestId: '2', serial: 'LV-2',
      before: { path: ['start', 'head', 'long', 'hr', 'done'], status: 'completed' },
      after: { path: ['start', 'head', 'long', 'done'], status: 'completed' },
      added: [], removed: ['hr'],
    });
    const report = run.report();
    expect(report.requests).toBe(2);
    expect(report.unreached).toEqual(['hr']);
    expect(report.tasksPerPerson).toEqual([{ person: 'sue', tasks: 2 }]);
  });

  it('stops a running request where no decision was recorded yet', () => {
    const path = simulatePath(version(leave(3)), { ...request('3', 4, 'sam', false) });
    expect(path).toMatchObject({ status: 'running', waitingAt: ['hr'], tasks: ['sue', 'hana'] });
  });

  it('flags nodes with no deadline where the initiator can no longer withdraw', () => {
    expect(waitsForever(leave(3))).toEqual([{ node: 'hr', why: 'decidedBefore' }]);
    expect(waitsForever(leave(3, { settings: { withdraw: 'never' } }))).toEqual([{ node: 'head', why: 'withdrawNever' }, { node: 'hr', why: 'withdrawNever' }]);
    expect(waitsForever(leave(3, { settings: { withdraw: 'always' } }))).toEqual([]);
    const withDeadline = leave(3);
    withDeadline.nodes[3] = { id: 'hr', type: 'approval', config: { assignees: [{ type: 'role', value: 'hr' }], deadlines: { decideAfter: 'P3D' } } };
    expect(waitsForever(withDeadline)).toEqual([]);
  });
});
