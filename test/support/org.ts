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
