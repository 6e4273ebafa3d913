import { peopleProblems } from './approval';
import type { AssigneeSpec } from './approval-rules';
import { array, defineNode, enumOf, integer, optional, schema, string } from './sdk';

const Person = schema({
  type: enumOf(['user', 'role', 'manager', 'managers', 'departmentHead', 'field', 'initiator', 'chosen'] as const),
  value: optional(string({ minLength: 1 })),
  level: optional(integer({ minimum: 1, maximum: 4 })),
});

/** Copies people on the request: they can read it and are told, but have nothing to decide. */
export const copy = defineNode({
  type: 'cc',
  title: 'Copy (CC)',
  category: 'people',
  icon: 'mail',
  description: 'Lets people read the request and tells them about it; they cannot act on it. Goes on at once.',
  behaviour: 'copy',
  config: schema({ people: array(Person, { minItems: 1, description: 'who is copied, named like approvers' }) }),
  check: (config, { fields }) => peopleProblems(config.people, fields, '/people'),
  machine: (kit) => ({
    entry: [kit.enter, ...kit.copy((kit.node.config as { people: AssigneeSpec[] }).people)],
    always: kit.leave('next'),
  }),
});
