import { builtinRegistry, type Definition, type Directory } from '@baton/dsl';
import { askedPerNode, decide, startSimulation, strangerInitiator, walkOf, type SimulatedInitiator } from './simulate';

/** Leave: the initiator's manager, then (more than 3 days) the head of HR, else the holders of superAdmin. */
function leave(): Definition {
  return {
    id: 'leave', name: 'Leave', kind: 'approval',
    form: { fields: [{ key: 'days', label: 'Days', type: 'number', required: true }] },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'boss', type: 'approval', title: 'Manager', config: { assignees: [{ type: 'manager', level: 1 }] } },
      { id: 'branch', type: 'branch' },
      { id: 'hr', type: 'approval', title: 'HR', config: { assignees: [{ type: 'departmentHead', value: 'hr' }], whenNobody: 'admin', admin: 'admin' } },
      { id: 'end', type: 'end' },
    ],
    edges: [
      { from: 'start', to: 'boss' },
      { from: 'boss', to: 'branch', on: 'approved' },
      { from: 'branch', to: 'hr', condition: { '>': [{ var: 'form.days' }, 3] } },
      { from: 'branch', to: 'end' },
      { from: 'hr', to: 'end', on: 'approved' },
    ],
  } as Definition;
}

const directory: Directory = { managers: ['lead', 'vp', null, null], departments: ['east'], heads: { east: null, hr: 'hrhead' }, roles: {} };
const rep: SimulatedInitiator = { initiator: { id: 'rep', name: 'Rita' }, directory };

describe('the simulator', () => {
  it('asks the initiator\'s manager and the head of HR, as the engine resolves them from the organisation', () => {
    const sim = startSimulation(leave(), builtinRegistry, { days: 5 }, rep);
    expect(sim.current.at).toEqual(['boss']);
    expect(sim.current.context.assignees.boss).toEqual(['lead']);
    const next = decide(sim, 'boss', 'lead', 'approved');
    expect(next.current.at).toEqual(['hr']);
    expect(next.current.context.assignees.hr).toEqual(['hrhead']);
    expect(walkOf(next, (id) => id.toUpperCase())).toEqual({ path: ['start', 'boss', 'branch', 'hr'], active: ['hr'], asked: { hr: ['HRHEAD'] } });
  });

  it('lists who each approval node would ask, with the when-nobody rule where nobody is found', () => {
    expect(askedPerNode(leave(), { days: 5 }, rep).map(({ node, assignees, nobody }) => ({ node, assignees, nobody }))).toEqual([
      { node: 'boss', assignees: ['lead'], nobody: null },
      { node: 'hr', assignees: ['hrhead'], nobody: null },
    ]);
    const stranger = askedPerNode(leave(), { days: 5 }, strangerInitiator('guest'));
    expect(stranger[0]).toMatchObject({ title: 'Manager', assignees: [], nobody: 'reject', notes: ['the initiator has no level-1 manager', 'no approver resolved; rejected automatically'] });
    expect(stranger[1]).toMatchObject({ title: 'HR', assignees: ['admin'], nobody: 'admin' });
  });

  it('falls into the when-nobody rule for an initiator outside the organisation', () => {
    const sim = startSimulation(leave(), builtinRegistry, { days: 5 }, strangerInitiator('guest'));
    expect(sim.current.status).toBe('rejected');
  });
});
