import { Type } from '@sinclair/typebox';
import type { FormField } from '../definition';
import type { ApprovalConfig } from './approval-rules';
import { checkTemplate } from '../templates';
import { isWorkingDuration } from '../calendar';
import { parseDuration } from '../duration';
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

/** Quorum rules must fit the mode: groups for quorum, a pass weight for weighted, and someone to ask. */
function quorumProblems(config: ApprovalConfig, fields: readonly FormField[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const q = config.quorum;
  const mode = config.mode ?? 'any';
  q?.groups?.forEach((g, i) => problems.push(...peopleProblems(g.assignees, fields, `/quorum/groups/${i}/assignees`)));
  q?.weights?.forEach((w, i) => problems.push(...peopleProblems(w.assignees, fields, `/quorum/weights/${i}/assignees`)));
  if (q?.veto) problems.push(...peopleProblems(q.veto, fields, `/quorum/veto`));
  if (mode === 'quorum' && !q?.groups?.length) problems.push({ pointer: '/quorum/groups', message: 'a quorum needs at least one group with a count' });
  if (mode !== 'quorum' && q?.groups) problems.push({ pointer: '/quorum/groups', message: 'groups count only in mode "quorum"' });
  if (mode === 'weighted' && q?.passWeight === undefined) problems.push({ pointer: '/quorum/passWeight', message: 'a weighted decision needs a pass weight' });
  if (mode !== 'weighted' && (q?.weights || q?.passWeight !== undefined)) problems.push({ pointer: q?.weights ? '/quorum/weights' : '/quorum/passWeight', message: 'weights count only in mode "weighted"' });
  if (config.assignees.length === 0 && !q?.groups?.length && !q?.weights?.length) problems.push({ pointer: '/assignees', message: 'names nobody: name assignees, or quorum groups or weights' });
  return problems;
}

/** Working-time durations are days, hours and minutes; a warning needs a deadline to warn of. */
function deadlineProblems(deadlines: ApprovalConfig['deadlines']): ConfigProblem[] {
  if (!deadlines) return [];
  const problems: ConfigProblem[] = [];
  if (deadlines.workingTime) {
    for (const key of ['remindAfter', 'escalateAfter', 'escalateAgainAfter', 'decideAfter'] as const) {
      const value = deadlines[key];
      if (value !== undefined && !isWorkingDuration(value)) problems.push({ pointer: `/deadlines/${key}`, message: `"${value}" cannot be counted in working time; use days, hours and minutes (P2D, PT4H)` });
    }
  }
  if (deadlines.warnAt !== undefined && !deadlines.decideAfter && !deadlines.escalateAfter) {
    problems.push({ pointer: '/deadlines/warnAt', message: 'a warning needs decideAfter or escalateAfter to warn of' });
  }
  if (deadlines.escalateAgainAfter !== undefined && !deadlines.escalateAfter) {
    problems.push({ pointer: '/deadlines/escalateAgainAfter', message: 'a second escalation needs escalateAfter, the first' });
  }
  // the ladder climbs in order: remind, escalate to level 1, level 2, decide
  const rungs = (['remindAfter', 'escalateAfter', 'escalateAgainAfter', 'decideAfter'] as const)
    .filter((key) => deadlines[key] !== undefined).map((key) => ({ key, ms: parseDuration(deadlines[key]!) }));
  rungs.forEach((rung, i) => {
    const before = rungs.slice(0, i).find((r) => r.ms !== null && rung.ms !== null && r.ms >= rung.ms);
    if (before) problems.push({ pointer: `/deadlines/${rung.key}`, message: `must come after ${before.key} (${deadlines[before.key]}): the ladder is remind, escalate, escalate again, decide` });
  });
  return problems;
}

/** The fields whose change makes a node decide again (resubmit.skipUnchanged): the ones its approvers see. */
export function watchedFields(config: Pick<ApprovalConfig, 'fields'>, fields: readonly FormField[]): string[] {
  return fields.map((f) => f.key).filter((key) => config.fields?.[key] !== 'hidden');
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
    assignees: array(Assignee, { description: 'who is asked (the people of quorum groups, weights and veto are asked too)' }),
    mode: optional(enumOf(['any', 'all', 'sequential', 'vote', 'quorum', 'weighted'] as const, {
      default: 'any', description: 'any: the first decision counts; all: everyone must approve; sequential: one after another; vote: approved at passRatio; '
        + 'quorum: every group of quorum.groups reaches its count; weighted: the approved weight reaches quorum.passWeight',
    })),
    passRatio: optional(number({ exclusiveMinimum: 0, maximum: 1, description: 'vote: share of approvals needed, e.g. 0.5' })),
    whenNobody: optional(enumOf(['approve', 'reject', 'admin'] as const, { default: 'reject', description: 'when no approver resolves' })),
    admin: optional(string({ minLength: 1, description: 'whenNobody "admin": who gets the task' })),
    skipApproved: optional(enumOf(['never', 'adjacent', 'anywhere'] as const, {
      default: 'never', description: 'count an earlier approval by the same person (at the previous approval node, or anywhere before)',
    })),
    whenInitiator: optional(enumOf(['keep', 'approve'] as const, { default: 'keep', description: 'approve: the initiator\'s own approval is given automatically' })),
    requireSignature: optional(boolean({ description: 'approvers must sign (a drawn signature image) to approve' })),
    quorum: optional(schema({
      groups: optional(array(schema({
        name: optional(string({ minLength: 1, maxLength: 100 })),
        assignees: array(Assignee, { minItems: 1 }),
        count: integer({ minimum: 1, description: 'approvals needed from this group' }),
      }), { minItems: 1, description: 'quorum: e.g. 2 of finance and 1 of legal' })),
      weights: optional(array(schema({
        assignees: array(Assignee, { minItems: 1 }),
        weight: number({ exclusiveMinimum: 0 }),
      }), { minItems: 1, description: 'weighted: the weight of each person\'s approval (1 when not named)' })),
      passWeight: optional(number({ exclusiveMinimum: 0, description: 'weighted: the approved weight that passes' })),
      veto: optional(array(Assignee, { minItems: 1, description: 'any mode: one rejection by one of them rejects the node' })),
    })),
    resubmit: optional(schema({
      to: optional(enumOf(['returner', 'start'] as const, { default: 'returner', description: 'after this node returns the request to the initiator: back to this node, or the whole path again' })),
      skipUnchanged: optional(boolean({ description: 'when the path reaches this node again: approved automatically if it approved before and no field its approvers see changed' })),
    }, { description: 'what a resubmission does after a return' })),
    fields: optional(Type.Record(Type.String(), enumOf(['editable', 'readonly', 'hidden'] as const), {
      description: 'per form field: what this node\'s approvers may do with it (read-only when not named)',
    })),
    deadlines: optional(schema({
      remindAfter: optional(duration({ description: 'remind the approvers after this long' })),
      escalateAfter: optional(duration({ description: 'move open tasks to each approver\'s manager after this long (the ladder\'s level 1)' })),
      escalateAgainAfter: optional(duration({ description: 'move open tasks up once more after this long (level 2: the managers\' managers); later than escalateAfter' })),
      decideAfter: optional(duration({ description: 'decide automatically after this long' })),
      decision: optional(enumOf(['approve', 'reject'] as const, { default: 'reject', description: 'the automatic decision' })),
      workingTime: optional(boolean({ description: 'count the durations in the tenant\'s working calendar (P2D: two working days), skipping nights, weekends and holidays' })),
      warnAt: optional(number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'warn the approvers when this share of the time until the last deadline has passed, e.g. 0.8' })),
    })),
  }),
  check(config, { fields }) {
    const problems: ConfigProblem[] = [];
    if (config.title !== undefined) {
      const error = checkTemplate(config.title);
      if (error) problems.push({ pointer: '/title', message: `template does not parse: ${error}` });
    }
    problems.push(...peopleProblems(config.assignees, fields, '/assignees'), ...quorumProblems(config, fields));
    for (const key of Object.keys(config.fields ?? {})) {
      if (!fields.some((f) => f.key === key)) problems.push({ pointer: `/fields/${key}`, message: `unknown form field "${key}"` });
    }
    if (config.mode === 'vote' && config.passRatio === undefined) problems.push({ pointer: '/passRatio', message: 'a vote needs a pass ratio' });
    if (config.whenNobody === 'admin' && !config.admin) problems.push({ pointer: '/admin', message: 'whenNobody "admin" needs the admin who gets the task' });
    problems.push(...deadlineProblems(config.deadlines));
    if (config.resubmit?.skipUnchanged && watchedFields(config, fields).length === 0) {
      problems.push({ pointer: '/resubmit/skipUnchanged', message: 'its approvers see no form field, so nothing could tell a change' });
    }
    return problems;
  },
  machine: approvalMachine,
});
