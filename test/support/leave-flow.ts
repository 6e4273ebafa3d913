import type { Definition } from '@baton/dsl';

/** The leave approval the analyst builds in the browser test, as the designer saves it. */
export function leaveFlow(id = 'leave-ui'): Definition {
  return {
    id,
    name: 'Leave (UI)',
    kind: 'approval',
    category: 'HR',
    form: { fields: [{ key: 'days', label: 'Days', type: 'number', required: true }] },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'approval', type: 'approval', title: 'Manager', config: { assignees: [{ type: 'user', value: 'bob' }] } },
      { id: 'branch', type: 'branch', title: 'Long leave?' },
      { id: 'approval2', type: 'approval', title: 'HR', config: { assignees: [{ type: 'user', value: 'carol' }] } },
      { id: 'end', type: 'end', title: 'Done' },
    ],
    edges: [
      { from: 'start', to: 'approval' },
      { from: 'approval', to: 'branch', on: 'approved' },
      { from: 'branch', to: 'approval2', condition: { '>': [{ var: 'form.days' }, 3] } },
      { from: 'branch', to: 'end' },
      { from: 'approval2', to: 'end', on: 'approved' },
    ],
  } as Definition;
}
