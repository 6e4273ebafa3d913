import { chainOf, holdersFor, roleReferences, unknownRoleProblems } from './roles';

describe('who holds a business role for an initiator', () => {
  // company > ops > sales > east; company > hr
  const chains = { east: chainOf({ id: 'east', ancestors: ['company', 'ops', 'sales'] }), hr: chainOf({ id: 'hr', ancestors: ['company'] }) };

  it('walks a department chain nearest first', () => {
    expect(chains.east).toEqual(['east', 'sales', 'ops', 'company']);
  });

  it('an unscoped role: every holder, once', () => {
    expect(holdersFor({ scoped: false }, [{ userId: 'fin1', departmentId: null }, { userId: 'fin2', departmentId: null }, { userId: 'fin1', departmentId: 'ops' }], [chains.east])).toEqual(['fin1', 'fin2']);
  });

  it('a scoped role: the holders at the nearest department up the tree', () => {
    const holdings = [{ userId: 'bp-ops', departmentId: 'ops' }, { userId: 'bp-company', departmentId: 'company' }];
    expect(holdersFor({ scoped: true }, holdings, [chains.east])).toEqual(['bp-ops']);
    expect(holdersFor({ scoped: true }, holdings, [chains.hr])).toEqual(['bp-company']);
    expect(holdersFor({ scoped: true }, [...holdings, { userId: 'bp-east', departmentId: 'east' }], [chains.east])).toEqual(['bp-east']);
  });

  it('a scoped role for someone in two departments: the nearest holders of each', () => {
    const holdings = [{ userId: 'bp-sales', departmentId: 'sales' }, { userId: 'bp-hr', departmentId: 'hr' }];
    expect(holdersFor({ scoped: true }, holdings, [chains.east, chains.hr])).toEqual(['bp-sales', 'bp-hr']);
  });

  it('a scoped role falls back to tenant-wide holders, and finds nobody without them', () => {
    expect(holdersFor({ scoped: true }, [{ userId: 'bp-any', departmentId: null }, { userId: 'bp-hr', departmentId: 'hr' }], [chains.east])).toEqual(['bp-any']);
    expect(holdersFor({ scoped: true }, [{ userId: 'bp-hr', departmentId: 'hr' }], [chains.east])).toEqual([]);
    expect(holdersFor({ scoped: true }, [{ userId: 'bp-hr', departmentId: 'hr' }], [])).toEqual([]);
  });
});

describe('roles a definition names', () => {
  const def = {
    settings: { copyOnFinish: [{ type: 'role', value: 'auditor' }] },
    nodes: [
      { id: 'a', type: 'approval', config: { assignees: [{ type: 'role', value: 'finance' }, { type: 'user', value: 'bob' }], quorum: { groups: [{ assignees: [{ type: 'role', value: 'legal' }], count: 1 }], veto: [{ type: 'role', value: 'ceo-office' }] } } },
      { id: 'c', type: 'cc', config: { people: [{ type: 'role', value: 'superAdmin' }] } },
      { id: 'r', type: 'route', config: { rules: [{ target: { type: 'role', value: 'support' } }], fallback: { type: 'user', value: 'x' } } },
      { id: 's', type: 'sop.cadence', config: { steps: [{ action: 'escalate', role: 'sales-lead' }] } },
    ],
  };

  it('finds approvers, quorum groups, veto holders, CC, copy on finish, routing targets and SOP escalations', () => {
    expect(roleReferences(def).map((r) => `${r.pointer}=${r.code}`)).toEqual([
      '/settings/copyOnFinish/0/value=auditor',
      '/nodes/0/config/assignees/0/value=finance',
      '/nodes/0/config/quorum/groups/0/assignees/0/value=legal',
      '/nodes/0/config/quorum/veto/0/value=ceo-office',
      '/nodes/1/config/people/0/value=superAdmin',
      '/nodes/2/config/rules/0/target/value=support',
      '/nodes/3/config/steps/0/role=sales-lead',
    ]);
  });

  it('names each unknown role by its pointer; access roles are always known', () => {
    expect(unknownRoleProblems(def, ['finance', 'legal', 'support'])).toEqual([
      { pointer: '/settings/copyOnFinish/0/value', message: 'unknown role "auditor"' },
      { pointer: '/nodes/0/config/quorum/veto/0/value', message: 'unknown role "ceo-office"' },
      { pointer: '/nodes/3/config/steps/0/role', message: 'unknown role "sales-lead"' },
    ]);
    expect(unknownRoleProblems({ nodes: 'garbage' }, [])).toEqual([]);
    expect(unknownRoleProblems(null, [])).toEqual([]);
  });
});
