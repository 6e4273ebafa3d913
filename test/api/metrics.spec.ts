import { getConnectionToken } from '@nestjs/mongoose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

const METRICS_TOKEN = 'scraper-token-0123456789abcdef';

/** One sample of the Prometheus text: the value of `name` whose labels include `labels`, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe('operations: /metrics', () => {
  let engine: TestEngine;
  let receiver: Server;
  let receiverUrl: string;
  const scrape = () => engine.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).then((r) => r.text);

  beforeAll(async () => {
    // a webhook receiver that always fails, for jobs that fail
    receiver = createServer((_req, res) => res.writeHead(500).end('down'));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    engine = await startEngine({
      METRICS_TOKEN, METRICS_DB_COMMANDS: true, OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1', WEBHOOK_ATTEMPTS: 2, WEBHOOK_BACKOFF_MS: 10,
    });
    await publish(engine, leaveRequest());
  });
  afterAll(async () => {
    await engine.close();
    receiver.close();
  });

  it('answers the scraper with the Prometheus text format, process metrics included', async () => {
    const res = await engine.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).toContain('# TYPE baton_http_request_duration_seconds histogram');
    expect(res.text).toContain('# TYPE baton_events_applied_total counter');
    expect(res.text).toContain('# TYPE baton_outbox_lag_seconds histogram');
    expect(res.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(res.text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('refuses callers without the scraper token, a super admin\'s sign-in included', async () => {
    expect((await engine.http.get('/metrics')).status).toBe(401);
    expect((await engine.http.get('/metrics').set('Authorization', 'Bearer scraper-token-wrong')).status).toBe(401);
    expect((await engine.http.get('/metrics').set(auth(engine.as('admin')))).status).toBe(401);
  });

  it('counts an approval as an applied event, with its database commands, and times it under the approve route pattern', async () => {
    const started = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), started.id);
    const approveRoute = { method: 'POST', route: '/api/v1/tasks/:id/approve', status: '2xx' };
    const before = await scrape();

    expect((await decide(engine, engine.as('bob'), task.id, 'approve')).status).toBe(200);

    const after = await scrape();
    expect(sample(after, 'baton_events_applied_total', { event: 'decide', outcome: 'applied' }) - sample(before, 'baton_events_applied_total', { event: 'decide', outcome: 'applied' })).toBe(1);
    expect(sample(after, 'baton_http_request_duration_seconds_count', approveRoute) - sample(before, 'baton_http_request_duration_seconds_count', approveRoute)).toBe(1);
    // the route pattern, never the raw URL with the task id
    expect(after).not.toContain(task.id);
    // one applied event, attributed its guarded write and nothing else: the decision's own read of the
    // instance serves the event (load once), and the hand-over and the effects run after it
    expect(sample(after, 'baton_db_commands_per_event_count', { event: 'decide' }) - sample(before, 'baton_db_commands_per_event_count', { event: 'decide' })).toBe(1);
    expect(sample(after, 'baton_db_commands_per_event_sum', { event: 'decide' }) - sample(before, 'baton_db_commands_per_event_sum', { event: 'decide' })).toBe(1);
    expect(sample(after, 'baton_db_commands_total', { command: 'update' })).toBeGreaterThan(sample(before, 'baton_db_commands_total', { command: 'update' }));
    // the relay hands the approval's outbox over, and says how long it waited
    const lagCount = sample(before, 'baton_outbox_lag_seconds_count');
    await eventually(scrape, (text) => sample(text, 'baton_outbox_lag_seconds_count') > lagCount, { what: 'the outbox hand-over to be measured' });
  });

  it('counts an event the instance refuses as refused', async () => {
    const started = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), started.id);
    expect((await decide(engine, engine.as('bob'), task.id, 'reject')).status).toBe(200);
    const refused = { event: 'withdraw', outcome: 'refused' };
    const before = sample(await scrape(), 'baton_events_applied_total', refused);

    const withdrawn = await engine.http.post(`/api/v1/instances/${started.id}/withdraw`).set(auth(engine.as('alice'))).send({});

    expect(withdrawn.status).toBe(409);
    expect(sample(await scrape(), 'baton_events_applied_total', refused) - before).toBe(1);
  });

  it('counts a failed job attempt as a retry and its last attempt as a failure of its queue', async () => {
    const hook = await engine.http.post('/api/v1/webhooks').set(auth(engine.as('admin'))).send({ url: `${receiverUrl}/hook`, events: ['instance.started'] });
    expect(hook.status).toBe(201);
    const text = await scrape();
    const retries = sample(text, 'baton_job_retries_total', { queue: 'webhooks' });
    const failures = sample(text, 'baton_job_failures_total', { queue: 'webhooks' });

    await submit(engine, engine.as('alice'), 'leave', { days: 1 });

    await eventually(() => engine.http.get(`/api/v1/webhooks/${hook.body.id}/deliveries`).set(auth(engine.as('admin'))).then((r) => r.body),
      (b) => b.total === 1 && b.items[0].status === 'failed', { what: 'the delivery to fail for good' });
    const after = await eventually(scrape, (t) => sample(t, 'baton_job_failures_total', { queue: 'webhooks' }) > failures, { what: 'the failure to be counted' });
    expect(sample(after, 'baton_job_failures_total', { queue: 'webhooks' }) - failures).toBe(1);
    expect(sample(after, 'baton_job_retries_total', { queue: 'webhooks' }) - retries).toBe(1);
  });
});

describe('operations: database commands in /metrics only when METRICS_DB_COMMANDS asks', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine({ METRICS_PUBLIC: true });
    await publish(engine, leaveRequest());
  });
  afterAll(() => engine.close());

  it('counts an approval as an applied event without monitoring the driver, and exports no command metric', async () => {
    const started = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), started.id);
    expect((await decide(engine, engine.as('bob'), task.id, 'approve')).status).toBe(200);
    const text = (await engine.http.get('/metrics')).text;
    expect(sample(text, 'baton_events_applied_total', { event: 'decide', outcome: 'applied' })).toBe(1);
    expect(text).not.toContain('baton_db_commands');
    // the driver builds no monitoring events: the cost of counting is not paid
    expect(engine.app.get(getConnectionToken()).getClient().options.monitorCommands).toBe(false);
  });
});

describe('operations: the queue board at /admin/queues', () => {
  let engine: TestEngine;
  const session = (token: string) => engine.http.post('/api/v1/admin/queues/session').set('Authorization', `Bearer ${token}`).send({});
  const cookieOf = (res: { headers: Record<string, unknown> }) => String((res.headers['set-cookie'] as string[])[0]).split(';')[0]!;

  beforeAll(async () => {
    engine = await startEngine({ OPERATOR_TENANTS: 'acme' });
    // a second super admin of the operator tenant, deactivated by one test
    const now = new Date();
    await engine.db.collection('users').insertOne({
      tenantId: 'acme', id: 'ops', email: 'ops@acme.test', name: 'ops', phone: null, passwordHash: null, departments: [], managerId: null,
      roles: ['superAdmin'], adminOf: [], active: true, deactivatedAt: null, createdAt: now, updatedAt: now,
    });
  });
  afterAll(() => engine.close());

  it('shows a super admin the board over every queue the engine registers', async () => {
    const opened = await session(engine.as('admin').token);
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ url: '/admin/queues', expiresIn: 900 });
    const setCookie = String((opened.headers['set-cookie'] as unknown as string[])[0]);
    expect(setCookie).toMatch(/^baton_board=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=900$/);

    const page = await engine.http.get('/admin/queues').set('Cookie', cookieOf(opened));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Baton queues');
    // the board's own script loads under the same session
    expect(page.text).toContain('<base href="/admin/queues/"');
    const script = /<script[^>]+src="(static\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await engine.http.get(`/admin/queues/${script}`).set('Cookie', cookieOf(opened));
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);

    const queues = await engine.http.get('/admin/queues/api/queues').set('Cookie', cookieOf(opened));
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['campaigns', 'effects', 'jobs', 'migrations', 'sop', 'timers', 'webhooks', 'what-if']);
  });

  it('refuses a change to the queues sent from another origin, session or not', async () => {
    const opened = await session(engine.as('admin').token);
    const paused = await engine.http.put('/admin/queues/api/queues/effects/pause').set('Cookie', cookieOf(opened)).set('Origin', 'https://evil.example');
    expect(paused.status).toBe(403);
    const queues = await engine.http.get('/admin/queues/api/queues').set('Cookie', cookieOf(opened));
    expect(queues.body.queues.find((q: { name: string }) => q.name === 'effects').isPaused).toBe(false);
  });

  it('turns away an anonymous caller and a forged or borrowed cookie with 401', async () => {
    expect((await engine.http.get('/admin/queues')).status).toBe(401);
    expect((await engine.http.get('/admin/queues/api/queues')).status).toBe(401);
    // an access token is not a board session
    expect((await engine.http.get('/admin/queues').set('Cookie', `baton_board=${engine.as('admin').token}`)).status).toBe(401);
    expect((await engine.http.get('/admin/queues').set('Cookie', 'baton_board=forged.token.value')).status).toBe(401);
  });

  it('refuses a member, and a super admin of a tenant that does not operate the engine, with 403', async () => {
    const member = await session(engine.as('alice').token);
    expect(member.status).toBe(403);
    expect(member.headers['set-cookie']).toBeUndefined();
    const otherTenant = await session(engine.as('admin', 'other-co').token);
    expect(otherTenant.status).toBe(403);
    expect(otherTenant.headers['set-cookie']).toBeUndefined();
  });

  it('does not take a board session for an API access token', async () => {
    const opened = await session(engine.as('admin').token);
    const cookieValue = cookieOf(opened).slice('baton_board='.length);
    expect((await engine.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${cookieValue}`)).status).toBe(401);
  });

  it('closes the board to a super admin deactivated after opening a session', async () => {
    const opened = await session(engine.as('ops').token);
    expect((await engine.http.get('/admin/queues').set('Cookie', cookieOf(opened))).status).toBe(200);
    await engine.db.collection('users').updateOne({ tenantId: 'acme', id: 'ops' }, { $set: { active: false } });
    expect((await engine.http.get('/admin/queues').set('Cookie', cookieOf(opened))).status).toBe(401);
  });
});
