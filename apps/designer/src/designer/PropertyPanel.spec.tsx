/** @jest-environment jsdom */
import type { Definition } from '@baton/dsl';
import { act, fireEvent, render, screen } from '@testing-library/react';
import '../shell/i18n';
import { optionTexts, pick } from '../test-support/antd-select';
import { useDirectory } from '../shell/directory';
import { builtinInfos, useNodeTypes } from './node-types';
import { formSchemaOf, PropertyPanel } from './PropertyPanel';
import { blankDefinition, useDesigner } from './store';

function flow(): Definition {
  return {
    ...blankDefinition(),
    form: { fields: [{ key: 'days', label: 'Days', type: 'number' }, { key: 'salary', label: 'Salary', type: 'money' }] },
    nodes: [{ id: 'start', type: 'start' }, { id: 'boss', type: 'approval', title: 'Manager' }, { id: 'end', type: 'end' }],
    edges: [{ from: 'start', to: 'boss' }],
  };
}

function show(nodeId: string) {
  act(() => {
    useNodeTypes.getState().set(builtinInfos());
    useDesigner.getState().load(flow());
    useDesigner.getState().select({ nodes: [nodeId], edges: [] });
  });
  return render(<PropertyPanel />);
}


const boss = () => useDesigner.getState().definition.nodes.find((n) => n.id === 'boss')!;

describe('the property panel', () => {
  it('renders the node type\'s JSON Schema as a form, choices as selects, without editing anything on its own', () => {
    const { container } = show('boss');
    expect(container.querySelector('#cfg_title')).not.toBeNull();
    // the antd theme of react-jsonschema-form: choices are antd selects
    expect(optionTexts(container.querySelector('#cfg_mode')!)).toEqual(expect.arrayContaining(['any', 'all', 'sequential', 'vote']));
    expect(screen.getByText('Approvers')).toBeTruthy();
    expect(useDesigner.getState().past).toHaveLength(0);
  });

  it('writes what the analyst picks into the node\'s config', () => {
    act(() => useDirectory.setState({ loaded: true, people: [{ id: 'bob', name: 'Bob Lee', departments: [], roles: [] }], departments: [], roles: [] }));
    const { container } = show('boss');
    fireEvent.click(container.querySelector('#cfg_assignees__add')!);
    // a new approver is the direct manager until another is chosen
    expect(boss().config).toEqual({ assignees: [{ type: 'manager', level: 1 }] });
    pick(document.getElementById('cfg_assignees_0_type')!, 'A person');
    pick(document.getElementById('cfg_assignees_0_value')!, 'Bob Lee');
    pick(container.querySelector('#cfg_mode')!, 'all');
    expect(boss().config).toEqual({ assignees: [{ type: 'user', value: 'bob' }], mode: 'all' });
    act(() => useDesigner.getState().undo());
    expect(boss().config).toEqual({ assignees: [{ type: 'user', value: 'bob' }] });
  });

  it('shows the resubmit policy and the escalation ladder\'s second rung, labelled, and writes them', () => {
    const { container } = show('boss');
    expect(screen.getByText('After a return and resubmit')).toBeTruthy();
    expect(screen.getByText('Escalate again (level 2) after')).toBeTruthy();
    const to = container.querySelector('#cfg_resubmit_to')!;
    expect(optionTexts(to)).toEqual(['returner', 'start']);
    pick(to, 'start');
    fireEvent.click(container.querySelector('#cfg_resubmit_skipUnchanged')!);
    fireEvent.change(container.querySelector('#cfg_deadlines_escalateAgainAfter')!, { target: { value: 'P2D' } });
    expect(boss().config).toMatchObject({ resubmit: { to: 'start', skipUnchanged: true }, deadlines: { escalateAgainAfter: 'P2D' } });
  });

  it('sets per-field permissions of an approval node', () => {
    show('boss');
    pick(screen.getByTestId('permission-salary'), 'Hidden');
    pick(screen.getByTestId('permission-days'), 'Editable');
    expect(boss().config).toEqual({ fields: { salary: 'hidden', days: 'editable' } });
    pick(screen.getByTestId('permission-salary'), 'Read-only');
    expect(boss().config).toEqual({ fields: { days: 'editable' } });
  });

  it('connects the node to another through an output', () => {
    show('boss');
    pick(screen.getByTestId('connect-target'), 'end');
    pick(screen.getByTestId('connect-output'), 'rejected');
    fireEvent.click(screen.getByTestId('connect'));
    expect(useDesigner.getState().definition.edges).toContainEqual({ from: 'boss', to: 'end', on: 'rejected' });
  });

  it('shows no approval settings for a node without them', () => {
    show('start');
    expect(screen.queryByTestId('field-permissions')).toBeNull();
  });

  it('spells TypeBox choices as enums for the form library', () => {
    expect(formSchemaOf({ type: 'object', properties: { mode: { anyOf: [{ const: 'a', type: 'string' }, { const: 'b', type: 'string' }], default: 'a' } } }, (k) => k.toUpperCase()))
      .toEqual({ type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'], default: 'a', title: 'MODE' } } });
  });
});
