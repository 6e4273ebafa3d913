import { and } from 'xstate';
import type { TaskSettlement } from '../compile';
import { parseDuration } from '../duration';
import { finalStatuses, openAssignees, withDecision, type ApprovalConfig } from './approval-rules';
import type { WorkingTimer } from '../calendar';
import { reason } from '../timeline';
import { RETURNED, sid, tallyOf, TO_INITIATOR, type ActionArgs, type MachineKit } from './machine';

type Args = Pick<ActionArgs, 'context'>;

/**
 * The approval node in the compiled machine: on entry it resolves the
 * approvers, counts earlier approvals, opens tasks and schedules its
 * deadlines; decisions, signers, returns, transfers and timers are its
 * transitions; on exit every task of the visit is settled.
 */
export function approvalMachine(kit: MachineKit): object {
  const id = kit.node.id;
  const config = kit.approvalConfig(id);
  const nobodyOutput = config.whenNobody === 'approve' ? 'approved' : 'rejected';
  const record = { type: 'recordDecision', params: { node: id } };
  const decide = (outcome: string) => [{ type: 'canDecide', params: { node: id } }, { type: 'leadsTo', params: { node: id, outcome } }];
  const openTasks = ({ context }: Args) => ({
    node: id, visit: kit.visit({ context }), assignees: openAssignees(config, context.assignees[id] ?? [], tallyOf(context, id)),
    mode: config.mode ?? 'any', title: kit.title(context),
  });
  /** tasks for people who became due by the event just counted (the next in a sequence, a signer, an approver done waiting) */
  const newlyOpen = ({ context, event }: ActionArgs) => {
    const after = tallyOf(context, id);
    const before = event.type === 'decide'
      ? { ...after, approvedBy: after.approvedBy.filter((a) => a !== event.by), rejectedBy: after.rejectedBy.filter((a) => a !== event.by) }
      : event.type === 'addSigner' ? {
        ...after,
        approvedBy: event.position === 'after' ? after.approvedBy.filter((a) => a !== event.by) : after.approvedBy,
        added: (after.added ?? []).filter((a) => a.who !== event.who),
      } : after;
    const was = new Set(openAssignees(config, context.assignees[id] ?? [], before));
    return { ...openTasks({ context }), assignees: openAssignees(config, context.assignees[id] ?? [], after).filter((a) => !was.has(a)) };
  };
  // a decision that leaves the node open settles the decider's own task (and, one after another, opens the next)
  const settleOwn = {
    type: 'closeTasks',
    params: ({ context, event }: ActionArgs) => (event.type === 'decide'
      ? { node: id, visit: event.visit, statuses: [{ assignee: event.by, status: event.outcome }], by: event.by }
      : { node: id, visit: kit.visit({ context }), statuses: [], by: null }),
  };
  const deadlines = deadlineTimers(config);
  const timer = (name: string) => ({ type: 'timerIsCurrent', params: { node: id, name } });
  const open = ({ context }: Args) => openAssignees(config, context.assignees[id] ?? [], tallyOf(context, id));
  const automatic = config.deadlines?.decision === 'approve' ? 'approved' : 'rejected';
  return {
    entry: [
      kit.enter,
      { type: 'resolveAssignees', params: { node: id } },
      { type: 'autoApprove', params: { node: id } },
      { type: 'createTasks', params: openTasks },
      ...deadlines.map((d) => ({ type: 'scheduleTimer', params: ({ context }: Args) => ({ node: id, token: kit.visit({ context }), delayMs: d.delayMs, name: d.name, ...(d.working ? { working: d.working } : {}) }) })),
    ],
    exit: [
      ...(config.resubmit?.skipUnchanged ? [{ type: 'rememberPassed', params: { node: id } }] : []),
      ...deadlines.map((d) => ({ type: 'cancelTimer', params: ({ context }: Args) => ({ node: id, token: kit.visit({ context }), name: d.name }) })),
      {
        type: 'closeTasks',
        // exit actions run before the transition's own, so the deciding event is counted here
        params: ({ context, event }: ActionArgs) => {
          const decided = event.type === 'decide' && event.node === id;
          const tally = decided ? withDecision(tallyOf(context, id), event.by, event.outcome) : tallyOf(context, id);
          // a deadline that decides settles the open tasks that way, by the system
          const deadline = event.type === 'timer' && event.node === id && event.name === 'decide' ? automatic : undefined;
          const statuses: TaskSettlement[] = finalStatuses(context.assignees[id] ?? [], tally, deadline);
          const returned = event.type === 'return' && event.node === id ? event.by : null;
          return {
            node: id, visit: kit.visit({ context }),
            statuses: statuses.map((s) => (s.assignee === returned ? { assignee: s.assignee, status: 'returned' } : s)),
            by: decided || event.type === 'return' ? event.by : null,
          };
        },
      },
    ],
    always: [
      ...kit.when(kit.leave(nobodyOutput), [{ type: 'nobody', params: { node: id } }]),
      ...kit.when(kit.leave('approved'), [{ type: 'decidedOnEntry', params: { node: id } }]),
      // quorum rules that the people asked can never meet (a group smaller than its count, too little weight)
      ...kit.when(kit.leave('rejected'), [{ type: 'unreachableOnEntry', params: { node: id } }], [{ type: 'note', params: { node: id, reason: reason('quorumUnreachable') } }]),
    ],
    on: {
      decide: [
        ...kit.when(kit.leave('rejected'), decide('rejected'), [record]),
        ...kit.when(kit.leave('approved'), decide('approved'), [record]),
        { guard: and(decide('open') as never), actions: [settleOwn, record, { type: 'createTasks', params: newlyOpen }] },
      ],
      addSigner: {
        guard: { type: 'canAddSigner', params: { node: id } },
        actions: [
          {
            type: 'closeTasks',
            // after: the adder has approved; before: the adder waits; parallel: the adder's task stays open beside the signer's
            params: ({ context, event }: ActionArgs) => (event.type === 'addSigner'
              ? { node: id, visit: event.visit, statuses: event.position === 'parallel' ? [] : [{ assignee: event.by, status: event.position === 'after' ? 'approved' : 'waiting' }], by: event.by }
              : { node: id, visit: kit.visit({ context }), statuses: [], by: null }),
          },
          { type: 'addSigner', params: { node: id } },
          { type: 'createTasks', params: newlyOpen },
        ],
      },
      return: [
        // the node returned to decides again, whatever it decided before
        ...kit.approvals.filter((other) => other !== id).map((other) => ({ target: `#${sid(other)}`, guard: { type: 'returnsTo', params: { node: id, target: other } }, actions: [{ type: 'forgetPassed', params: { node: other } }] })),
        { target: `#${sid(RETURNED)}`, guard: { type: 'returnsTo', params: { node: id, target: TO_INITIATOR } }, actions: [{ type: 'rememberReturn' }] },
      ],
      timer: [
        ...kit.when(kit.leave(automatic), [timer('decide')], [{ type: 'note', params: { node: id, reason: reason('deadlineDecided', { decision: automatic }) } }]),
        { guard: timer('warn'), actions: [
          { type: 'remind', params: ({ context }: Args) => ({ node: id, visit: kit.visit({ context }), to: open({ context }) }) },
          { type: 'note', params: { node: id, reason: reason('deadlineNear', { percent: Math.round((config.deadlines?.warnAt ?? 0) * 100) }) } },
        ] },
        { guard: timer('remind'), actions: [
          { type: 'remind', params: ({ context }: Args) => ({ node: id, visit: kit.visit({ context }), to: open({ context }) }) },
          { type: 'note', params: { node: id, reason: reason('reminded') } },
        ] },
        { guard: timer('escalate'), actions: [
          { type: 'escalate', params: ({ context }: Args) => ({ node: id, visit: kit.visit({ context }), from: open({ context }) }) },
          { type: 'note', params: { node: id, reason: reason('escalated') } },
        ] },
        // the ladder's second rung: whoever holds the open tasks now (the managers after the first) hands them up again
        { guard: timer('escalateAgain'), actions: [
          { type: 'escalate', params: ({ context }: Args) => ({ node: id, visit: kit.visit({ context }), from: open({ context }) }) },
          { type: 'note', params: { node: id, reason: reason('escalatedLevel', { level: 2 }) } },
        ] },
      ],
      transfer: {
        guard: { type: 'canTransfer', params: { node: id } },
        actions: [
          { type: 'reassign', params: { node: id } },
          {
            type: 'transferTask',
            params: ({ context, event }: ActionArgs) => (event.type === 'transfer'
              ? { node: id, visit: event.visit, from: event.from, to: event.to, title: kit.title(context) }
              : {}),
          },
        ],
      },
    },
  };
}

/**
 * The node's timers: remind, escalate, decide after their durations, and a
 * warning at `warnAt` of the last of escalate and decide. In working time
 * each carries its duration for the engine to place on the tenant's
 * calendar (delayMs is then only the calendar-less estimate).
 */
export function deadlineTimers(config: ApprovalConfig): Array<{ name: string; delayMs: number; working?: WorkingTimer }> {
  const d = config.deadlines;
  if (!d) return [];
  const timers: Array<{ name: string; delayMs: number; working?: WorkingTimer }> = Object.entries({ remind: d.remindAfter, escalate: d.escalateAfter, escalateAgain: d.escalateAgainAfter, decide: d.decideAfter })
    .filter((t): t is [string, string] => Boolean(t[1]))
    .map(([name, after]) => ({ name, delayMs: parseDuration(after)!, ...(d.workingTime ? { working: { duration: after } } : {}) }));
  const last = d.decideAfter ?? d.escalateAgainAfter ?? d.escalateAfter;
  if (d.warnAt !== undefined && last) {
    timers.push({ name: 'warn', delayMs: Math.round(parseDuration(last)! * d.warnAt), ...(d.workingTime ? { working: { duration: last, share: d.warnAt } } : {}) });
  }
  return timers;
}
