import type { TestEngine } from './engine';
import { auth } from './workflows';

/** Creates departments and people through the API as the tenant's super admin. */
export async function build(engine: TestEngine, departments: Array<Record<string, unknown>>, users: Array<Record<string, unknown>>, tenant = 'acme') {
  const admin = engine.as('admin', tenant);
  for (const d of departments) {
    const res = await engine.http.post('/api/v1/org/departments').set(auth(admin)).send(d);
    if (res.status !== 201) throw new Error(`department ${JSON.stringify(d)}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  for (const u of users) {
    const res = await engine.http.post('/api/v1/org/users').set(auth(admin)).send({ email: `${u.id}@${tenant}.example`, name: String(u.id), ...u });
    if (res.status !== 201) throw new Error(`user ${JSON.stringify(u)}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/**
 * The 4-level organisation many suites share:
 *   company (head ceo) > ops (head vp) > sales (head lead) > east (no head);
 *   company > hr (head hrhead). rep reports to lead, lead to vp, vp to ceo;
 *   hrhead to ceo; rep is in east and hr. `extra` adds fields per person.
 */
export async function fourLevelOrg(engine: TestEngine, extra: Record<string, Record<string, unknown>> = {}) {
  await build(engine, [
    { id: 'company', name: 'Company' },
    { id: 'ops', name: 'Operations', parentId: 'company' },
    { id: 'sales', name: 'Sales', parentId: 'ops' },
    { id: 'east', name: 'Sales East', parentId: 'sales' },
    { id: 'hr', name: 'People', parentId: 'company' },
  ], [
    { id: 'ceo', departments: ['company'] },
    { id: 'vp', departments: ['ops'], managerId: 'ceo' },
    { id: 'lead', departments: ['sales'], managerId: 'vp' },
    { id: 'rep', departments: ['east', 'hr'], managerId: 'lead' },
    { id: 'hrhead', departments: ['hr'], managerId: 'ceo' },
  ].map((u) => ({ ...u, ...extra[u.id] })));
  const admin = engine.as('admin');
  for (const [id, headId] of [['company', 'ceo'], ['ops', 'vp'], ['sales', 'lead'], ['hr', 'hrhead']]) {
    const res = await engine.http.patch(`/api/v1/org/departments/${id}`).set(auth(admin)).send({ headId });
    if (res.status !== 200) throw new Error(`head of ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
