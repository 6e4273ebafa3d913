import { builtinRegistry, validate, type Definition } from '@baton/dsl';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addArm, chainOf, chainOrder, insertStep, removeArm, removeBlock, type Block } from './chain';
import { blankDefinition } from './store';

const leaveTemplate = (): Definition => JSON.parse(readFileSync(join(__dirname, '../../../../templates/leave-request.json'), 'utf8')) as Definition;
const titles = { step: 'Step', rejected: 'Rejected', condition: 'if', otherwise: 'otherwise' };

function simplest(): Definition {
  return {
    ...blankDefinition(),
    nodes: [{ id: 'start', type: 'start' }, { id: 'done', type: 'end', config: { status: 'completed' } }],
    edges: [{ from: 'start', to: 'done' }],
  } as Definition;
}

/** The chain as nested lists of node ids, arms in brackets. */
function shape(blocks: Block[]): unknown[] {
  return blocks.map((b) => (b.kind === 'step' ? b.node : { [b.node]: b.arms.map((a) => shape(a.segment.blocks)) }));
}

describe('the approval-flow chain', () => {
  it('reads the leave template as steps with nested condition branches that meet again', () => {
    const chain = chainOf(leaveTemplate())!;
    expect(shape(chain.blocks)).toEqual(['manager', { length: [['hr', { 'very-long': [['director'], []] }], []] }, 'notify']);
    expect(chain.end).toBe('approved');
    expect(chainOrder(chain)).toEqual(['manager', 'length', 'hr', 'very-long', 'director', 'notify']);
  });

  it('is null for a graph that is no chain (a loop back)', () => {
    const d = leaveTemplate();
    d.edges.push({ from: 'notify', to: 'manager' });
    d.edges = d.edges.filter((e) => !(e.from === 'notify' && e.to === 'approved'));
    expect(chainOf(d)).toBeNull();
  });

  it('builds a valid leave flow from gaps alone: approver, branch, arm, copy', () => {
    const d = simplest();
    const manager = insertStep(d, chainOf(d)!.gaps[0]!, 'approval', titles);
    (d.nodes.find((n) => n.id === manager)!.config as { assignees: unknown[] }).assignees.push({ type: 'manager', level: 1 });
    const branch = insertStep(d, chainOf(d)!.gaps[1]!, 'branch', titles);
    const block = chainOf(d)!.blocks[1] as Extract<Block, { kind: 'branch' }>;
    expect(block.arms).toHaveLength(2);
    d.edges[block.arms[0]!.edge]!.condition = { '>': [{ var: 'form.days' }, 3] };
    const hr = insertStep(d, block.arms[0]!.segment.gaps[0]!, 'approval', titles);
    (d.nodes.find((n) => n.id === hr)!.config as { assignees: unknown[] }).assignees.push({ type: 'departmentHead', value: 'hr' });
    const cc = insertStep(d, chainOf(d)!.gaps.at(-1)!, 'cc', titles);
    (d.nodes.find((n) => n.id === cc)!.config as { people: unknown[] }).people.push({ type: 'initiator' });
    d.form.fields.push({ key: 'days', label: 'Days', type: 'number' });

    const chain = chainOf(d)!;
    expect(shape(chain.blocks)).toEqual([manager, { [branch]: [[hr], []] }, cc]);
    expect(validate(d, builtinRegistry)).toEqual([]);
    // both approvals end the flow on rejection, at one rejected end
    expect(d.edges.filter((e) => e.on === 'rejected').map((e) => e.to)).toEqual(['rejected', 'rejected']);

    addArm(d, branch, (chain.blocks[1] as Extract<Block, { kind: 'branch' }>).merge!, 'if');
    const arms = (chainOf(d)!.blocks[1] as Extract<Block, { kind: 'branch' }>).arms;
    expect(arms).toHaveLength(3);
    // the new arm is tried before the default one
    expect(d.edges[arms[2]!.edge]!.condition).toBeUndefined();

    removeArm(d, chainOf(d)!.blocks[1] as Extract<Block, { kind: 'branch' }>, (chainOf(d)!.blocks[1] as Extract<Block, { kind: 'branch' }>).arms[0]!);
    expect(shape(chainOf(d)!.blocks)).toEqual([manager, { [branch]: [[], []] }, cc]);
    expect(d.nodes.some((n) => n.id === hr)).toBe(false);

    removeBlock(d, chainOf(d)!.blocks[1]!);
    removeBlock(d, chainOf(d)!.blocks[0]!);
    expect(shape(chainOf(d)!.blocks)).toEqual([cc]);
    expect(d.edges.map((e) => `${e.from}>${e.to}`)).toEqual([`start>${cc}`, `${cc}>done`]);
  });
});
