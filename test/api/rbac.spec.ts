import { startEngine, type TestEngine } from '../support/engine';
import { build } from '../support/org';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

/**
 * Every route of the API tried as: anonymous (A), a member (M), a department
 * admin of another subtree (O), a department admin of the right subtree (R),
 * the super admin (S) and an API key with the member role (K).
 */
type Who = 'A' | 'M' | 'O' | 'R' | 'S' | 'K';
const WHO: Who[] = ['A', 'M', 'O', 'R', 'S', 'K'];
type Expected = Record<Who, number>;

const row = (A: number, M: number, O: number, R: number, S: number, K: number): Expected => ({ A, M, O, R, S, K });
const anyone = (ok: number) => row(401, ok, ok, ok, ok, ok);
const superOnly = (ok: number) => row(401, 403, 403, 403, ok, 403);
const subtree = (ok: number) => row(401, 403, 403, ok, ok, 403);
const everyone = (status: number) => row(status, status, status, status, status, status);

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** with placeholders :instance, :task, :key and :who, filled in per call */
  path: string;
  body?: (who: Who) => unknown;
  expected: Expected;
}

describe('who may call which route', () => {
  let engine: TestEngine;
  let key: string;
  let spareKey: string;
  let instanceId: string;
  let taskId: string;
  let hook: string;
  let spareHook: string;
  let writeHook: string;
  let writeSpareHook: string;

  beforeAll(async () => {
    engine = await startEngine({ OUTBOUND_ALLOWED_HOSTS: 'hooks.example.com' });
    await publish(engine, leaveRequest());
    await build(engine, [
      { id: 'company', name: 'Company' },
      { id: 'ops', name: 'Operations', parentId: 'company' },
      { id: 'sales', name: 'Sales', parentId: 'ops' },
      { id: 'hr', name: 'People', parentId: 'company' },
    ], [
      { id: 'salesadmin', departments: ['sales'], adminOf: ['sales'] },
      { id: 'hradmin', departments: ['hr'], adminOf: ['hr'] },
      { id: 'seller', departments: ['sales'], managerId: 'salesadmin', password: 'seller-password' },
      ...WHO.map((w) => ({ id: `leaver-${w}`, departments: ['sales'], managerId: 'seller' })),
      ...WHO.map((w) => ({ id: `quitter-${w}`, departments: ['sales'], managerId: 'seller' })),
    ]);
    const admin = engine.as('admin');
    for (const w of WHO) {
      await engine.http.post('/api/v1/org/departments').set(auth(admin)).send({ id: `leaf-${w}`, name: `Leaf ${w}`, parentId: 'sales' });
    }
    await build(engine, [], WHO.map((w) => ({ id: `holder-${w}`, departments: ['sales'] })));
    for (const [code, scoped] of [['finance', false], ['bp', true], ['gone-S', false]] as const) {
      await engine.http.post('/api/v1/org/business-roles').set(auth(admin)).send({ code, name: { en: code, zh: code }, scoped });
    }
    for (const w of WHO) await engine.http.post('/api/v1/org/business-roles/bp/holders').set(auth(admin)).send({ userId: `holder-${w}`, departmentId: 'sales' });
    key = (await engine.http.post('/api/v1/api-keys').set(auth(admin)).send({ name: 'matrix', role: 'member' })).body.key;
    spareKey = (await engine.http.post('/api/v1/api-keys').set(auth(admin)).send({ name: 'spare', role: 'member' })).body.id;
    const subscribe = () => engine.http.post('/api/v1/webhooks').set(auth(admin)).send({ url: 'https://hooks.example.com/baton', events: ['task.created'] });
    hook = (await subscribe()).body.id;
    spareHook = (await subscribe()).body.id;
    writeHook = (await subscribe()).body.id;
    writeSpareHook = (await subscribe()).body.id;
    await engine.http.post('/api/v1/customers').set(auth(admin)).send({ id: 'sellers-customer', name: 'Seller\'s customer', owner: 'seller', region: 'north' });
    const instance = await submit(engine, admin, 'leave', { days: 1 });
    instanceId = instance.id;
    taskId = (await pendingTask(engine, engine.as('bob'), instanceId)).id;
  });
  afterAll(() => engine.close());

  const headers = (who: Who): Record<string, string> => {
    const person: Record<Exclude<Who, 'A' | 'K'>, string> = { M: 'alice', O: 'hradmin', R: 'salesadmin', S: 'admin' };
    if (who === 'A') return {};
    if (who === 'K') return { Authorization: `Bearer ${key}` };
    return auth(engine.as(person[who]));
  };

  const routes: Route[] = [
    { method: 'get', path: '/health', expected: everyone(200) },
    { method: 'get', path: '/docs/json', expected: everyone(200) },
    { method: 'post', path: '/api/v1/auth/login', body: () => ({ tenant: 'acme', email: 'seller@acme.example', password: 'seller-password' }), expected: everyone(200) },
    { method: 'post', path: '/api/v1/auth/refresh', body: () => ({ refreshToken: 'rt_acme.0000000000000000.nope' }), expected: everyone(401) },
    { method: 'post', path: '/api/v1/auth/logout', body: () => ({ refreshToken: 'rt_acme.0000000000000000.nope' }), expected: everyone(204) },
    { method: 'get', path: '/api/v1/auth/me', expected: anyone(200) },
    // an API key is no person of the organisation
    { method: 'get', path: '/api/v1/me', expected: row(401, 200, 200, 200, 200, 404) },
    { method: 'put', path: '/api/v1/me/delegation', body: () => ({ to: 'seller', from: '2030-01-01T00:00:00Z', until: '2030-01-02T00:00:00Z' }), expected: row(401, 200, 200, 200, 200, 400) },
    { method: 'delete', path: '/api/v1/me/delegation', expected: row(401, 204, 204, 204, 204, 400) },
    { method: 'post', path: '/api/v1/api-keys', body: () => ({ name: 'k', role: 'member' }), expected: superOnly(201) },
    { method: 'get', path: '/api/v1/api-keys', expected: superOnly(200) },
    { method: 'delete', path: '/api/v1/api-keys/:key', expected: superOnly(204) },
    { method: 'post', path: '/api/v1/admin/queues/session', expected: superOnly(200) },
    { method: 'get', path: '/api/v1/node-types', expected: anyone(200) },
    { method: 'post', path: '/api/v1/attachments?name=note.txt', body: () => 'hello', expected: anyone(201) },
    { method: 'get', path: '/api/v1/attachments/00000000-0000-4000-8000-000000000000', expected: anyone(404) },
    { method: 'get', path: '/api/v1/attachments/limits', expected: anyone(200) },
    { method: 'get', path: '/api/v1/schema/definition', expected: anyone(200) },
    { method: 'get', path: '/api/v1/definitions', expected: anyone(200) },
    { method: 'post', path: '/api/v1/definitions', body: (w) => leaveRequest({ id: `new-${w}` }), expected: superOnly(201) },
    { method: 'post', path: '/api/v1/definitions/validate', body: () => leaveRequest(), expected: anyone(200) },
    { method: 'get', path: '/api/v1/definitions/leave', expected: anyone(200) },
    { method: 'put', path: '/api/v1/definitions/leave', body: () => leaveRequest(), expected: superOnly(200) },
    { method: 'post', path: '/api/v1/definitions/leave/validate', expected: anyone(200) },
    { method: 'post', path: '/api/v1/definitions/leave/publish', body: () => ({}), expected: superOnly(201) },
    { method: 'get', path: '/api/v1/definitions/leave/versions', expected: anyone(200) },
    { method: 'get', path: '/api/v1/definitions/leave/versions/1', expected: anyone(200) },
    { method: 'post', path: '/api/v1/instances', body: () => ({ definitionId: 'leave', form: { days: 1 } }), expected: anyone(201) },
    { method: 'get', path: '/api/v1/instances', expected: anyone(200) },
    // a request is visible to its initiator (here the super admin), super admins and its task holders; others get 404
    { method: 'get', path: '/api/v1/instances/:instance', expected: row(401, 404, 404, 404, 200, 404) },
    { method: 'get', path: '/api/v1/instances/:instance/history', expected: row(401, 404, 404, 404, 200, 404) },
    { method: 'get', path: '/api/v1/instances/:instance/tasks', expected: row(401, 404, 404, 404, 200, 404) },
    // only the initiator (here the super admin) may withdraw
    { method: 'get', path: '/api/v1/instances/:instance/replay', expected: row(401, 404, 404, 404, 200, 404) },
    // changing published flows (issue 19): migrations and what-if are for super admins
    { method: 'get', path: '/api/v1/definitions/leave/migrations/mapping?from=1&to=2', expected: superOnly(200) },
    { method: 'post', path: '/api/v1/definitions/leave/migrations/dry-run', body: () => ({ from: 1, to: 2, mapping: {} }), expected: superOnly(200) },
    { method: 'post', path: '/api/v1/definitions/leave/migrations', body: () => ({ from: 1, to: 2, mapping: {} }), expected: superOnly(202) },
    { method: 'get', path: '/api/v1/migrations/00000000-0000-4000-8000-000000000000', expected: superOnly(404) },
    { method: 'post', path: '/api/v1/migrations/00000000-0000-4000-8000-000000000000/stop', expected: superOnly(404) },
    { method: 'post', path: '/api/v1/migrations/00000000-0000-4000-8000-000000000000/resume', expected: superOnly(404) },
    { method: 'post', path: '/api/v1/definitions/leave/what-if', body: () => ({}), expected: superOnly(202) },
    { method: 'get', path: '/api/v1/what-if/00000000-0000-4000-8000-000000000000', expected: superOnly(404) },
    { method: 'post', path: '/api/v1/what-if/00000000-0000-4000-8000-000000000000/publish', body: () => ({}), expected: superOnly(404) },
    { method: 'post', path: '/api/v1/instances/:instance/comments', body: () => ({ text: 'hello @bob' }), expected: superOnly(201) },
    { method: 'post', path: '/api/v1/instances/:instance/urge', expected: superOnly(200) },
    { method: 'post', path: '/api/v1/instances/:instance/withdraw', expected: superOnly(200) },
    // only the initiator may resubmit, and only a returned request (this one is not)
    { method: 'post', path: '/api/v1/instances/:instance/resubmit', body: () => ({ form: { days: 1 } }), expected: row(401, 403, 403, 403, 409, 403) },
    { method: 'get', path: '/api/v1/tasks', expected: anyone(200) },
    // a bulk job is accepted for anyone; each task is then checked as if decided alone
    { method: 'post', path: '/api/v1/tasks/bulk-approve', body: () => ({ taskIds: ['nope.1'] }), expected: anyone(202) },
    { method: 'get', path: '/api/v1/jobs/00000000-0000-4000-8000-000000000000', expected: anyone(404) },
    { method: 'get', path: '/api/v1/notifications', expected: anyone(200) },
    { method: 'post', path: '/api/v1/notifications/read-all', expected: anyone(200) },
    { method: 'post', path: '/api/v1/notifications/nope.1/read', expected: anyone(404) },
    // the task is bob's: nobody else may decide it, whatever their role
    { method: 'get', path: '/api/v1/tasks/:task', expected: anyone(403) },
    { method: 'post', path: '/api/v1/tasks/:task/approve', expected: anyone(403) },
    { method: 'post', path: '/api/v1/tasks/:task/reject', expected: anyone(403) },
    { method: 'post', path: '/api/v1/tasks/:task/return', body: () => ({ to: 'initiator' }), expected: anyone(403) },
    { method: 'post', path: '/api/v1/tasks/:task/transfer', body: () => ({ to: 'dan' }), expected: anyone(403) },
    { method: 'post', path: '/api/v1/tasks/:task/add-signer', body: () => ({ who: 'dan', position: 'before' }), expected: anyone(403) },
    { method: 'get', path: '/api/v1/org/departments', expected: anyone(200) },
    { method: 'post', path: '/api/v1/org/departments', body: (w) => ({ id: `made-${w}`, name: 'Made', parentId: 'sales' }), expected: subtree(201) },
    { method: 'post', path: '/api/v1/org/departments/import', body: (w) => ({ csv: `id,name,parentId,headId\nimp-${w},Imported,company,` }), expected: superOnly(201) },
    { method: 'get', path: '/api/v1/org/departments/sales', expected: anyone(200) },
    { method: 'patch', path: '/api/v1/org/departments/sales', body: () => ({ name: 'Sales' }), expected: subtree(200) },
    { method: 'delete', path: '/api/v1/org/departments/leaf-:who', expected: subtree(204) },
    { method: 'get', path: '/api/v1/org/departments/sales/head', expected: anyone(200) },
    { method: 'get', path: '/api/v1/org/departments/sales/members', expected: anyone(200) },
    { method: 'get', path: '/api/v1/org/roles/member/members', expected: anyone(200) },
    { method: 'get', path: '/api/v1/org/users', expected: anyone(200) },
    { method: 'post', path: '/api/v1/org/users', body: (w) => ({ id: `hire-${w}`, email: `hire-${w}@acme.example`, name: 'Hire', departments: ['sales'] }), expected: subtree(201) },
    { method: 'post', path: '/api/v1/org/users/import', body: (w) => ({ csv: `id,email,name\nbulk-${w},bulk-${w}@acme.example,Bulk` }), expected: superOnly(201) },
    { method: 'get', path: '/api/v1/org/users/seller', expected: anyone(200) },
    { method: 'patch', path: '/api/v1/org/users/seller', body: () => ({ name: 'Seller' }), expected: subtree(200) },
    { method: 'get', path: '/api/v1/org/users/seller/managers?levels=2', expected: anyone(200) },
    { method: 'get', path: '/api/v1/org/users/seller/managers/1', expected: anyone(200) },
    { method: 'get', path: '/api/v1/org/users/seller/heads', expected: anyone(200) },
    { method: 'get', path: '/api/v1/org/users/seller/directory?roles=member', expected: anyone(200) },
    { method: 'post', path: '/api/v1/org/users/leaver-:who/offboard', body: () => ({}), expected: subtree(200) },
    { method: 'get', path: '/api/v1/org/business-roles', expected: anyone(200) },
    { method: 'post', path: '/api/v1/org/business-roles', body: (w) => ({ code: `made-${w}`, name: { en: 'Made', zh: '新' } }), expected: superOnly(201) },
    { method: 'post', path: '/api/v1/org/business-roles/holders/import', body: () => ({ csv: 'role,userId,departmentId\nfinance,seller,' }), expected: superOnly(201) },
    { method: 'get', path: '/api/v1/org/business-roles/finance', expected: anyone(200) },
    { method: 'patch', path: '/api/v1/org/business-roles/finance', body: () => ({ description: 'pays' }), expected: superOnly(200) },
    { method: 'delete', path: '/api/v1/org/business-roles/gone-:who', expected: superOnly(204) },
    { method: 'get', path: '/api/v1/org/business-roles/finance/holders', expected: anyone(200) },
    // a department admin names holders of department-scoped roles inside their subtree only
    { method: 'post', path: '/api/v1/org/business-roles/bp/holders', body: (w) => ({ userId: 'seller', departmentId: w === 'S' ? 'company' : 'sales' }), expected: row(401, 403, 400, 201, 201, 403) },
    { method: 'delete', path: '/api/v1/org/business-roles/bp/holders/holder-:who?departmentId=sales', expected: subtree(204) },
    // operators are the super admins of OPERATOR_TENANTS, none here
    { method: 'post', path: '/api/v1/tenants', body: (w) => ({ id: `t-${w}`, admin: { email: 'root@t.example', name: 'Root', password: 'correct horse battery staple 42' } }), expected: row(401, 403, 403, 403, 403, 403) },
    { method: 'get', path: '/api/v1/tenants/globex', expected: row(401, 403, 403, 403, 403, 403) },
    { method: 'patch', path: '/api/v1/tenants/globex/settings', body: () => ({ locale: 'en' }), expected: row(401, 403, 403, 403, 403, 403) },
    { method: 'get', path: '/api/v1/tenant', expected: anyone(200) },
    { method: 'get', path: '/api/v1/sign-in/globex', expected: everyone(404) },
    // a one-tap link is its own permission: without a genuine token nobody, signed in or not, decides anything
    { method: 'get', path: '/api/v1/decision-links/not-a-link', expected: everyone(200) },
    { method: 'post', path: '/api/v1/decision-links/not-a-link', body: () => ({}), expected: everyone(403) },
    { method: 'post', path: '/api/v1/webhooks', body: () => ({ url: 'https://hooks.example.com/x', events: ['*'] }), expected: superOnly(201) },
    { method: 'get', path: '/api/v1/webhooks', expected: superOnly(200) },
    { method: 'get', path: '/api/v1/webhooks/:hook', expected: superOnly(200) },
    { method: 'patch', path: '/api/v1/webhooks/:hook', body: () => ({ description: 'ops' }), expected: superOnly(200) },
    { method: 'delete', path: '/api/v1/webhooks/:spareHook', expected: superOnly(204) },
    { method: 'get', path: '/api/v1/webhooks/:hook/deliveries', expected: superOnly(200) },
    { method: 'post', path: '/api/v1/webhooks/:hook/deliveries/nope/replay', expected: superOnly(404) },
    // anyone signed in may start a published definition; without an Idempotency-Key the answer is 400
    { method: 'post', path: '/api/v1/definitions/leave/trigger', body: () => ({ form: { days: 1 } }), expected: anyone(400) },
    // the instance does not wait for an outside event: 409 for the super admin
    { method: 'post', path: '/api/v1/instances/:instance/events', body: () => ({ name: 'paid' }), expected: superOnly(409) },
    { method: 'get', path: '/api/v1/audit', expected: superOnly(200) },
    { method: 'get', path: '/api/v1/audit/verify', expected: superOnly(200) },
    { method: 'get', path: '/api/v1/audit/export', expected: row(401, 403, 200, 200, 200, 403) },
    // customers, routing, SOP and campaigns (issue 7): "leave" is an approval, so routing and campaigns refuse it
    { method: 'post', path: '/api/v1/customers', body: (w) => ({ id: `cust-${w}`, name: 'Customer' }), expected: anyone(201) },
    { method: 'get', path: '/api/v1/customers', expected: anyone(200) },
    { method: 'post', path: '/api/v1/customers/import', body: (w) => ({ csv: `id,name\nimp-${w},Imported` }), expected: superOnly(201) },
    { method: 'post', path: '/api/v1/customers/search', body: () => ({ audience: { tags: { any: ['x'] } } }), expected: anyone(200) },
    { method: 'get', path: '/api/v1/customers/nope.1', expected: anyone(404) },
    { method: 'patch', path: '/api/v1/customers/nope.1', body: () => ({ name: 'x' }), expected: anyone(404) },
    { method: 'post', path: '/api/v1/customers/nope.1/replied', expected: anyone(404) },
    { method: 'get', path: '/api/v1/customers/nope.1/messages', expected: anyone(404) },
    { method: 'post', path: '/api/v1/routing/leave/decisions', body: () => ({ item: {} }), expected: anyone(422) },
    { method: 'get', path: '/api/v1/routing/decisions', expected: anyone(200) },
    { method: 'get', path: '/api/v1/routing/decisions/1', expected: anyone(404) },
    { method: 'post', path: '/api/v1/routing/decisions/1/close', expected: anyone(404) },
    { method: 'post', path: '/api/v1/routing/decisions/1/respond', expected: anyone(404) },
    { method: 'get', path: '/api/v1/sop/runs', expected: anyone(200) },
    { method: 'get', path: '/api/v1/sop/runs/1', expected: anyone(404) },
    { method: 'get', path: '/api/v1/sop/follow-ups', expected: anyone(200) },
    { method: 'post', path: '/api/v1/sop/follow-ups/1/done', expected: anyone(404) },
    { method: 'post', path: '/api/v1/campaigns', body: () => ({ definitionId: 'leave' }), expected: superOnly(400) },
    { method: 'get', path: '/api/v1/campaigns', expected: anyone(200) },
    // customer x does not exist (and a customer is looked up before the definition)
    { method: 'post', path: '/api/v1/campaigns/preview', body: () => ({ definitionId: 'leave', customerId: 'x' }), expected: anyone(404) },
    { method: 'get', path: '/api/v1/campaigns/sensitive-words', expected: anyone(200) },
    { method: 'put', path: '/api/v1/campaigns/sensitive-words', body: () => ({ words: ['x'] }), expected: superOnly(200) },
    { method: 'get', path: '/api/v1/campaigns/1', expected: anyone(404) },
    { method: 'patch', path: '/api/v1/campaigns/1', body: () => ({ version: 1 }), expected: superOnly(404) },
    { method: 'get', path: '/api/v1/campaigns/1/review', expected: anyone(404) },
    { method: 'post', path: '/api/v1/campaigns/1/pause', expected: superOnly(404) },
    { method: 'post', path: '/api/v1/campaigns/1/resume', expected: superOnly(404) },
    { method: 'post', path: '/api/v1/campaigns/1/cancel', expected: superOnly(404) },
    { method: 'post', path: '/api/v1/campaigns/1/events', body: () => ({ customerId: 'x', type: 'clicked' }), expected: anyone(404) },
    // department admins see their own subtrees; another department is refused
    ...['requests', 'cycle-time', 'response-times', 'bottlenecks', 'overdue', 'routing', 'first-response', 'routing-response', 'sop-steps', 'campaign-funnel', 'churn'].map((m) => ({ method: 'get' as const, path: `/api/v1/analytics/${m}`, expected: row(401, 403, 200, 200, 200, 403) })),
    { method: 'get', path: '/api/v1/analytics/requests?department=sales', expected: row(401, 403, 403, 200, 200, 403) },
  ];

  const fill = (path: string, who: Who) => path
    .replace(':instance', instanceId).replace(':task', taskId).replace(':key', spareKey).replace(':who', who)
    .replace(':spareHook', spareHook).replace(':hook', hook).replace(':writeSpareHook', writeSpareHook).replace(':writeHook', writeHook);

  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', async (_, route) => {
    const actual = {} as Expected;
    for (const who of WHO) {
      const path = fill(route.path, who);
      let req = engine.http[route.method](path).set(headers(who));
      if (route.body) {
        const payload = route.body(who);
        // a string is a file upload: plain text
        req = typeof payload === 'string' ? req.set('Content-Type', 'text/plain').send(payload) : req.send(payload as object);
      }
      actual[who] = (await req).status;
    }
    expect(actual).toEqual(route.expected);
  });

  /**
   * The write routes again, on records of their own: a refused call leaves
   * the record as it was (read back by the super admin), an allowed one
   * changes exactly the fields it names.
   */
  interface Write {
    method: 'put' | 'patch' | 'post' | 'delete';
    path: string;
    body?: (who: Who) => object;
    expected: Expected;
    /** where the super admin reads the record back */
    read: string;
    /** the fields an allowed call changes (top level of what `read` answers) */
    changes: string[];
  }
  const writes: Write[] = [
    { method: 'patch', path: '/api/v1/org/departments/sales', body: (w) => ({ name: `Sales ${w}` }), expected: subtree(200), read: '/api/v1/org/departments/sales', changes: ['name'] },
    { method: 'patch', path: '/api/v1/org/users/seller', body: (w) => ({ name: `Seller ${w}` }), expected: subtree(200), read: '/api/v1/org/users/seller', changes: ['name'] },
    { method: 'patch', path: '/api/v1/org/users/seller', body: (w) => ({ phone: `+49 30 ${WHO.indexOf(w)}00000` }), expected: subtree(200), read: '/api/v1/org/users/seller', changes: ['phone'] },
    // an empty PATCH changes nothing at all (it once reset roles, departments and adminOf)
    { method: 'patch', path: '/api/v1/org/users/seller', body: () => ({}), expected: subtree(200), read: '/api/v1/org/users/seller', changes: [] },
    { method: 'post', path: '/api/v1/org/users/quitter-:who/offboard', body: () => ({}), expected: subtree(200), read: '/api/v1/org/users/quitter-:who', changes: ['active', 'deactivatedAt'] },
    { method: 'patch', path: '/api/v1/webhooks/:writeHook', body: (w) => ({ description: `ops ${w}` }), expected: superOnly(200), read: '/api/v1/webhooks/:writeHook', changes: ['description', 'updatedAt'] },
    { method: 'delete', path: '/api/v1/webhooks/:writeSpareHook', expected: row(401, 403, 403, 403, 204, 403), read: '/api/v1/webhooks/:writeSpareHook', changes: ['statusCode', 'error', 'message', 'id', 'url', 'events', 'description', 'active', 'createdBy', 'createdAt', 'updatedAt', 'problems'] },
    { method: 'put', path: '/api/v1/campaigns/sensitive-words', body: (w) => ({ words: [`word-${w}`] }), expected: superOnly(200), read: '/api/v1/campaigns/sensitive-words', changes: ['words'] },
    { method: 'put', path: '/api/v1/definitions/leave', body: (w) => leaveRequest({ name: `Leave ${w}` }), expected: superOnly(200), read: '/api/v1/definitions/leave', changes: ['name', 'definition', 'updatedAt'] },
    // the customer is the seller's: their department's admin and the super admin may edit it, nobody else sees it
    { method: 'patch', path: '/api/v1/customers/sellers-customer', body: (w) => ({ region: `region-${w}` }), expected: row(401, 404, 404, 200, 200, 404), read: '/api/v1/customers/sellers-customer', changes: ['region', 'updatedAt'] },
  ];

  it.each(writes.map((w) => [`${w.method.toUpperCase()} ${w.path} ${JSON.stringify(w.body?.('S') ?? {})}`, w] as const))('%s changes only what it names, and only when allowed', async (_, write) => {
    const admin = auth(engine.as('admin'));
    const read = async (who: Who) => {
      const res = await engine.http.get(fill(write.read, who)).set(admin);
      return { status: res.status, ...res.body } as Record<string, unknown>;
    };
    const actual = {} as Expected;
    const changed = {} as Record<Who, string[]>;
    for (const who of WHO) {
      const before = await read(who);
      const req = engine.http[write.method](fill(write.path, who)).set(headers(who));
      actual[who] = (await (write.body ? req.send(write.body(who)) : req)).status;
      const after = await read(who);
      changed[who] = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((k) => k !== 'status' && JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
    }
    expect(actual).toEqual(write.expected);
    const allowed = (who: Who) => write.expected[who] < 300;
    expect(changed).toEqual(Object.fromEntries(WHO.map((who) => [who, allowed(who) ? [...write.changes].sort() : []])));
  });

  it('covers every route the API declares', async () => {
    // the concrete names in the table above stand for the declared path parameters
    const asParams = (path: string) => path.split('?')[0]!
      .replace(/\/(leave|sales|seller|1|member|nope\.1|00000000-0000-4000-8000-000000000000|leaf-:who|leaver-:who|finance|bp|gone-:who|holder-:who|globex|not-a-link|:instance|:task|:key|:hook|:spareHook|nope)(?=\/|$)/g, '/{}');
    const declared = Object.entries((await engine.http.get('/docs/json')).body.paths as Record<string, object>)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path.replace(/\{[^}]+\}/g, '{}')}`));
    const tried = new Set(routes.map((r) => `${r.method} ${asParams(r.path)}`));
    expect(declared.filter((r) => !tried.has(r))).toEqual([]);
  });
});
