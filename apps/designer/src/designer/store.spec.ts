import type { Definition } from '@baton/dsl';
import { blankDefinition, createDesignerStore } from './store';

function leave(): Definition {
  return {
    ...blankDefinition(),
    id: 'leave',
    nodes: [{ id: 'start', type: 'start' }, { id: 'boss', type: 'approval', config: { assignees: [{ type: 'user', value: 'bob' }] } }, { id: 'end', type: 'end' }],
    edges: [{ from: 'start', to: 'boss' }, { from: 'boss', to: 'end', on: 'approved' }],
    layout: { start: { x: 0, y: 0 }, boss: { x: 200, y: 0 }, end: { x: 400, y: 0 } },
  };
}

describe('the designer store', () => {
  it('undoes and redoes each edit exactly', () => {
    const store = createDesignerStore(leave());
    const original = store.getState().definition;
    const id = store.getState().addNode('branch', { x: 10.4, y: 20.6 });
    store.getState().connect('boss', id, 'approved');
    const edited = store.getState().definition;
    expect(edited.nodes.map((n) => n.id)).toEqual(['start', 'boss', 'end', 'branch']);
    expect(edited.layout!.branch).toEqual({ x: 10, y: 21 });

    store.getState().undo();
    expect(store.getState().definition.edges).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().definition).toEqual(original);
    expect(store.getState().past).toHaveLength(0);

    store.getState().redo();
    store.getState().redo();
    expect(store.getState().definition).toEqual(edited);
    expect(store.getState().future).toHaveLength(0);
  });

  it('forgets the redo history when a new edit is made', () => {
    const store = createDesignerStore(leave());
    store.getState().updateNode('boss', { title: 'Manager' });
    store.getState().undo();
    store.getState().updateNode('boss', { title: 'Head' });
    expect(store.getState().future).toHaveLength(0);
    store.getState().redo();
    expect(store.getState().definition.nodes[1]!.title).toBe('Head');
  });

  it('deletes the selected nodes with their edges and positions, in one undoable step', () => {
    const store = createDesignerStore(leave());
    store.getState().select({ nodes: ['boss'], edges: [] });
    store.getState().deleteSelection();
    const { definition } = store.getState();
    expect(definition.nodes.map((n) => n.id)).toEqual(['start', 'end']);
    expect(definition.edges).toEqual([]);
    expect(definition.layout).not.toHaveProperty('boss');
    store.getState().undo();
    expect(store.getState().definition).toEqual(leave());
  });

  it('pastes copied nodes under new ids with the edges between them', () => {
    const store = createDesignerStore(leave());
    store.getState().select({ nodes: ['boss', 'end'] });
    store.getState().copySelection();
    store.getState().paste();
    const { definition, selection } = store.getState();
    expect(selection.nodes).toEqual(['boss2', 'end2']);
    expect(definition.edges.at(-1)).toEqual({ from: 'boss2', to: 'end2', on: 'approved' });
    expect(definition.layout!.boss2).toEqual({ x: 240, y: 40 });
  });

  it('renames a node everywhere it is referred to', () => {
    const store = createDesignerStore(leave());
    store.getState().renameNode('boss', 'manager');
    const { definition } = store.getState();
    expect(definition.edges).toEqual([{ from: 'start', to: 'manager' }, { from: 'manager', to: 'end', on: 'approved' }]);
    expect(definition.layout!.manager).toEqual({ x: 200, y: 0 });
  });

  it('lays the graph out from top to bottom', () => {
    const store = createDesignerStore({ ...leave(), layout: {} });
    store.getState().layout();
    const at = store.getState().definition.layout!;
    expect(at.start!.y).toBeLessThan(at.boss!.y);
    expect(at.boss!.y).toBeLessThan(at.end!.y);
    expect(at.start!.x).toBe(at.end!.x);
  });

  it('inserts a node on an edge, keeping what the edge meant, in one undoable step', () => {
    const store = createDesignerStore(leave());
    const id = store.getState().insertOnEdge(1, 'approval', 'approved');
    const { definition } = store.getState();
    expect(definition.edges).toEqual([{ from: 'start', to: 'boss' }, { from: 'boss', to: id, on: 'approved' }, { from: id, to: 'end', on: 'approved' }]);
    expect(definition.layout![id!]!.y).toBeGreaterThan(definition.layout!.boss!.y);
    expect(definition.layout![id!]!.y).toBeLessThan(definition.layout!.end!.y);
    store.getState().undo();
    expect(store.getState().definition).toEqual(leave());
    expect(store.getState().insertOnEdge(9, 'delay')).toBeNull();
  });

  it('lays out nodes nothing leads to yet one under the other, in the order they were added', () => {
    const store = createDesignerStore({ ...leave(), edges: [], layout: {} });
    store.getState().layout();
    const at = store.getState().definition.layout!;
    expect(at.start!.y).toBeLessThan(at.boss!.y);
    expect(at.boss!.y).toBeLessThan(at.end!.y);
  });
});
