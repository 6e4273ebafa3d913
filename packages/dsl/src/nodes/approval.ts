import { Type } from '@sinclair/typebox';
import type { FormField } from '../definition';
import { checkTemplate } from '../templates';
import type { ConfigProblem } from './sdk';
import { approvalMachine } from './approval-machine';
import { array, boolean, defineNode, duration, enumOf, integer, number, optional, schema, string, text } from './sdk';

const Assignee = schema({
  type: enumOf(['user', 'role', 'manager', 'managers', 'departmentHead', 'field', 'initiator', 'chosen'] as const, {
    description: 'user: a named person; role: its holders; manager: the initiator\'s manager at `level`; managers: every manager up to `level`; '
      + 'departmentHead: head of `value` or of the initiator\'s departments; field: a people field of the form; initiator; chosen: picked by the initiator at submit',
  }),
  value: optional(string({ minLength: 1, description: 'user id, role, department id or form field key' })),
  level: optional(integer({ minimum: 1, maximum: 4, description: 'manager level (1 = direct manager)' })),
});

/** Problems of a list of people specs (approvers, copies), pointers under `base`. */
export function peopleProblems(people: ReadonlyArray<{ type: string; value?: string; level?: number }>, fields: readonly FormField[], base: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  people.forEach((a, i) => {
    const at = `${base}/${i}`;
    if (['user', 'role', 'field'].includes(a.type) && !a.value) problems.push({ pointer: `${at}/value`, message: `a ${a.type} entry needs a value` });
    if ((a.type === 'manager' || a.type === 'managers') && a.level === undefined) problems.push({ pointer: `${at}/level`, message: `a ${a.type} entry needs a level (1..4)` });
    if (a.type === 'field' && a.value) {
      const field = fields.find((f) => f.key === a.value);
      if (!field) problems.push({ pointer: `${at}/value`, message: `unknown form field "${a.value}"` });
      else if (field.type !== 'people') problems.push({ pointer: `${at}/value`, message: `form field "${a.value}" is not a people field` });
    }
  });
  return problems;
}

export const approval = defineNode({
  type: 'approval',
  title: 'Approval',
  category: 'people',
  icon: 'stamp',
  description: 'Asks people to approve or reject; leaves by "approved" or "rejected".',
  behaviour: 'approval',
  outputs: ['approved', 'rejected'],
  config: schema({
    title: optional(text({ description: 'task title shown in the inbox (Handlebars over form, initiator, vars)' })),
    assignees: array(Assignee, { minItems: 1 }),
    mode: optional(enumOf(['any', 'all', 'sequential', 'vote'] as const, {
      default: 'any', description: 'any: the first decision counts; all: everyone must approve; sequential: one after another; vote: approved at passRatio',
    })),
    passRatio: optional(number({ exclusiveMinimum: 0, maximum: 1, description: 'vote: share of approvals needed, e.g. 0.5' })),
    whenNobody: optional(enumOf(['approve', 'reject', 'admin'] as const, { default: 'reject', description: 'when no approver resolves' })),
    admin: optional(string({ minLength: 1, description: 'whenNobody "admin": who gets the task' })),
    skipApproved: optional(enumOf(['never', 'adjacent', 'anywhere'] as const, {
      default: 'never', description: 'count an earlier approval by the same person (at the previous approval node, or anywhere before)',
    })),
    whenInitiator: optional(enumOf(['keep', 'approve'] as const, { default: 'keep', description: 'approve: the initiator\'s own approval is given automatically' })),
    requireSignature: optional(boolean({ description: 'approvers must sign (a drawn signature image) to approve' })),
    fields: optional(Type.Record(Type.String(), enumOf(['editable', 'readonly', 'hidden'] as const), {
      description: 'per form field: what this node\'s approvers may do with it (read-only when not named)',
    })),
    deadlines: optional(schema({
      remindAfter: optional(duration({ description: 'remind the approvers after this long' })),
      escalateAfter: optional(duration({ description: 'move open tasks to each approver\'s manager after this long' })),
      decideAfter: optional(duration({ description: 'decide automatically after this long' })),
      decision: optional(enumOf(['approve', 'reject'] as const, { default: 'reject', description: 'the automatic decision' })),
    })),
  }),
  check(config, { fields }) {
    const problems: ConfigProblem[] = [];
    if (config.title !== undefined) {
      const error = checkTemplate(config.title);
      if (error) problems.push({ pointer: '/title', message: `template does not parse: ${error}` });
    }
    problems.push(...peopleProblems(config.assignees, fields, '/assignees'));
    for (const key of Object.keys(config.fields ?? {})) {
      if (!fields.some((f) => f.key === key)) problems.push({ pointer: `/fields/${key}`, message: `unknown form field "${key}"` });
    }
    if (config.mode === 'vote' && config.passRatio === undefined) problems.push({ pointer: '/passRatio', message: 'a vote needs a pass ratio' });
    if (config.whenNobody === 'admin' && !config.admin) problems.push({ pointer: '/admin', message: 'whenNobody "admin" needs the admin who gets the task' });
    return problems;
  },
  machine: approvalMachine,
});
