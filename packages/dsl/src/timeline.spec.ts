import { compile, type InstanceEvent } from './compile';
import { start, step } from './run';
import { initiator, instance, twoStepApproval } from './testing/definitions';
import { automaticSteps, explain, explainAll, reason, type ReasonCode } from './timeline';

describe('reasons in words', () => {
  it.each([
    [reason('nobodyResolved', { policy: 'approve' }), 'no approver resolved; approved automatically', '未找到审批人；自动通过'],
    [reason('nobodyResolved', { policy: 'admin', admin: 'erin' }), 'no approver resolved; handed to erin', '未找到审批人；转交给 erin'],
    [reason('approvedBefore', { who: 'bob' }), 'bob approved automatically (approved before)', 'bob 已在之前审批过，自动通过'],
    [reason('initiatorIsApprover', { who: 'rep' }), 'rep approved automatically (is the initiator)', 'rep 是发起人，自动通过'],
    [reason('deadlineDecided', { decision: 'rejected' }), 'no decision in time; rejected automatically', '超时未处理，自动驳回'],
    [reason('delegated', { from: 'bob', to: 'dan' }), 'bob is out of office; delegated to dan', 'bob 不在办公室，已委托给 dan'],
  ])('%j reads "%s" and "%s"', (r, en, zh) => {
    expect(explainAll(r)).toEqual({ en, 'zh-CN': zh });
  });

  it('has words in both languages for every code', () => {
    const codes: ReasonCode[] = ['missingManager', 'inNoDepartment', 'noHead', 'emptyRole', 'emptyField', 'noneChosen', 'nobodyResolved', 'approvedBefore',
      'initiatorIsApprover', 'deadlineDecided', 'deadlineNear', 'quorumUnreachable', 'reminded', 'escalated', 'escalatedTo', 'delegated', 'leftOrganisation'];
    for (const code of codes) {
      const r = reason(code, { level: 2, department: 'd', role: 'r', field: 'f', policy: 'reject', who: 'w', decision: 'approved', from: 'a', to: 'b', admin: 'x', percent: 80 });
      expect(explain(r, 'en')).not.toMatch(/undefined/);
      expect(explain(r, 'zh-CN')).not.toEqual(explain(r, 'en'));
    }
  });
});

describe('automatic steps of an event', () => {
  const input = { form: { days: 2 }, initiator, instance };

  it('lists each note the event added, by the system, with its reason', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'manager', level: 4 }], whenNobody: 'approve' };
    const first = start(compile(def), input);
    expect(automaticSteps([], first.context.notes)).toEqual([
      { type: 'automatic', actor: 'system', node: 'manager', reason: { code: 'missingManager', params: { level: 4 } }, outcome: 'the initiator has no level-4 manager' },
      { type: 'automatic', actor: 'system', node: 'manager', reason: { code: 'nobodyResolved', params: { policy: 'approve' } }, outcome: 'no approver resolved; approved automatically' },
    ]);
    expect(automaticSteps(first.context.notes, first.context.notes)).toEqual([]);
  });

  it.each(['approve', 'reject'] as const)('a deadline that decides (%s) settles open tasks as decided by the system', (decision) => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }, { type: 'user', value: 'dan' }], mode: 'all', deadlines: { decideAfter: 'PT4H', decision } };
    const machine = compile(def);
    const first = start(machine, input);
    const approved = step(machine, first.snapshot, { type: 'decide', node: 'manager', visit: 1, by: 'bob', outcome: 'approved' });
    if (!approved.accepted) throw new Error('refused');
    const fired = step(machine, approved.snapshot, { type: 'timer', node: 'manager', token: 1, name: 'decide' } as InstanceEvent);
    if (!fired.accepted) throw new Error('refused');
    const status = decision === 'approve' ? 'approved' : 'rejected';
    expect(fired.effects.find((e) => e.type === 'closeTasks')).toMatchObject({
      statuses: [{ assignee: 'bob', status: 'approved', by: 'bob' }, { assignee: 'dan', status, by: 'system' }],
    });
    expect(automaticSteps(approved.context.notes, fired.context.notes).map((s) => s.reason)).toEqual([{ code: 'deadlineDecided', params: { decision: status } }]);
  });

  it('an automatic approval (approved before) is decided by the system', () => {
    const def = twoStepApproval();
    def.nodes[2]!.config = { assignees: [{ type: 'user', value: 'bob' }, { type: 'user', value: 'carol' }], mode: 'all', skipApproved: 'adjacent' };
    const machine = compile(def);
    const first = start(machine, input);
    const next = step(machine, first.snapshot, { type: 'decide', node: 'manager', visit: 1, by: 'bob', outcome: 'approved' });
    if (!next.accepted) throw new Error('refused');
    const done = step(machine, next.snapshot, { type: 'decide', node: 'hr', visit: 1, by: 'carol', outcome: 'approved' });
    if (!done.accepted) throw new Error('refused');
    expect(done.effects.find((e) => e.type === 'closeTasks')).toMatchObject({
      statuses: [{ assignee: 'bob', status: 'approved', by: 'system' }, { assignee: 'carol', status: 'approved', by: 'carol' }],
    });
  });
});
