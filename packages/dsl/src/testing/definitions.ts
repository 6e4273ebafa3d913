import type { Definition } from '../definition';

/** Builders for definitions used by the package's own tests. */
export function twoStepApproval(overrides: Partial<Definition> = {}): Definition {
  return {
    id: 'leave',
    name: 'Leave request',
    kind: 'approval',
    form: {
      fields: [
        { key: 'days', label: 'Days', type: 'number', required: true, min: 0.5, max: 30 },
        { key: 'reason', label: 'Reason', type: 'text' },
      ],
    },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'manager', type: 'approval', config: { title: 'Leave: {{form.days}} days', assignees: [{ type: 'user', value: 'bob' }] } },
      { id: 'hr', type: 'approval', config: { assignees: [{ type: 'user', value: 'carol' }] } },
      { id: 'approved', type: 'end', config: { status: 'completed' } },
      { id: 'rejected', type: 'end', config: { status: 'rejected' } },
    ],
    edges: [
      { from: 'start', to: 'manager' },
      { from: 'manager', to: 'hr', on: 'approved' },
      { from: 'manager', to: 'rejected', on: 'rejected' },
      { from: 'hr', to: 'approved', on: 'approved' },
      { from: 'hr', to: 'rejected', on: 'rejected' },
    ],
    ...overrides,
  };
}

export const initiator = { id: 'alice', name: 'Alice' };
export const instance = { id: 'i-1' };
