import { approversOf, directoryNeeds, initiatorOf, openAssignees, outcomeOf, panelOf, reseated, resolveAssignees, tallyView, type ApprovalConfig, type Directory } from './approval-rules';

const directory: Directory = {
  managers: ['lead', 'vp', null, null],
  departments: ['east', 'hr'],
  heads: { east: null, hr: 'hrhead', finance: 'cfo' },
  roles: { auditor: ['ann', 'ali'], nobody: [] },
};
const resolve = (assignees: ApprovalConfig['assignees'], form: Record<string, unknown> = {}, chosen: string[] = []) => {
  const { users, missing } = resolveAssignees({ assignees }, { form, initiatorId: 'rep', directory, chosen });
  return { users, missing };
};

describe('who approves', () => {
  it.each([
    ['a named user', [{ type: 'user', value: 'zoe' }], { users: ['zoe'], missing: [] }],
    ['a role', [{ type: 'role', value: 'auditor' }], { users: ['ann', 'ali'], missing: [] }],
    ['an empty role', [{ type: 'role', value: 'nobody' }], { users: [], missing: ['nobody has the role nobody'] }],
    ['the level-2 manager', [{ type: 'manager', level: 2 }], { users: ['vp'], missing: [] }],
    ['a missing level-3 manager', [{ type: 'manager', level: 3 }], { users: [], missing: ['the initiator has no level-3 manager'] }],
    ['every manager up to level 4', [{ type: 'managers', level: 4 }], { users: ['lead', 'vp'], missing: ['the initiator has no level-3 manager'] }],
    ['the heads of the initiator\'s two departments', [{ type: 'departmentHead' }], { users: ['hrhead'], missing: ['department east has no head'] }],
    ['the head of a named department', [{ type: 'departmentHead', value: 'finance' }], { users: ['cfo'], missing: [] }],
    ['the initiator', [{ type: 'initiator' }], { users: ['rep'], missing: [] }],
    ['a combination, without duplicates', [{ type: 'manager', level: 1 }, { type: 'user', value: 'lead' }, { type: 'role', value: 'auditor' }], { users: ['lead', 'ann', 'ali'], missing: [] }],
  ] as const)('resolves %s', (_, assignees, expected) => {
    expect(resolve(assignees as never)).toEqual(expected);
  });

  it('resolves a people field and people chosen at submit time', () => {
    expect(resolve([{ type: 'field', value: 'approvers' }], { approvers: ['x', 'y'] })).toEqual({ users: ['x', 'y'], missing: [] });
    expect(resolve([{ type: 'chosen' }], {}, ['c1'])).toEqual({ users: ['c1'], missing: [] });
    expect(resolve([{ type: 'chosen' }])).toEqual({ users: [], missing: ['the initiator chose nobody'] });
  });
});

describe('who is asked when the node is entered', () => {
  const input = { form: {}, initiatorId: 'rep', directory, chosen: [] };

  it('asks the people resolved and notes the ones that are missing', () => {
    expect(approversOf({ assignees: [{ type: 'managers', level: 3 }] }, input)).toEqual({
      assignees: ['lead', 'vp'], notes: ['the initiator has no level-3 manager'], reasons: [{ code: 'missingManager', params: { level: 3 } }], nobody: null,
    });
  });

  it.each([
    [undefined, [], 'no approver resolved; rejected automatically'],
    ['approve', [], 'no approver resolved; approved automatically'],
    ['admin', ['ops-admin'], 'no approver resolved; handed to ops-admin'],
  ] as const)('applies the when-nobody rule %s', (whenNobody, assignees, note) => {
    const config: ApprovalConfig = { assignees: [{ type: 'manager', level: 4 }], whenNobody, admin: 'ops-admin' };
    expect(approversOf(config, input)).toMatchObject({
      assignees, notes: ['the initiator has no level-4 manager', note], nobody: whenNobody ?? 'reject',
    });
  });

  it('describes the initiator as conditions read it', () => {
    expect(initiatorOf({ id: 'rep', name: 'Rita', roles: ['member'] }, directory)).toEqual({ id: 'rep', name: 'Rita', departments: ['east', 'hr'], roles: ['member'] });
  });
});

describe('when a node is decided', () => {
  const people = ['a', 'b', 'c', 'd'];
  const tally = (approvedBy: string[], rejectedBy: string[] = []) => ({ approvedBy, rejectedBy });

  it.each([
    ['any', tally(['b']), 'approved'],
    ['any', tally([], ['c']), 'rejected'],
    ['all', tally(['a', 'b', 'c']), null],
    ['all', tally(['a', 'b', 'c', 'd']), 'approved'],
    ['all', tally(['a'], ['b']), 'rejected'],
    ['sequential', tally(['a', 'b', 'c', 'd']), 'approved'],
  ] as const)('mode %s with %j is %s', (mode, t, expected) => {
    expect(outcomeOf({ assignees: [], mode }, people, t)).toBe(expected);
  });

  it.each([
    [0.5, tally(['a', 'b']), 'approved'],
    [0.5, tally(['a'], ['b']), null],
    [0.75, tally(['a'], ['b', 'c']), 'rejected'],
    [0.75, tally(['a', 'b'], ['c']), null],
    [0.75, tally(['a', 'b', 'd'], ['c']), 'approved'],
  ] as const)('a vote at pass ratio %d with %j is %s', (passRatio, t, expected) => {
    expect(outcomeOf({ assignees: [], mode: 'vote', passRatio }, people, t)).toBe(expected);
  });

  it('asks one person at a time in sequence, everyone at once otherwise', () => {
    expect(openAssignees({ assignees: [], mode: 'sequential' }, people, tally(['a']))).toEqual(['b']);
    expect(openAssignees({ assignees: [], mode: 'all' }, people, tally(['a']))).toEqual(['b', 'c', 'd']);
  });
});

describe('directoryNeeds', () => {
  it('asks for the roles and named departments of approvers, of cc nodes and of copy on finish', () => {
    expect(directoryNeeds({
      nodes: [
        { type: 'approval', config: { assignees: [{ type: 'role', value: 'superAdmin' }, { type: 'departmentHead', value: 'legal' }, { type: 'manager', level: 1 }] } },
        { type: 'cc', config: { people: [{ type: 'departmentHead', value: 'admin-office' }, { type: 'role', value: 'auditor' }] } },
        { type: 'branch' },
      ],
      settings: { copyOnFinish: [{ type: 'departmentHead', value: 'hr' }] },
    })).toEqual({ roles: ['superAdmin', 'auditor'], departments: ['legal', 'admin-office', 'hr'] });
  });
});

describe('quorum rules', () => {
  const tally = (approvedBy: string[], rejectedBy: string[] = []) => ({ approvedBy, rejectedBy });
  const input = { form: {}, initiatorId: 'rep', directory: { ...directory, roles: { finance: ['f1', 'f2', 'f3'], legal: ['l1', 'l2'], ceo: ['boss'] } }, chosen: [] };
  const quorum: ApprovalConfig = {
    assignees: [], mode: 'quorum',
    quorum: { groups: [{ name: 'finance', assignees: [{ type: 'role', value: 'finance' }], count: 2 }, { name: 'legal', assignees: [{ type: 'role', value: 'legal' }], count: 1 }], veto: [{ type: 'role', value: 'ceo' }] },
  };
  const panel = panelOf(quorum, input);
  const asked = approversOf(quorum, input).assignees;

  it('asks every group member and veto holder once, and resolves the groups to people', () => {
    expect(asked).toEqual(['f1', 'f2', 'f3', 'l1', 'l2', 'boss']);
    expect(panel).toEqual({ groups: [{ name: 'finance', count: 2, members: ['f1', 'f2', 'f3'] }, { name: 'legal', count: 1, members: ['l1', 'l2'] }], weights: {}, veto: ['boss'] });
  });

  it.each([
    ['2 of finance and 1 of legal', tally(['f1', 'f3', 'l2']), 'approved'],
    ['finance short of its count', tally(['f1', 'l1', 'l2']), null],
    ['legal not yet', tally(['f1', 'f2']), null],
    ['finance can no longer reach 2', tally(['l1'], ['f1', 'f2']), 'rejected'],
    ['one rejection in finance is not the end', tally(['f2', 'l1'], ['f1']), null],
    ['legal all rejected', tally(['f1', 'f2'], ['l1', 'l2']), 'rejected'],
    ['a veto ends it whatever the count', tally(['f1', 'f2', 'l1'], ['boss']), 'rejected'],
  ] as const)('%s: %s', (_, t, expected) => {
    expect(outcomeOf(quorum, asked, t, panel)).toBe(expected);
  });

  it.each([
    [tally(['cfo']), 'approved'],
    [tally(['a', 'b']), null],
    [tally(['a', 'b', 'c']), 'approved'],
    [tally(['a'], ['cfo']), null],
    [tally(['a'], ['cfo', 'b']), 'rejected'],
    [tally(['cfo'], ['a', 'b']), 'approved'],
  ] as const)('weights (cfo 3, others 1) with a pass weight of 3: %j is %s', (t, expected) => {
    const config: ApprovalConfig = { assignees: [{ type: 'user', value: 'a' }, { type: 'user', value: 'b' }, { type: 'user', value: 'c' }], mode: 'weighted', quorum: { weights: [{ assignees: [{ type: 'user', value: 'cfo' }], weight: 3 }], passWeight: 3 } };
    const people = approversOf(config, input).assignees;
    expect(people).toEqual(['a', 'b', 'c', 'cfo']);
    expect(outcomeOf(config, people, t, panelOf(config, input))).toBe(expected);
  });

  it('gives a transferred task\'s new holder the old holder\'s seat in groups, weights and veto', () => {
    const moved = reseated({ ...panel, weights: { f1: 3 } }, 'f1', 'x');
    expect(moved).toEqual({ groups: [{ name: 'finance', count: 2, members: ['x', 'f2', 'f3'] }, { name: 'legal', count: 1, members: ['l1', 'l2'] }], weights: { x: 3 }, veto: ['boss'] });
    expect(reseated(panel, 'boss', 'x').veto).toEqual(['x']);
    const seats = asked.map((a) => (a === 'f1' ? 'x' : a));
    expect(outcomeOf(quorum, seats, tally(['x', 'f2', 'l1']), moved)).toBe('approved');
  });

  it('a veto holder\'s rejection ends a vote that could still pass', () => {
    const config: ApprovalConfig = { assignees: [{ type: 'user', value: 'a' }, { type: 'user', value: 'b' }, { type: 'user', value: 'c' }], mode: 'vote', passRatio: 0.5, quorum: { veto: [{ type: 'user', value: 'a' }] } };
    const people = approversOf(config, input).assignees;
    expect(outcomeOf(config, people, tally([], ['b']), panelOf(config, input))).toBeNull();
    expect(outcomeOf(config, people, tally(['b'], ['a']), panelOf(config, input))).toBe('rejected');
  });

  it('shows the tally: groups with counts, the veto, who may decide now', () => {
    expect(tallyView(quorum, asked, tally(['f1', 'l1'], ['f3']), panel)).toEqual({
      mode: 'quorum', approvedBy: ['f1', 'l1'], rejectedBy: ['f3'], pending: ['f2', 'l2', 'boss'], added: [],
      groups: [{ name: 'finance', count: 2, approved: 1, members: ['f1', 'f2', 'f3'] }, { name: 'legal', count: 1, approved: 1, members: ['l1', 'l2'] }],
      veto: { holders: ['boss'], vetoedBy: [] }, outcome: null,
    });
    const weighted: ApprovalConfig = { assignees: [{ type: 'user', value: 'a' }], mode: 'weighted', quorum: { weights: [{ assignees: [{ type: 'user', value: 'cfo' }], weight: 2 }], passWeight: 2 } };
    expect(tallyView(weighted, ['a', 'cfo'], tally(['a']), panelOf(weighted, input)).weight).toEqual({ approved: 1, rejected: 0, needed: 2, total: 3 });
  });

  it('a signer added in parallel is asked at once, beside the adder, and must approve too', () => {
    const any: ApprovalConfig = { assignees: [{ type: 'user', value: 'a' }] };
    const added = { approvedBy: [], rejectedBy: [], added: [{ who: 'p', by: 'a', position: 'parallel' as const }] };
    expect(openAssignees(any, ['a'], added)).toEqual(['a', 'p']);
    expect(outcomeOf(any, ['a'], { ...added, approvedBy: ['a'] })).toBeNull();
    expect(outcomeOf(any, ['a'], { ...added, approvedBy: ['a', 'p'] })).toBe('approved');
    expect(outcomeOf(any, ['a'], { ...added, rejectedBy: ['p'] })).toBe('rejected');
  });
});
