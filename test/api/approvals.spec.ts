import type { Definition } from '@baton/dsl';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ManualClock } from '../../apps/engine/src/clock/clock';
import { DueTimers } from '../../apps/engine/src/effects/due-timers';
import { TIMERS_QUEUE } from '../../apps/engine/src/effects/queues';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { claimsOf, linksFor } from '../support/links';
import { fourLevelOrg } from '../support/org';
import { startMailbox } from '../support/smtp';
import { auth, decide, pendingTask, publish } from '../support/workflows';

/**
 * Approval scenarios, table-driven: a definition (one or two approval nodes),
 * who submits, who does what, and what must come out: the final status, the
 * path, every task with its final status, and the notes of rules applied.
 *
 * The organisation: company (head ceo) > ops (head vp) > sales (head lead) >
 * east (no head); hr (head hrhead). rep reports to lead, lead to vp, vp to ceo;
 * rep is in east and hr. Business roles: finance (bob, dan); hrbp per
 * department (dave for sales, erin for company); legal (nobody, until a
 * scenario names a holder). The tenant's calendar: Shanghai, Monday to Friday
 * 09:00-18:00, National Day (1 October 2026) a holiday, Sunday 27 September a
 * make-up working day. The engine's clock is a ManualClock: scenarios with
 * deadlines set it (`at`, then 'clock' actions) and fire the timers due.
 */
interface Scenario {
  name: string;
  first: Record<string, unknown>;
  second?: Record<string, unknown>;
  initiator?: string;
  form?: Record<string, unknown>;
  chosen?: Record<string, string[]>;
  /** when the request is submitted (the engine's clock is moved there; scenarios with one come in time order) */
  at?: string;
  actions: Array<[string, 'approve' | 'reject', ('first' | 'second')?] | [string, 'return' | 'transfer', 'first' | 'second', string] | [string, 'resubmit', Record<string, unknown>] | [string, 'withdraw'] | [string, 'add-signer', 'first' | 'second', string, 'before' | 'after' | 'parallel']
    // the clock moves to a moment: no timer is due yet (quiet), or one fires
    | ['clock', 'quiet' | 'fires', string]
    // wait until someone holds a task at the node (an escalation lands)
    | [string, 'holds', 'first' | 'second']
    // one-tap links of the e-mail about the person's task at the first node: used as sent, or forged; the status the link route answers
    | [string, 'link' | 'forged', 'approve' | 'reject', number]
    // an admin names a holder of a business role
    | ['admin', 'hold', string, string]>;
  status: string;
  path: string[];
  tasks: Record<string, string>;
  notes?: string[];
  /** notifications per person: kinds, sorted */
  told?: Record<string, string[]>;
}

const user = (value: string) => ({ type: 'user', value });
const users = (...ids: string[]) => ids.map(user);

const scenarios: Scenario[] = [
  { name: 'any: the first approval decides', told: { bob: ['assigned'], dan: ['assigned'], rep: ['completed'] }, first: { assignees: users('bob', 'dan') }, actions: [['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'cancelled', 'first/dan': 'approved' } },
  { name: 'any: a rejection ends it', told: { bob: ['assigned'], dan: ['assigned'], rep: ['rejected'] }, first: { assignees: users('bob', 'dan') }, actions: [['bob', 'reject']], status: 'rejected', path: ['first'], tasks: { 'first/bob': 'rejected', 'first/dan': 'cancelled' } },
  { name: 'all: everyone approves (countersign)', told: { bob: ['assigned'], dan: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob', 'dan'), mode: 'all' }, actions: [['bob', 'approve'], ['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dan': 'approved' } },
  { name: 'all: one rejection rejects', told: { bob: ['assigned'], dan: ['assigned'], erin: ['assigned'], rep: ['approved', 'rejected'] }, first: { assignees: users('bob', 'dan', 'erin'), mode: 'all' }, actions: [['bob', 'approve'], ['dan', 'reject']], status: 'rejected', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dan': 'rejected', 'first/erin': 'cancelled' } },
  { name: 'sequential: one after another', told: { bob: ['assigned'], dan: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob', 'dan'), mode: 'sequential' }, actions: [['bob', 'approve'], ['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dan': 'approved' } },
  { name: 'vote: passes at the ratio, the rest are cancelled', told: { bob: ['assigned'], dan: ['assigned'], erin: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob', 'dan', 'erin'), mode: 'vote', passRatio: 0.6 }, actions: [['bob', 'approve'], ['erin', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dan': 'cancelled', 'first/erin': 'approved' } },
  { name: 'vote: fails when the ratio cannot be reached', told: { bob: ['assigned'], dan: ['assigned'], erin: ['assigned'], rep: ['rejected'] }, first: { assignees: users('bob', 'dan', 'erin'), mode: 'vote', passRatio: 0.6 }, actions: [['bob', 'reject'], ['dan', 'reject']], status: 'rejected', path: ['first'], tasks: { 'first/bob': 'rejected', 'first/dan': 'rejected', 'first/erin': 'cancelled' } },
  { name: 'the direct manager of the initiator', told: { lead: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'manager', level: 1 }] }, actions: [['lead', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/lead': 'approved' } },
  { name: 'the level-2 manager', told: { rep: ['completed'], vp: ['assigned'] }, first: { assignees: [{ type: 'manager', level: 2 }] }, actions: [['vp', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/vp': 'approved' } },
  {
    name: 'every manager up to level 4, in order, noting the missing level', told: { ceo: ['assigned'], lead: ['assigned'], rep: ['approved', 'approved', 'completed'], vp: ['assigned'] }, first: { assignees: [{ type: 'managers', level: 4 }], mode: 'sequential' },
    actions: [['lead', 'approve'], ['vp', 'approve'], ['ceo', 'approve']], status: 'completed', path: ['first'],
    tasks: { 'first/lead': 'approved', 'first/vp': 'approved', 'first/ceo': 'approved' }, notes: ['the initiator has no level-4 manager'],
  },
  { name: 'the heads of the initiator\'s departments', told: { hrhead: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'departmentHead' }] }, actions: [['hrhead', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/hrhead': 'approved' }, notes: ['department east has no head'] },
  { name: 'the head of a named department', told: { lead: ['assigned'], rep: ['rejected'] }, first: { assignees: [{ type: 'departmentHead', value: 'sales' }] }, actions: [['lead', 'reject']], status: 'rejected', path: ['first'], tasks: { 'first/lead': 'rejected' } },
  { name: 'everyone with a role', told: { admin: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'role', value: 'superAdmin' }] }, actions: [['admin', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/admin': 'approved' } },
  { name: 'a people field of the form', told: { erin: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'field', value: 'approver' }] }, form: { approver: 'erin' }, actions: [['erin', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/erin': 'approved' } },
  { name: 'a person chosen by the initiator', told: { dan: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'chosen' }] }, chosen: { first: ['dan'] }, actions: [['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/dan': 'approved' } },
  { name: 'a combination, without duplicates', told: { dan: ['assigned'], lead: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: [{ type: 'manager', level: 1 }, user('lead'), user('dan')], mode: 'all' }, actions: [['lead', 'approve'], ['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/lead': 'approved', 'first/dan': 'approved' } },
  { name: 'nobody resolves: approve automatically', told: { rep: ['completed'] }, first: { assignees: [{ type: 'manager', level: 4 }], whenNobody: 'approve' }, actions: [], status: 'completed', path: ['first'], tasks: {}, notes: ['the initiator has no level-4 manager', 'no approver resolved; approved automatically'] },
  { name: 'nobody resolves: reject', told: { rep: ['rejected'] }, first: { assignees: [{ type: 'manager', level: 4 }], whenNobody: 'reject' }, actions: [], status: 'rejected', path: ['first'], tasks: {}, notes: ['the initiator has no level-4 manager', 'no approver resolved; rejected automatically'] },
  { name: 'nobody resolves: hand to a named admin', told: { erin: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'manager', level: 4 }], whenNobody: 'admin', admin: 'erin' }, actions: [['erin', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/erin': 'approved' }, notes: ['the initiator has no level-4 manager', 'no approver resolved; handed to erin'] },
  {
    name: 'an approval at the previous node counts again (adjacent)', told: { bob: ['assigned'], dan: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob') }, second: { assignees: users('bob', 'dan'), mode: 'all', skipApproved: 'adjacent' },
    actions: [['bob', 'approve'], ['dan', 'approve', 'second']], status: 'completed', path: ['first', 'second'],
    tasks: { 'first/bob': 'approved', 'second/bob': 'approved', 'second/dan': 'approved' }, notes: ['bob approved automatically (approved before)'],
  },
  {
    name: 'an earlier approval does not count when the node says never', told: { bob: ['assigned', 'assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob') }, second: { assignees: users('bob') },
    actions: [['bob', 'approve'], ['bob', 'approve', 'second']], status: 'completed', path: ['first', 'second'], tasks: { 'first/bob': 'approved', 'second/bob': 'approved' },
  },
  { name: 'the initiator as approver is approved automatically', told: { dan: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'initiator' }, user('dan')], mode: 'all', whenInitiator: 'approve' }, actions: [['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/dan': 'approved', 'first/rep': 'approved' }, notes: ['rep approved automatically (is the initiator)'] },
  {
    name: 'return to the previous node, which decides again', told: { bob: ['assigned', 'assigned'], rep: ['approved', 'approved', 'completed'], vp: ['assigned', 'assigned'] }, first: { assignees: users('bob') }, second: { assignees: users('vp') },
    actions: [['bob', 'approve'], ['vp', 'return', 'second', 'previous'], ['bob', 'approve'], ['vp', 'approve', 'second']], status: 'completed', path: ['first', 'second', 'first', 'second'],
    tasks: { 'first/bob': 'approved', 'first#2/bob': 'approved', 'second/vp': 'returned', 'second#2/vp': 'approved' },
  },
  {
    name: 'return to an earlier node by its id', told: { bob: ['assigned', 'assigned'], rep: ['approved', 'rejected'], vp: ['assigned'] }, first: { assignees: users('bob') }, second: { assignees: users('vp') },
    actions: [['bob', 'approve'], ['vp', 'return', 'second', 'first'], ['bob', 'reject']], status: 'rejected', path: ['first', 'second', 'first'],
    tasks: { 'first/bob': 'approved', 'first#2/bob': 'rejected', 'second/vp': 'returned' },
  },
  {
    name: 'return to the initiator, who edits and resubmits', told: { bob: ['assigned', 'assigned'], rep: ['completed', 'returned'] }, first: { assignees: users('bob') }, form: { approver: 'dan' },
    actions: [['bob', 'return', 'first', 'initiator'], ['rep', 'resubmit', { approver: 'erin' }], ['bob', 'approve']], status: 'completed', path: ['first', 'first'],
    tasks: { 'first/bob': 'returned', 'first#2/bob': 'approved' },
  },
  { name: 'sequential: the second person rejects', told: { bob: ['assigned'], dan: ['assigned'], rep: ['approved', 'rejected'] }, first: { assignees: users('bob', 'dan'), mode: 'sequential' }, actions: [['bob', 'approve'], ['dan', 'reject']], status: 'rejected', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dan': 'rejected' } },
  { name: 'sequential: three people in order', told: { bob: ['assigned'], dan: ['assigned'], erin: ['assigned'], rep: ['approved', 'approved', 'completed'] }, first: { assignees: users('bob', 'dan', 'erin'), mode: 'sequential' }, actions: [['bob', 'approve'], ['dan', 'approve'], ['erin', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dan': 'approved', 'first/erin': 'approved' } },
  { name: 'vote at ratio 1 needs everyone', told: { bob: ['assigned'], dan: ['assigned'], erin: ['assigned'], rep: ['approved', 'rejected'] }, first: { assignees: users('bob', 'dan', 'erin'), mode: 'vote', passRatio: 1 }, actions: [['bob', 'approve'], ['dan', 'reject']], status: 'rejected', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dan': 'rejected', 'first/erin': 'cancelled' } },
  { name: 'vote: two of four at ratio 0.5', told: { bob: ['assigned'], dan: ['assigned'], dave: ['assigned'], erin: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob', 'dan', 'erin', 'dave'), mode: 'vote', passRatio: 0.5 }, actions: [['dave', 'approve'], ['bob', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dan': 'cancelled', 'first/dave': 'approved', 'first/erin': 'cancelled' } },
  { name: 'every manager up to level 2, all at once', told: { lead: ['assigned'], rep: ['approved', 'completed'], vp: ['assigned'] }, first: { assignees: [{ type: 'managers', level: 2 }], mode: 'all' }, actions: [['vp', 'approve'], ['lead', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/lead': 'approved', 'first/vp': 'approved' } },
  { name: 'level-1 manager, then level-2 manager', told: { lead: ['assigned'], rep: ['approved', 'completed'], vp: ['assigned'] }, first: { assignees: [{ type: 'manager', level: 1 }] }, second: { assignees: [{ type: 'manager', level: 2 }] }, actions: [['lead', 'approve'], ['vp', 'approve', 'second']], status: 'completed', path: ['first', 'second'], tasks: { 'first/lead': 'approved', 'second/vp': 'approved' } },
  { name: 'several people in a people field, all must approve', told: { dan: ['assigned'], erin: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: [{ type: 'field', value: 'approvers' }], mode: 'all' }, form: { approvers: ['dan', 'erin'] }, actions: [['erin', 'approve'], ['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/dan': 'approved', 'first/erin': 'approved' } },
  { name: 'two people chosen by the initiator, one after another', told: { dan: ['assigned'], erin: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: [{ type: 'chosen' }], mode: 'sequential' }, chosen: { first: ['erin', 'dan'] }, actions: [['erin', 'approve'], ['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/dan': 'approved', 'first/erin': 'approved' } },
  {
    name: 'an earlier approval counts anywhere', told: { bob: ['assigned'], dan: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob', 'dan'), mode: 'all' }, second: { assignees: users('dan'), skipApproved: 'anywhere' },
    actions: [['bob', 'approve'], ['dan', 'approve']], status: 'completed', path: ['first', 'second'], tasks: { 'first/bob': 'approved', 'first/dan': 'approved', 'second/dan': 'approved' }, notes: ['dan approved automatically (approved before)'],
  },
  { name: 'the initiator decides their own step when the node keeps them', told: { rep: ['assigned', 'completed'] }, first: { assignees: [{ type: 'initiator' }], whenInitiator: 'keep' }, actions: [['rep', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/rep': 'approved' } },
  { name: 'transfer: the approver hands the task on', told: { bob: ['assigned'], dan: ['assigned'], rep: ['completed'] }, first: { assignees: users('bob') }, actions: [['bob', 'transfer', 'first', 'dan'], ['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'transferred', 'first/dan': 'approved' } },
  { name: 'withdrawn by the initiator before anyone decides', told: { bob: ['assigned', 'withdrawn'], dan: ['assigned', 'withdrawn'] }, first: { assignees: users('bob', 'dan') }, actions: [['rep', 'withdraw']], status: 'withdrawn', path: ['first'], tasks: { 'first/bob': 'cancelled', 'first/dan': 'cancelled' } },
  {
    name: 'returned, resubmitted, then rejected', told: { bob: ['assigned', 'assigned'], rep: ['rejected', 'returned'] }, first: { assignees: users('bob') },
    actions: [['bob', 'return', 'first', 'initiator'], ['rep', 'resubmit', {}], ['bob', 'reject']], status: 'rejected', path: ['first', 'first'], tasks: { 'first/bob': 'returned', 'first#2/bob': 'rejected' },
  },
  { name: 'a department without a head hands to the admin', told: { dave: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'departmentHead', value: 'east' }], whenNobody: 'admin', admin: 'dave' }, actions: [['dave', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/dave': 'approved' }, notes: ['department east has no head', 'no approver resolved; handed to dave'] },
  { name: 'an empty role approves automatically when the node says so', told: { rep: ['completed'] }, first: { assignees: [{ type: 'role', value: 'deptAdmin' }], whenNobody: 'approve' }, actions: [], status: 'completed', path: ['first'], tasks: {}, notes: ['nobody has the role deptAdmin', 'no approver resolved; approved automatically'] },
  { name: 'a signer added before oneself signs first', told: { bob: ['assigned', 'assigned'], dave: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob') }, actions: [['bob', 'add-signer', 'first', 'dave', 'before'], ['dave', 'approve'], ['bob', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dave': 'approved' } },
  { name: 'a signer added after oneself can still reject', told: { bob: ['assigned'], dave: ['assigned'], rep: ['rejected'] }, first: { assignees: users('bob') }, actions: [['bob', 'add-signer', 'first', 'dave', 'after'], ['dave', 'reject']], status: 'rejected', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dave': 'rejected' } },
  { name: 'a rejection at the second node', told: { bob: ['assigned'], rep: ['approved', 'rejected'], vp: ['assigned'] }, first: { assignees: users('bob') }, second: { assignees: [{ type: 'manager', level: 2 }] }, actions: [['bob', 'approve'], ['vp', 'reject', 'second']], status: 'rejected', path: ['first', 'second'], tasks: { 'first/bob': 'approved', 'second/vp': 'rejected' } },
  { name: 'a business role: its holders are asked', told: { bob: ['assigned'], dan: ['assigned'], rep: ['completed'] }, first: { assignees: [{ type: 'role', value: 'finance' }] }, actions: [['dan', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'cancelled', 'first/dan': 'approved' } },
  { name: 'a role scoped by department: the nearest holder up the tree of each of the initiator\'s departments', told: { dave: ['assigned'], erin: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: [{ type: 'role', value: 'hrbp' }], mode: 'all' }, actions: [['dave', 'approve'], ['erin', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/dave': 'approved', 'first/erin': 'approved' } },
  { name: 'a role scoped by department for someone higher up', initiator: 'vp', told: { erin: ['assigned'], vp: ['completed'] }, first: { assignees: [{ type: 'role', value: 'hrbp' }] }, actions: [['erin', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/erin': 'approved' } },
  {
    name: 'quorum: 2 of one group and 1 of another', told: { bob: ['assigned'], carol: ['assigned'], dan: ['assigned'], dave: ['assigned'], erin: ['assigned'], rep: ['approved', 'approved', 'completed'] },
    first: { assignees: [], mode: 'quorum', quorum: { groups: [{ assignees: users('bob', 'carol', 'dan'), count: 2 }, { assignees: users('dave', 'erin'), count: 1 }] } },
    actions: [['bob', 'approve'], ['erin', 'approve'], ['dan', 'approve']], status: 'completed', path: ['first'],
    tasks: { 'first/bob': 'approved', 'first/carol': 'cancelled', 'first/dan': 'approved', 'first/dave': 'cancelled', 'first/erin': 'approved' },
  },
  {
    name: 'quorum: a group that can no longer reach its count rejects', told: { bob: ['assigned'], carol: ['assigned'], dave: ['assigned'], erin: ['assigned'], rep: ['rejected'] },
    first: { assignees: [], mode: 'quorum', quorum: { groups: [{ assignees: users('bob', 'carol'), count: 2 }, { assignees: users('dave', 'erin'), count: 1 }] } },
    actions: [['carol', 'reject']], status: 'rejected', path: ['first'],
    tasks: { 'first/bob': 'cancelled', 'first/carol': 'rejected', 'first/dave': 'cancelled', 'first/erin': 'cancelled' },
  },
  {
    name: 'quorum with a veto: one rejection by the veto holder ends it', told: { bob: ['assigned'], carol: ['assigned'], mallory: ['assigned'], rep: ['approved', 'rejected'] },
    first: { assignees: users('bob', 'carol'), mode: 'vote', passRatio: 0.5, quorum: { veto: users('mallory') } },
    actions: [['bob', 'approve'], ['mallory', 'reject']], status: 'rejected', path: ['first'],
    tasks: { 'first/bob': 'approved', 'first/carol': 'cancelled', 'first/mallory': 'rejected' },
  },
  {
    name: 'weighted: an approval heavy enough passes alone', told: { bob: ['assigned'], carol: ['assigned'], ceo: ['assigned'], rep: ['completed'] },
    first: { assignees: users('bob', 'carol'), mode: 'weighted', quorum: { weights: [{ assignees: users('ceo'), weight: 2 }], passWeight: 2 } },
    actions: [['ceo', 'approve']], status: 'completed', path: ['first'],
    tasks: { 'first/bob': 'cancelled', 'first/carol': 'cancelled', 'first/ceo': 'approved' },
  },
  {
    name: 'weighted: light approvals add up', told: { bob: ['assigned'], carol: ['assigned'], ceo: ['assigned'], rep: ['approved', 'completed'] },
    first: { assignees: users('bob', 'carol'), mode: 'weighted', quorum: { weights: [{ assignees: users('ceo'), weight: 2 }], passWeight: 2 } },
    actions: [['bob', 'approve'], ['carol', 'approve']], status: 'completed', path: ['first'],
    tasks: { 'first/bob': 'approved', 'first/carol': 'approved', 'first/ceo': 'cancelled' },
  },
  { name: 'a signer added in parallel decides beside the adder; both approve', told: { bob: ['assigned'], dave: ['assigned'], rep: ['approved', 'completed'] }, first: { assignees: users('bob') }, actions: [['bob', 'add-signer', 'first', 'dave', 'parallel'], ['bob', 'approve'], ['dave', 'approve']], status: 'completed', path: ['first'], tasks: { 'first/bob': 'approved', 'first/dave': 'approved' } },
  { name: 'a signer added in parallel can reject', told: { bob: ['assigned'], dave: ['assigned'], rep: ['rejected'] }, first: { assignees: users('bob') }, actions: [['bob', 'add-signer', 'first', 'dave', 'parallel'], ['dave', 'reject']], status: 'rejected', path: ['first'], tasks: { 'first/bob': 'cancelled', 'first/dave': 'rejected' } },

  // role holders are looked up when the node is entered: legal has nobody at submit, carol by the time the request reaches it
  {
    name: 'a role\'s holders are found when its node is entered, not at submit', told: { bob: ['assigned'], carol: ['assigned'], rep: ['approved', 'completed'] },
    first: { assignees: users('bob') }, second: { assignees: [{ type: 'role', value: 'legal' }], whenNobody: 'reject' },
    actions: [['admin', 'hold', 'legal', 'carol'], ['bob', 'approve'], ['carol', 'approve', 'second']], status: 'completed', path: ['first', 'second'], tasks: { 'first/bob': 'approved', 'second/carol': 'approved' },
  },
  {
    name: 'resubmit goes straight back to the node that returned it', told: { bob: ['assigned'], rep: ['approved', 'completed', 'returned'], vp: ['assigned', 'assigned'] },
    first: { assignees: users('bob') }, second: { assignees: users('vp') },
    actions: [['bob', 'approve'], ['vp', 'return', 'second', 'initiator'], ['rep', 'resubmit', {}], ['vp', 'approve', 'second']], status: 'completed', path: ['first', 'second', 'second'],
    tasks: { 'first/bob': 'approved', 'second/vp': 'returned', 'second#2/vp': 'approved' },
  },
  {
    name: 'resubmit runs the whole path again when the returning node says so', told: { bob: ['assigned', 'assigned'], rep: ['approved', 'approved', 'completed', 'returned'], vp: ['assigned', 'assigned'] },
    first: { assignees: users('bob') }, second: { assignees: users('vp'), resubmit: { to: 'start' } },
    actions: [['bob', 'approve'], ['vp', 'return', 'second', 'initiator'], ['rep', 'resubmit', {}], ['bob', 'approve'], ['vp', 'approve', 'second']], status: 'completed', path: ['first', 'second', 'first', 'second'],
    tasks: { 'first/bob': 'approved', 'first#2/bob': 'approved', 'second/vp': 'returned', 'second#2/vp': 'approved' }, notes: ['resubmitted; the whole path runs again'],
  },
  {
    name: 'the whole path again skips a node whose fields did not change', told: { bob: ['assigned'], rep: ['approved', 'completed', 'returned'], vp: ['assigned', 'assigned'] },
    first: { assignees: users('bob'), resubmit: { skipUnchanged: true } }, second: { assignees: users('vp'), resubmit: { to: 'start' } }, form: { approver: 'dan' },
    actions: [['bob', 'approve'], ['vp', 'return', 'second', 'initiator'], ['rep', 'resubmit', { approver: 'dan' }], ['vp', 'approve', 'second']], status: 'completed', path: ['first', 'second', 'first', 'second'],
    tasks: { 'first/bob': 'approved', 'first#2/bob': 'approved', 'second/vp': 'returned', 'second#2/vp': 'approved' },
    notes: ['resubmitted; the whole path runs again', 'skipped: the fields approver did not change since it approved'],
  },
  {
    name: 'the whole path again asks a node whose fields changed', told: { bob: ['assigned', 'assigned'], rep: ['approved', 'rejected', 'returned'], vp: ['assigned'] },
    first: { assignees: users('bob'), resubmit: { skipUnchanged: true } }, second: { assignees: users('vp'), resubmit: { to: 'start' } }, form: { approver: 'dan' },
    actions: [['bob', 'approve'], ['vp', 'return', 'second', 'initiator'], ['rep', 'resubmit', { approver: 'erin' }], ['bob', 'reject']], status: 'rejected', path: ['first', 'second', 'first'],
    tasks: { 'first/bob': 'approved', 'first#2/bob': 'rejected', 'second/vp': 'returned' }, notes: ['resubmitted; the whole path runs again'],
  },
  {
    name: 'a one-tap link from the e-mail decides once; used twice, the second use changes nothing', told: { bob: ['assigned'], rep: ['completed'] },
    first: { assignees: users('bob') }, actions: [['bob', 'link', 'approve', 200], ['bob', 'link', 'approve', 409], ['bob', 'link', 'reject', 409]], status: 'completed', path: ['first'], tasks: { 'first/bob': 'approved' },
  },
  {
    name: 'a forged link is refused and changes nothing; the genuine one still works', told: { bob: ['assigned'], dan: ['assigned'], rep: ['rejected'] },
    first: { assignees: users('bob', 'dan') }, actions: [['bob', 'forged', 'approve', 403], ['bob', 'link', 'reject', 200]], status: 'rejected', path: ['first'], tasks: { 'first/bob': 'rejected', 'first/dan': 'cancelled' },
  },
  // from here on the clock moves: each scenario starts later than the one before
  {
    name: 'a deadline in working time counts a make-up working day (Sunday 27 September)', told: { bob: ['assigned'], rep: ['rejected'] }, at: '2026-09-26T10:00:00+08:00',
    first: { assignees: users('bob'), deadlines: { decideAfter: 'P1D', workingTime: true } },
    actions: [['clock', 'quiet', '2026-09-27T17:59:00+08:00'], ['clock', 'fires', '2026-09-27T18:00:00+08:00']], status: 'rejected', path: ['first'],
    tasks: { 'first/bob': 'rejected' }, notes: ['no decision in time; rejected automatically'],
  },
  {
    name: 'a warning before the deadline expires, at 80 % of the working time', told: { bob: ['assigned', 'reminder'], rep: ['completed'] }, at: '2026-09-28T09:00:00+08:00',
    first: { assignees: users('bob'), deadlines: { decideAfter: 'PT5H', workingTime: true, warnAt: 0.8 } },
    actions: [['clock', 'quiet', '2026-09-28T12:59:00+08:00'], ['clock', 'fires', '2026-09-28T13:00:00+08:00'], ['bob', 'approve']], status: 'completed', path: ['first'],
    tasks: { 'first/bob': 'approved' }, notes: ['80 % of the time to decide has passed; warned the approvers'],
  },
  {
    name: 'the escalation ladder: remind, escalate to level 1, to level 2, then decide', told: { ceo: ['assigned'], lead: ['assigned', 'reminder'], rep: ['completed'], vp: ['assigned'] }, at: '2026-09-28T14:00:00+08:00',
    first: { assignees: users('lead'), deadlines: { remindAfter: 'PT1H', escalateAfter: 'PT2H', escalateAgainAfter: 'PT3H', decideAfter: 'PT4H', decision: 'approve' } },
    actions: [['clock', 'fires', '2026-09-28T15:00:00+08:00'], ['clock', 'fires', '2026-09-28T16:00:00+08:00'], ['vp', 'holds', 'first'], ['clock', 'fires', '2026-09-28T17:00:00+08:00'], ['ceo', 'holds', 'first'], ['clock', 'fires', '2026-09-28T18:00:00+08:00']],
    status: 'completed', path: ['first'], tasks: { 'first/ceo': 'approved', 'first/lead': 'transferred', 'first/vp': 'transferred' },
    notes: ['reminded the approvers', 'escalated to the approvers\' managers', 'escalated to level 2', 'no decision in time; approved automatically'],
  },
  {
    name: 'a deadline after a return and a resubmit counts from when the step is entered again', told: { bob: ['assigned', 'assigned'], rep: ['rejected', 'returned'] }, at: '2026-09-29T09:00:00+08:00',
    first: { assignees: users('bob'), deadlines: { decideAfter: 'PT4H' } },
    actions: [['bob', 'return', 'first', 'initiator'], ['clock', 'quiet', '2026-09-29T12:00:00+08:00'], ['rep', 'resubmit', {}], ['clock', 'quiet', '2026-09-29T15:59:00+08:00'], ['clock', 'fires', '2026-09-29T16:00:00+08:00']],
    status: 'rejected', path: ['first', 'first'], tasks: { 'first/bob': 'returned', 'first#2/bob': 'rejected' }, notes: ['no decision in time; rejected automatically'],
  },
  {
    name: 'a deadline in working time skips a public holiday (National Day)', told: { bob: ['assigned'], rep: ['completed'] }, at: '2026-09-30T09:00:00+08:00',
    first: { assignees: users('bob'), deadlines: { decideAfter: 'P2D', workingTime: true, decision: 'approve' } },
    actions: [['clock', 'quiet', '2026-10-02T09:00:00+08:00'], ['clock', 'fires', '2026-10-02T18:00:00+08:00']], status: 'completed', path: ['first'],
    tasks: { 'first/bob': 'approved' }, notes: ['no decision in time; approved automatically'],
  },
];

function definitionOf(id: string, s: Scenario): Definition {
  const nodes = [{ id: 'start', type: 'start' }, { id: 'first', type: 'approval', config: s.first }];
  const edges = [{ from: 'start', to: 'first' }];
  if (s.second) {
    nodes.push({ id: 'second', type: 'approval', config: s.second });
    edges.push({ from: 'first', to: 'second', on: 'approved' } as never, { from: 'second', to: 'done', on: 'approved' } as never);
  } else {
    edges.push({ from: 'first', to: 'done', on: 'approved' } as never);
  }
  nodes.push({ id: 'done', type: 'end' });
  return {
    id, name: s.name, kind: 'approval',
    form: { fields: [{ key: 'approver', label: 'Approver', type: 'people' }, { key: 'approvers', label: 'Approvers', type: 'people', multiple: true }] },
    nodes, edges,
  } as Definition;
}

describe('approval scenarios', () => {
  let engine: TestEngine;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  const clock = new ManualClock(new Date('2026-09-21T09:00:00+08:00').getTime());
  beforeAll(async () => {
    mailbox = await startMailbox();
    engine = await startEngine({ SMTP_URL: mailbox.url, OPERATOR_TENANTS: 'other-co' }, clock);
    await fourLevelOrg(engine);
    const admin = auth(engine.as('admin'));
    // the seeded tenant has no record yet (its people are written straight to the database): written the same way, then changed as an operator does
    await engine.db.collection<Record<string, unknown> & { _id: string }>('tenants').insertOne({ _id: 'acme', settings: { timeZone: 'UTC', locale: 'en', brandingName: 'Acme', calendar: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', holidays: [], workdays: [] } }, createdBy: 'test', createdAt: clock.now(), updatedAt: clock.now() });
    const calendar = await engine.http.patch('/api/v1/tenants/acme/settings').set(auth(engine.as('admin', 'other-co')))
      .send({ timeZone: 'Asia/Shanghai', calendar: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', holidays: ['2026-10-01'], workdays: ['2026-09-27'] } });
    expect(calendar.status).toBe(200);
    const roles: Array<[string, boolean, Array<[string, string | null]>]> = [['finance', false, [['bob', null], ['dan', null]]], ['hrbp', true, [['dave', 'sales'], ['erin', 'company']]], ['legal', false, []]];
    for (const [code, scoped, holders] of roles) {
      expect((await engine.http.post('/api/v1/org/business-roles').set(admin).send({ code, name: { en: code, zh: code }, scoped })).status).toBe(201);
      for (const [userId, departmentId] of holders) {
        expect((await engine.http.post(`/api/v1/org/business-roles/${code}/holders`).set(admin).send({ userId, departmentId })).status).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await engine.close();
    await mailbox.close();
  });

  /** Moves the engine's clock to `iso` and fires the timers due then: none (quiet) or at least one. */
  async function clockTo(iso: string, expect: 'quiet' | 'fires') {
    // every event's timers handed over first, so "quiet" means none is due, not none queued yet
    await eventually(() => engine.db.collection('instances').countDocuments({ 'outbox.0': { $exists: true } }), (n) => n === 0, { what: 'outboxes handed over' });
    clock.advance(new Date(iso).getTime() - clock.nowMs());
    const fire = () => engine.app.get(DueTimers).fireDue();
    if (expect === 'quiet') {
      if ((await fire()) !== 0) throw new Error(`a timer fired at ${iso}, before its time`);
    } else {
      await eventually(fire, (n) => n > 0, { what: `a timer firing at ${iso}` });
      // and run: the timers worker applies what fired before the clock moves on (a reminder
      // still queued when the next step's escalation fires could be applied after it)
      const timers = engine.app.get<Queue>(getQueueToken(TIMERS_QUEUE));
      await eventually(() => timers.getJobCounts('waiting', 'prioritized', 'active'), (c) => c.waiting + c.prioritized + c.active === 0, { what: `the timers due at ${iso} applied` });
    }
  }

  /** A one-tap link of the e-mail about `who`'s task at the first node, used as sent or with its decision changed (forged). */
  async function useLink(instanceId: string, who: string, decision: 'approve' | 'reject', forged: boolean) {
    const path: string[] = (await engine.http.get(`/api/v1/instances/${instanceId}`).set(auth(engine.as('admin')))).body.path;
    const taskId = `${instanceId}.first.${Math.max(1, path.filter((n) => n === 'first').length)}.${who}`;
    const links = await linksFor(mailbox.received, `${who}@acme.test`, taskId);
    let token = forged ? links[decision === 'approve' ? 'reject' : 'approve']! : links[decision]!;
    if (forged) token = `${Buffer.from(JSON.stringify({ ...claimsOf(token), d: decision })).toString('base64url')}.${token.split('.')[1]}`;
    return engine.http.post(`/api/v1/decision-links/${token}`).send({});
  }

  it.each(scenarios.map((s, i) => [s.name, i, s] as const))('%s', async (_, index, s) => {
    const id = `scenario-${index}`;
    if (s.at) clock.advance(new Date(s.at).getTime() - clock.nowMs());
    await publish(engine, definitionOf(id, s));
    const submitted = await engine.http.post('/api/v1/instances').set(auth(engine.as(s.initiator ?? 'rep')))
      .send({ definitionId: id, form: s.form ?? {}, ...(s.chosen ? { chosen: s.chosen } : {}) });
    expect(submitted.status).toBe(201);
    const instanceId: string = submitted.body.id;
    for (const action of s.actions) {
      const [who, verb] = action;
      let res;
      if (action[0] === 'clock') {
        await clockTo(action[2] as string, action[1] as 'quiet' | 'fires');
        continue;
      } else if (action[1] === 'holds') {
        await pendingTask(engine, engine.as(who), instanceId, action[2]);
        continue;
      } else if (action[1] === 'link' || action[1] === 'forged') {
        expect((await useLink(instanceId, who, action[2], action[1] === 'forged')).status).toBe(action[3]);
        continue;
      } else if (action[1] === 'hold') {
        expect((await engine.http.post(`/api/v1/org/business-roles/${action[2]}/holders`).set(auth(engine.as('admin'))).send({ userId: action[3] })).status).toBe(201);
        continue;
      } else if (verb === 'resubmit') {
        res = await engine.http.post(`/api/v1/instances/${instanceId}/resubmit`).set(auth(engine.as(who))).send({ form: action[2] });
      } else if (verb === 'withdraw') {
        res = await engine.http.post(`/api/v1/instances/${instanceId}/withdraw`).set(auth(engine.as(who))).send({});
      } else {
        const task = await pendingTask(engine, engine.as(who), instanceId, (action[2] as string | undefined) ?? 'first');
        res = verb === 'add-signer'
          ? await engine.http.post(`/api/v1/tasks/${task.id}/add-signer`).set(auth(engine.as(who))).send({ who: action[3], position: action[4] })
          : verb === 'return' || verb === 'transfer'
          ? await engine.http.post(`/api/v1/tasks/${task.id}/${verb}`).set(auth(engine.as(who))).send({ to: action[3] })
          : await decide(engine, engine.as(who), task.id, verb as 'approve' | 'reject');
      }
      expect(res.status).toBe(200);
    }
    const final = await eventually(() => engine.http.get(`/api/v1/instances/${instanceId}`).set(auth(engine.as('admin'))).then((r) => r.body),
      (b) => b.status !== 'running', { what: `${s.name} to finish` });
    expect(final.status).toBe(s.status);
    expect(final.path.filter((n: string) => n !== 'start' && n !== 'done')).toEqual(s.path);
    expect(final.notes.map((n: { note: string }) => n.note)).toEqual(s.notes ?? []);
    const settled = (tasks: Array<{ node: string; visit: number; assignee: string; status: string }>) =>
      Object.fromEntries(tasks.map((t) => [`${t.node}${t.visit > 1 ? `#${t.visit}` : ''}/${t.assignee}`, t.status]).sort());
    const tasks = await eventually(() => engine.db.collection('tasks').find({ instanceId }).toArray(),
      (t) => JSON.stringify(settled(t as never)) === JSON.stringify(Object.fromEntries(Object.entries(s.tasks).sort())), { what: `${s.name} tasks settled`, timeoutMs: 10_000 })
      .catch(async () => engine.db.collection('tasks').find({ instanceId }).toArray());
    expect(settled(tasks as never)).toEqual(Object.fromEntries(Object.entries(s.tasks).sort()));

    // notifications are delivered by workers: wait until the expected count is there, then compare
    const told = (list: Array<{ userId: string; kind: string }>) => {
      const byPerson: Record<string, string[]> = {};
      for (const n of list) (byPerson[n.userId] ??= []).push(n.kind);
      return Object.fromEntries(Object.entries(byPerson).map(([who, kinds]) => [who, kinds.sort()]).sort());
    };
    const expected = Object.fromEntries(Object.entries(s.told ?? {}).map(([who, kinds]) => [who, [...kinds].sort()]).sort());
    const count = Object.values(expected).flat().length;
    const delivered = await eventually(() => engine.db.collection('notifications').find({ instanceId }).toArray(),
      (n) => n.length >= count, { what: `${s.name}: ${count} notifications`, timeoutMs: 10_000 }).catch(() => engine.db.collection('notifications').find({ instanceId }).toArray());
    if (process.env.PRINT_TOLD) console.log(JSON.stringify([s.name, told(delivered as never)]));
    expect(told(delivered as never)).toEqual(expected);
  });

  it('branches on the initiator\'s attributes (department), in priority order with a default', async () => {
    const def = definitionOf('by-department', { name: 'by department', first: { assignees: users('bob') }, actions: [], status: '', path: [], tasks: {} });
    def.nodes.splice(1, 0, { id: 'route', type: 'branch' });
    def.nodes.push({ id: 'east-only', type: 'approval', config: { assignees: users('dan') } });
    def.edges = [
      { from: 'start', to: 'route' },
      { from: 'route', to: 'east-only', condition: { in: ['east', { var: 'initiator.departments' }] }, label: 'Sales East' },
      { from: 'route', to: 'first' },
      { from: 'first', to: 'done', on: 'approved' },
      { from: 'east-only', to: 'done', on: 'approved' },
    ];
    await publish(engine, def);
    const fromRep = await engine.http.post('/api/v1/instances').set(auth(engine.as('rep'))).send({ definitionId: 'by-department', form: {} });
    expect(fromRep.body.at).toEqual(['east-only']);
    const fromVp = await engine.http.post('/api/v1/instances').set(auth(engine.as('vp'))).send({ definitionId: 'by-department', form: {} });
    expect(fromVp.body.at).toEqual(['first']);
  });

  it.each([['all', 'completed', { 'legal/dan': 'approved', 'finance/erin': 'approved' }], ['any', 'completed', { 'legal/dan': 'approved', 'finance/erin': 'cancelled' }]] as const)(
    'runs parallel branches and joins on %s', async (mode, status, tasks) => {
      const def = definitionOf(`parallel-${mode}`, { name: `parallel ${mode}`, first: { assignees: users('bob') }, actions: [], status: '', path: [], tasks: {} });
      def.nodes = [
        { id: 'start', type: 'start' }, { id: 'split', type: 'parallel' },
        { id: 'legal', type: 'approval', config: { assignees: users('dan') } }, { id: 'finance', type: 'approval', config: { assignees: users('erin') } },
        { id: 'meet', type: 'join', config: { mode } }, { id: 'done', type: 'end' },
      ];
      def.edges = [
        { from: 'start', to: 'split' }, { from: 'split', to: 'legal' }, { from: 'split', to: 'finance' },
        { from: 'legal', to: 'meet', on: 'approved' }, { from: 'finance', to: 'meet', on: 'approved' }, { from: 'meet', to: 'done' },
      ];
      await publish(engine, def);
      const submitted = await engine.http.post('/api/v1/instances').set(auth(engine.as('rep'))).send({ definitionId: def.id, form: {} });
      expect(submitted.body.at).toEqual(['legal', 'finance']);
      await decide(engine, engine.as('dan'), (await pendingTask(engine, engine.as('dan'), submitted.body.id, 'legal')).id, 'approve');
      if (mode === 'all') {
        expect((await engine.http.get(`/api/v1/instances/${submitted.body.id}`).set(auth(engine.as('rep')))).body.at).toEqual(['finance']);
        await decide(engine, engine.as('erin'), (await pendingTask(engine, engine.as('erin'), submitted.body.id, 'finance')).id, 'approve');
      }
      const final = await eventually(() => engine.http.get(`/api/v1/instances/${submitted.body.id}`).set(auth(engine.as('rep'))).then((r) => r.body), (b) => b.status !== 'running', { what: 'the join' });
      expect(final.status).toBe(status);
      const settled = await eventually(() => engine.db.collection('tasks').find({ instanceId: submitted.body.id }).toArray(),
        (t) => t.length === 2 && t.every((x) => x.status !== 'pending'), { what: 'tasks settled' });
      expect(Object.fromEntries(settled.map((t) => [`${t.node}/${t.assignee}`, t.status]))).toEqual(tasks);
    });
});
