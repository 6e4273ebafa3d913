import { validate, type Definition } from '@baton/dsl';
import { toFlow } from './flow';

const def: Definition = {
  id: 'leave', name: 'Leave', kind: 'approval', form: { fields: [] },
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'boss', type: 'approval', title: 'Manager', config: { assignees: [{ type: 'user', value: 'bob' }] } },
    { id: 'end', type: 'end' },
  ],
  edges: [{ from: 'start', to: 'boss' }, { from: 'boss', to: 'end', on: 'approved', label: 'ok' }],
  layout: { end: { x: 900, y: 40 } },
};

describe('toFlow', () => {
  it('places nodes by depth, downwards, unless the layout says otherwise', () => {
    const { nodes } = toFlow(def);
    expect(nodes.map((n) => [n.id, n.position])).toEqual([
      ['start', { x: 0, y: 0 }],
      ['boss', { x: 0, y: 130 }],
      ['end', { x: 900, y: 40 }],
    ]);
  });

  it('keeps edges, their labels and outputs', () => {
    expect(toFlow(def).edges.map((e) => [e.source, e.target, e.label])).toEqual([['start', 'boss', undefined], ['boss', 'end', 'ok']]);
  });

  it('marks each node with the problems validate() found on it', () => {
    const broken = structuredClone(def);
    broken.nodes[1]!.type = 'teleport';
    const { nodes } = toFlow(broken, validate(broken));
    expect(nodes.find((n) => n.id === 'boss')!.data.problems).toEqual(['unknown node type "teleport"']);
    expect(nodes.find((n) => n.id === 'start')!.data.problems).toEqual([]);
  });
});
