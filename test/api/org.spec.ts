import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { fourLevelOrg } from '../support/org';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

/**
 * A 4-level organisation:
 *   company (head ceo) > ops (head vp) > sales (head lead) > east (no head)
 *   company > hr (head hrhead)
 * rep reports to lead, lead to vp, vp to ceo; rep is in east and hr.
 */
describe('the organisation', () => {
  let engine: TestEngine;
  const get = (path: string, who = engine.as('admin')) => engine.http.get(path).set(auth(who));

  beforeAll(async () => {
    engine = await startEngine();
    await fourLevelOrg(engine, { lead: { phone: '+86 139 1234 5678' }, rep: { password: 'rep-password-1' } });
  });
  afterAll(() => engine.close());

  describe('resolving people', () => {
    it('finds every manager up to level 4 and says which level is missing', async () => {
      const res = await get('/api/v1/org/users/rep/managers?levels=4');
      expect(res.body).toEqual({ users: ['lead', 'vp', 'ceo'], missing: ['rep has no level-4 manager'] });
    });

    it('finds the N-th level manager, or reports the level as missing', async () => {
      expect((await get('/api/v1/org/users/rep/managers/2')).body).toEqual({ users: ['vp'], missing: [] });
      expect((await get('/api/v1/org/users/vp/managers/3')).body).toEqual({ users: [], missing: ['vp has no level-2 manager'] });
    });

    it('finds the heads of both departments of a person in two, and says which has none', async () => {
      expect((await get('/api/v1/org/users/rep/heads')).body).toEqual({ users: ['hrhead'], missing: ['department east has no head'] });
      expect((await get('/api/v1/org/departments/sales/head')).body).toEqual({ users: ['lead'], missing: [] });
    });

    it('shows a person as the initiator of a request sees the organisation, as the simulator asks for it', async () => {
      const res = await get('/api/v1/org/users/rep/directory?roles=superAdmin&departments=ops', engine.as('alice'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        initiator: { id: 'rep', name: 'rep', departments: ['east', 'hr'], roles: ['member'] },
        directory: {
          managers: ['lead', 'vp', 'ceo', null],
          departments: ['east', 'hr'],
          heads: { east: null, hr: 'hrhead', ops: 'vp' },
          roles: { superAdmin: ['admin'] },
        },
      });
    });

    it('names the field of a bad directory query and answers 404 for an unknown person', async () => {
      const bad = await get('/api/v1/org/users/rep/directory?roles=a,,b');
      expect(bad.status).toBe(400);
      expect(bad.body.problems[0].pointer).toBe('/query/roles');
      expect((await get('/api/v1/org/users/nobody-here/directory')).status).toBe(404);
    });

    it('finds members of a subtree and holders of a role', async () => {
      expect((await get('/api/v1/org/departments/ops/members?subtree=true')).body.users).toEqual(['lead', 'rep', 'vp']);
      expect((await get('/api/v1/org/departments/ops/members')).body.users).toEqual(['vp']);
      expect((await get('/api/v1/org/roles/superAdmin/members')).body.users).toEqual(['admin']);
    });

    it('keeps department levels and ancestors', async () => {
      expect((await get('/api/v1/org/departments/east')).body).toMatchObject({ level: 4, ancestors: ['company', 'ops', 'sales'] });
    });
  });

  describe('bad input', () => {
    const admin = () => engine.as('admin');
    const counts = async () => Promise.all(['departments', 'users'].map((c) => engine.db.collection(c).countDocuments()));

    it('refuses an email that is not one, naming the field', async () => {
      const res = await engine.http.post('/api/v1/org/users').set(auth(admin())).send({ id: 'x1', email: 'not-an-email', name: 'X' });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ pointer: '/body/email', message: 'must be an e-mail address, like ana@example.com' }]);
    });

    it('refuses a department cycle', async () => {
      const res = await engine.http.patch('/api/v1/org/departments/ops').set(auth(admin())).send({ parentId: 'east' });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ pointer: '/body/parentId', message: '"east" is inside "ops"; a department cannot be its own ancestor' }]);
      expect((await get('/api/v1/org/departments/ops')).body.parentId).toBe('company');
    });

    it('refuses a fifth level, on create and on a move', async () => {
      const before = await counts();
      const res = await engine.http.post('/api/v1/org/departments').set(auth(admin())).send({ id: 'east-north', name: 'North', parentId: 'east' });
      expect(res.status).toBe(400);
      expect(res.body.problems[0]).toEqual({ pointer: '/body/parentId', message: 'departments are at most 4 levels deep; "east" is at level 4' });
      const move = await engine.http.patch('/api/v1/org/departments/sales').set(auth(admin())).send({ parentId: 'hr' });
      expect(move.status).toBe(200);
      const deeper = await engine.http.patch('/api/v1/org/departments/hr').set(auth(admin())).send({ parentId: 'ops' });
      expect(deeper.status).toBe(400);
      expect(deeper.body.problems[0].message).toMatch(/5 levels deep; the limit is 4/);
      await engine.http.patch('/api/v1/org/departments/sales').set(auth(admin())).send({ parentId: 'ops' });
      expect((await get('/api/v1/org/departments/east')).body).toMatchObject({ level: 4, ancestors: ['company', 'ops', 'sales'] });
      expect(await counts()).toEqual(before);
    });

    it('refuses a manager loop', async () => {
      const res = await engine.http.patch('/api/v1/org/users/ceo').set(auth(admin())).send({ managerId: 'rep' });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ pointer: '/body/managerId', message: '"rep" already reports to "ceo"; managers cannot form a loop' }]);
    });

    it('imports nothing from a CSV with 2 bad rows among 100, naming both lines', async () => {
      const before = await counts();
      const rows = Array.from({ length: 100 }, (_, i) => `p${i},p${i}@acme.example,Person ${i},,east,lead,,`);
      rows[41] = 'p41,not-an-email,Person 41,,east,lead,,';
      rows[76] = 'p76,p76@acme.example,Person 76,,nowhere,lead,,';
      const csv = ['id,email,name,phone,departments,managerId,roles,adminOf', ...rows].join('\n');
      const res = await engine.http.post('/api/v1/org/users/import').set(auth(admin())).send({ csv });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^nothing was imported; 2 line\(s\) have problems/);
      expect(res.body.problems).toEqual([
        { pointer: '/csv/43/email', message: 'line 43: email must be an e-mail address, like ana@example.com' },
        { pointer: '/csv/78/departments', message: 'line 78: departments unknown department "nowhere"' },
      ]);
      expect(await counts()).toEqual(before);

      const fixed = csv.replace('not-an-email', 'p41@acme.example').replace(',nowhere,', ',east,');
      // a dry run of the same file names the same lines; of the fixed file, it counts the rows and still saves nothing
      const preview = await engine.http.post('/api/v1/org/users/import').set(auth(admin())).send({ csv, dryRun: true });
      expect(preview.status).toBe(400);
      expect(preview.body.problems).toEqual(res.body.problems);
      const clean = await engine.http.post('/api/v1/org/users/import').set(auth(admin())).send({ csv: fixed, dryRun: true });
      expect(clean.body).toEqual({ imported: 100, dryRun: true });
      expect(await counts()).toEqual(before);
      const ok = await engine.http.post('/api/v1/org/users/import').set(auth(admin())).send({ csv: fixed });
      expect(ok.status).toBe(201);
      expect(ok.body).toEqual({ imported: 100 });
      expect((await get('/api/v1/org/users/p99')).body).toMatchObject({ managerId: 'lead', departments: ['east'] });
    });

    it('imports departments all or nothing, refusing a cycle inside the file', async () => {
      const cyclic = 'id,name,parentId,headId\nx1,X1,x2,\nx2,X2,x1,\nx3,X3,company,';
      const res = await engine.http.post('/api/v1/org/departments/import').set(auth(admin())).send({ csv: cyclic });
      expect(res.status).toBe(400);
      expect(res.body.problems.map((p: { pointer: string }) => p.pointer)).toContain('/csv/2/parentId');
      expect(await engine.db.collection('departments').countDocuments({ id: 'x3' })).toBe(0);
    });
  });

  describe('sign-in', () => {
    const login = (password: string, email = 'rep@acme.example') =>
      engine.http.post('/api/v1/auth/login').send({ tenant: 'acme', email, password });

    it('signs in with email and password and refreshes with rotation', async () => {
      const res = await login('rep-password-1');
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual({ id: 'rep', name: 'rep', email: 'rep@acme.example' });
      expect((await engine.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`)).body).toMatchObject({ userId: 'rep', tenantId: 'acme' });
      const refreshed = await engine.http.post('/api/v1/auth/refresh').send({ refreshToken: res.body.refreshToken });
      expect(refreshed.status).toBe(200);
      expect((await engine.http.post('/api/v1/auth/refresh').send({ refreshToken: res.body.refreshToken })).status).toBe(401);
      expect(JSON.stringify(refreshed.body)).not.toContain('passwordHash');
    });

    it('limits failed sign-ins: the 6th try within the window gets 429 with Retry-After', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await login('wrong-password', 'hrhead@acme.example')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const limited = await login('wrong-password', 'hrhead@acme.example');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('issues API keys once, stores only their hash, and revokes them', async () => {
      const admin = engine.as('admin');
      const created = await engine.http.post('/api/v1/api-keys').set(auth(admin)).send({ name: 'erp', role: 'member' });
      expect(created.status).toBe(201);
      const key: string = created.body.key;
      expect((await engine.http.get('/api/v1/definitions').set('Authorization', `Bearer ${key}`)).status).toBe(200);
      expect((await engine.http.get('/api/v1/definitions').set('X-Api-Key', key)).status).toBe(200);
      const listed = await engine.http.get('/api/v1/api-keys').set(auth(admin));
      expect(JSON.stringify(listed.body)).not.toContain(key.split('.')[1]);
      const stored = await engine.db.collection('api_keys').findOne({ id: created.body.id });
      expect(JSON.stringify(stored)).not.toContain(key.split('.')[1]);
      expect((await engine.http.delete(`/api/v1/api-keys/${created.body.id}`).set(auth(admin))).status).toBe(204);
      expect((await engine.http.get('/api/v1/definitions').set('Authorization', `Bearer ${key}`)).status).toBe(401);
    });
  });

  describe('offboarding', () => {
    it('moves 3 pending tasks to the manager, revokes sessions, and the instances then complete', async () => {
      const def = leaveRequest({ id: 'offboard-leave' });
      def.form.fields.push({ key: 'approver', label: 'Approver', type: 'people', required: true });
      def.nodes[1]!.config = { assignees: [{ type: 'field', value: 'approver' }] };
      def.nodes[2]!.config = { assignees: [{ type: 'user', value: 'hrhead' }] };
      await publish(engine, def);
      const instances = await Promise.all([1, 2, 3].map((days) => submit(engine, engine.as('alice'), def.id, { days, approver: 'rep' })));
      const rep = engine.as('rep');
      for (const i of instances) await pendingTask(engine, rep, i.id);
      const session = (await engine.http.post('/api/v1/auth/login').send({ tenant: 'acme', email: 'rep@acme.example', password: 'rep-password-1' })).body;

      const res = await engine.http.post('/api/v1/org/users/rep/offboard').set(auth(engine.as('admin'))).send({});
      expect(res.status).toBe(200);
      expect(res.body.successor).toBe('lead');
      expect(res.body.moved).toHaveLength(3);

      expect((await engine.http.get('/api/v1/tasks').set(auth(rep))).status).toBe(401);
      expect((await engine.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
      const lead = engine.as('lead');
      for (const i of instances) {
        const task = await pendingTask(engine, lead, i.id);
        expect((await decide(engine, lead, task.id, 'approve')).status).toBe(200);
        const hr = await pendingTask(engine, engine.as('hrhead'), i.id);
        const done = await decide(engine, engine.as('hrhead'), hr.id, 'approve');
        expect(done.body.instance.status).toBe('completed');
      }
      const transfers = await get('/api/v1/audit?action=task.transferred');
      expect(transfers.body.items).toHaveLength(3);
      const repTasks = await engine.db.collection('tasks').find({ assignee: 'rep' }).toArray();
      expect(repTasks.map((t) => t.status)).toEqual(['transferred', 'transferred', 'transferred']);
    });

    it('moves a task opened for someone who already left to their manager', async () => {
      const def = leaveRequest({ id: 'to-the-gone' });
      def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'rep' }] };
      await publish(engine, def);
      const instance = await submit(engine, engine.as('alice'), def.id, { days: 1 });
      const task = await pendingTask(engine, engine.as('lead'), instance.id);
      expect(task.node).toBe('manager');
      await eventually(() => engine.db.collection('tasks').findOne({ instanceId: instance.id, assignee: 'rep' }), (t) => t?.status === 'transferred', { what: 'the task of the departed person transferred' });
    });
  });

  describe('the audit log', () => {
    it('reports an entry changed in the database by its id', async () => {
      expect((await get('/api/v1/audit/verify')).body).toMatchObject({ ok: true, broken: [] });
      const victim = await engine.db.collection('audit').findOne({ tenantId: 'acme', action: 'user.created' });
      await engine.db.collection('audit').updateOne({ _id: victim!._id }, { $set: { actor: 'someone-else' } });
      const verdict = (await get('/api/v1/audit/verify')).body;
      expect(verdict.ok).toBe(false);
      expect(verdict.broken).toEqual([{ id: victim!.id, seq: victim!.seq, reason: 'its content was changed after it was written' }]);
      await engine.db.collection('audit').updateOne({ _id: victim!._id }, { $set: { actor: victim!.actor } });
    });

    it('reports a deleted entry', async () => {
      const entries = await engine.db.collection('audit').find({ tenantId: 'acme' }).sort({ seq: 1 }).toArray();
      const victim = entries[3]!;
      await engine.db.collection('audit').deleteOne({ _id: victim._id });
      const verdict = (await get('/api/v1/audit/verify')).body;
      expect(verdict.broken).toEqual([{ id: entries[4]!.id, seq: entries[4]!.seq, reason: `entries ${victim.seq}..${victim.seq} are missing` }]);
      await engine.db.collection('audit').insertOne(victim);
    });

    it('filters by actor, record and action', async () => {
      const res = await get('/api/v1/audit?recordType=user&recordId=rep&action=user.created');
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ actor: 'admin', action: 'user.created', record: { type: 'user', id: 'rep' } });
    });

    it('exports CSV with emails and phone numbers masked unless a super admin asks otherwise', async () => {
      const masked = await get('/api/v1/audit/export?recordId=lead&action=user.created');
      expect(masked.headers['content-type']).toMatch(/text\/csv/);
      expect(masked.text).toContain('l***@acme.example');
      expect(masked.text).toContain('***5678');
      expect(masked.text).not.toContain('lead@acme.example');
      const failures = await get('/api/v1/audit/export?action=signin.failed');
      expect(failures.text).toContain('h***@acme.example');
      expect(failures.text).not.toContain('hrhead@acme.example');
      const clear = await get('/api/v1/audit/export?recordId=lead&action=user.created&unmasked=true');
      expect(clear.text).toContain('lead@acme.example');
      expect(clear.text).toContain('+86 139 1234 5678');
    });
  });
});
