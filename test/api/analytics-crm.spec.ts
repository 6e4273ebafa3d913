import { FactCounters } from '../../apps/engine/src/analytics/fact.counters';
import { FactRecorder, SOP_STEP_GRACE_MS } from '../../apps/engine/src/analytics/fact.recorder';
import { authOf, routingDefinition, sopDefinition } from '../support/crm';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { build } from '../support/org';
import { auth, publish } from '../support/workflows';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();

/**
 * A known CRM history, written as routing, campaigns and customers would have
 * written it: 12 routed items, two campaigns with variants, 8 customers.
 * Every expectation is counted here by hand from the same records.
 */
const routed = Array.from({ length: 12 }, (_, i) => ({
  id: `r${i}`,
  definitionId: i % 3 === 0 ? 'support' : 'sales-leads',
  assignee: i % 2 ? 'rep1' : 'rep2',
  status: i % 4 === 0 ? 'open' : 'closed',
  createdAt: new Date(Date.parse('2026-03-02T09:00:00Z') + i * DAY),
}));
const claims = Array.from({ length: 20 }, (_, i) => ({
  campaignId: i < 14 ? 'spring' : 'autumn',
  customerId: `k${i}`,
  variant: i % 2 ? 'B' : 'A',
  status: i % 7 === 6 ? 'failed' : i % 9 === 8 ? 'capped' : 'claimed',
  claimedAt: new Date(Date.parse('2026-03-10T10:00:00Z') + i * 60_000),
}));
const delivered = claims.filter((c) => c.status === 'claimed').map((c, i) => ({
  ...c,
  repliedAt: i % 3 === 0 ? new Date(c.claimedAt.getTime() + 3600_000) : null,
  clickedAt: i % 4 === 1 ? new Date(c.claimedAt.getTime() + 600_000) : null,
}));
const customers = [
  { id: 'c-new', owner: 'rep1', createdAt: NOW - 2 * DAY, repliedAt: null },
  { id: 'c-quiet', owner: 'rep1', createdAt: NOW - 90 * DAY, repliedAt: null },
  { id: 'c-replied-long-ago', owner: 'rep2', createdAt: NOW - 200 * DAY, repliedAt: NOW - 45 * DAY },
  { id: 'c-replied-lately', owner: 'rep2', createdAt: NOW - 200 * DAY, repliedAt: NOW - 3 * DAY },
  { id: 'c-hr', owner: 'hr1', createdAt: NOW - 60 * DAY, repliedAt: NOW - 31 * DAY },
  { id: 'c-edge', owner: 'rep1', createdAt: NOW - 100 * DAY, repliedAt: NOW - 29 * DAY },
];

const MIN = 60_000;
/** SOP runs answered after known times, against a 30-minute target; far enough apart that no two share a duration bucket. */
const responses = [5, 12, 29, 31, 55, 89, 144].map((minutes, i) => ({
  id: `run${i}`, definitionId: i < 5 ? 'inquiries' : 'complaints', owner: i % 2 ? 'rep1' : 'hr1',
  startedAt: new Date(Date.parse('2026-03-03T08:00:00Z') + i * DAY), took: minutes * MIN, targetMs: i === 6 ? null : 30 * MIN,
}));

/** SOP steps taken a known time after their due time: within the grace is on time. */
const stepsTaken = [0, 2, 4, 9, 30, 200, 1].map((minutes, i) => ({
  runId: `steps${i}`, definitionId: i < 4 ? 'inquiries' : 'complaints', owner: i % 2 ? 'rep1' : 'hr1', index: i % 2, action: i % 2 ? 'remind' as const : 'task' as const,
  dueAt: new Date(Date.parse('2026-03-04T09:00:00Z') + i * DAY), lateBy: minutes * MIN,
}));
/** Routed items first responded to after known times, against a 1-hour target (one route without a target). */
const routedResponses = [10, 50, 59, 61, 120, 240, 30].map((minutes, i) => ({
  id: `resp${i}`, definitionId: i < 5 ? 'support' : 'sales-leads', team: i < 3 ? 'tier1' : i < 5 ? 'tier2' : null, assignee: i % 2 ? 'rep1' : 'hr1',
  createdAt: new Date(Date.parse('2026-03-05T09:00:00Z') + i * DAY), took: minutes * MIN, targetMs: i < 5 ? 60 * MIN : null,
}));
/** Of the claimed customers, these are owned in hr; the others in sales. */
const ownerOf = (customerId: string) => (Number(customerId.slice(1)) % 3 === 0 ? 'hr1' : 'rep1');

describe('analytics for routing, campaigns and customers', () => {
  let engine: TestEngine;
  const admin = () => engine.as('admin');
  const get = (path: string, who = admin()) => engine.http.get(`/api/v1/analytics/${path}`).set(auth(who));
  /** Facts are counted in batches a moment after they are recorded: count now. */
  const counted = () => engine.app.get(FactCounters).settled();

  beforeAll(async () => {
    engine = await startEngine();
    await build(engine, [
      { id: 'company', name: 'Company' },
      { id: 'sales', name: 'Sales', parentId: 'company' },
      { id: 'hr', name: 'People', parentId: 'company' },
    ], [
      { id: 'rep1', departments: ['sales'] },
      { id: 'rep2', departments: ['sales'] },
      { id: 'hr1', departments: ['hr'] },
      { id: 'salesadmin', departments: ['sales'], adminOf: ['sales'] },
    ]);
    const inBoth = <T>(rows: T[], more: (row: T) => object = () => ({})) =>
      [...rows.map((r) => ({ ...r, tenantId: 'acme', ...more(r) })), ...rows.map((r) => ({ ...r, tenantId: 'other-co', ...more(r) }))];
    await engine.db.collection('routing_decisions').insertMany(inBoth(routed, (r) => ({
      version: 1, item: '{}', customerId: null, rule: null, strategy: 'round-robin', decidedBy: 'rule',
      explanation: { rules: [], candidates: [], reason: 'seeded' }, closedAt: r.status === 'closed' ? r.createdAt : null,
    })));
    await engine.db.collection('campaigns').insertMany(inBoth([{ id: 'spring', definitionId: 'newsletter' }, { id: 'autumn', definitionId: 'promo' }], () => ({
      version: 1, name: 'seeded', status: 'completed', sendAt: new Date(), total: null, startedAt: null, finishedAt: null, error: null, final: null, createdBy: 'admin', createdAt: new Date(),
    })));
    // campaign_recipients has a unique (campaignId, customerId) index: the other tenant's campaigns get other ids
    await engine.db.collection('campaign_recipients').insertMany([
      ...claims.map((c) => ({ ...c, tenantId: 'acme', key: `acme:${c.campaignId}:${c.customerId}`, error: null })),
      ...claims.map((c) => ({ ...c, campaignId: `x-${c.campaignId}`, tenantId: 'other-co', key: `other:${c.campaignId}:${c.customerId}`, error: null })),
    ]);
    await engine.db.collection('campaign_deliveries').insertMany(delivered.map((d) => ({
      _id: `acme:${d.campaignId}:${d.customerId}` as never, tenantId: 'acme', campaignId: d.campaignId, customerId: d.customerId, variant: d.variant,
      sentAt: d.claimedAt, repliedAt: d.repliedAt, clickedAt: d.clickedAt,
    })));
    // the campaigns' customers, created just now (so none of them is a churn warning)
    await engine.db.collection('customers').insertMany(inBoth(claims.map((c) => ({ id: c.customerId, owner: ownerOf(c.customerId), createdAt: NOW, repliedAt: null }))
      .filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i), (c) => ({
      name: c.id, email: null, phone: null, source: null, region: null, tags: [], attributes: {}, createdBy: 'admin',
      createdAt: new Date(c.createdAt), updatedAt: new Date(c.createdAt), repliedAt: null,
    })));
    await engine.db.collection('customers').insertMany(inBoth(customers, (c) => ({
      name: c.id, email: null, phone: null, source: null, region: null, tags: [], attributes: {}, createdBy: 'admin',
      createdAt: new Date(c.createdAt), updatedAt: new Date(c.createdAt), repliedAt: c.repliedAt === null ? null : new Date(c.repliedAt),
    })));
    // figures over the facts are read from the counters (a new tenant's are built on its first question)
    await eventually(() => get('first-response'), (r) => r.body.computedFrom === 'counters', { what: 'the counters built', timeoutMs: 60_000 });
  }, 120_000);
  afterAll(() => engine.close());

  it('counts routed items per queue and assignee, open and closed', async () => {
    const res = await get('routing');
    expect(res.status).toBe(200);
    const expected = new Map<string, Record<string, string | number>>();
    for (const r of routed) {
      const key = `${r.definitionId}/${r.assignee}`;
      const row = expected.get(key) ?? { definitionId: r.definitionId, assignee: r.assignee, routed: 0, open: 0, closed: 0 };
      row.routed = Number(row.routed) + 1;
      row[r.status] = Number(row[r.status]) + 1;
      expected.set(key, row);
    }
    expect(res.body.columns).toEqual(['definitionId', 'assignee', 'routed', 'open', 'closed']);
    expect(new Set(res.body.rows)).toEqual(new Set([...expected.values()]));
    expect(res.body.rows).toHaveLength(expected.size);
  });

  it('filters routing by date range and queue', async () => {
    const res = await get('routing?from=2026-03-04&to=2026-03-07&definitionId=sales-leads');
    const inRange = routed.filter((r) => r.definitionId === 'sales-leads' && r.createdAt >= new Date('2026-03-04') && r.createdAt < new Date('2026-03-08'));
    const total = res.body.rows.reduce((n: number, row: { routed: number }) => n + row.routed, 0);
    expect(total).toBe(inRange.length);
    expect(total).toBeGreaterThan(0);
  });

  it('times first responses of SOP cadences against their target', async () => {
    const recorder = engine.app.get(FactRecorder);
    for (const r of responses) {
      const run = { tenantId: 'acme', id: r.id, definitionId: r.definitionId, owner: r.owner, startedAt: r.startedAt, targetMs: r.targetMs, firstResponseAt: new Date(r.startedAt.getTime() + r.took) };
      await recorder.recordFirstResponse(run);
      await recorder.recordFirstResponse(run); // a second call adds nothing
      await counted();
    }
    const res = await get('first-response?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    const nearestRank = (sorted: number[], q: number) => sorted[Math.ceil(q * sorted.length) - 1]!;
    const expected = ['complaints', 'inquiries'].map((definitionId) => {
      const mine = responses.filter((r) => r.definitionId === definitionId);
      const took = mine.map((r) => r.took).sort((a, b) => a - b);
      return {
        definitionId, responses: mine.length,
        met: mine.filter((r) => r.targetMs !== null && r.took <= r.targetMs).length,
        missed: mine.filter((r) => r.targetMs !== null && r.took > r.targetMs).length,
        noTarget: mine.filter((r) => r.targetMs === null).length,
        meanMs: Math.round(took.reduce((a, b) => a + b, 0) / took.length), medianMs: nearestRank(took, 0.5), p90Ms: nearestRank(took, 0.9),
      };
    });
    expect(res.body.rows).toEqual(expected);
    expect(expected[1]).toMatchObject({ met: 3, missed: 2 });
    // by the owner's department: rep1 is in sales
    const sales = await get('first-response?from=2026-03-01&to=2026-03-31&department=sales');
    expect(sales.body.rows.map((r: { responses: number }) => r.responses)).toEqual([1, 2]);
  });

  it('records a first response when a cadence\'s follow-up is done', async () => {
    await publish(engine, sopDefinition('callbacks', {
      trigger: { event: 'customer.added', when: { '==': [{ var: 'customer.source' }, 'phone'] } },
      steps: [{ at: 'PT0S', action: 'task', text: 'Call {{customer.name}}' }],
      responseTarget: 'PT1H',
    }));
    expect((await engine.http.post('/api/v1/customers').set(auth(admin())).send({ id: 'caller', name: 'Caller', owner: 'rep1', source: 'phone' })).status).toBe(201);
    const task = await eventually(
      () => engine.http.get('/api/v1/sop/follow-ups?status=open').set(authOf(engine.as('rep1'))).then((r) => (r.body.items as Array<{ id: string; customerId: string }>).find((t) => t.customerId === 'caller')),
      Boolean, { what: 'the follow-up task' });
    expect((await engine.http.post(`/api/v1/sop/follow-ups/${task!.id}/done`).set(authOf(engine.as('rep1')))).status).toBe(200);
    // the dashboards count a moment after the fact is recorded
    const rows = await eventually(() => get('first-response?definitionId=callbacks').then((r) => r.body.rows), (r: unknown[]) => r.length > 0, { what: 'the first response counted' });
    expect(rows).toEqual([expect.objectContaining({ definitionId: 'callbacks', responses: 1, met: 1, missed: 0 })]);
    // the cadence's one step was taken by the worker when due
    const steps = await eventually(() => get('sop-steps?definitionId=callbacks').then((r) => r.body.rows), (rows: unknown[]) => rows.length === 1, { what: 'the step recorded' });
    expect(steps).toEqual([expect.objectContaining({ definitionId: 'callbacks', step: 1, action: 'task', taken: 1, onTime: 1, late: 0 })]);
  });

  it('counts the campaign funnel per variant', async () => {
    const res = await get('campaign-funnel');
    expect(res.status).toBe(200);
    const expected = ['autumn', 'spring'].flatMap((campaignId) => ['A', 'B'].map((variant) => {
      const mine = claims.filter((c) => c.campaignId === campaignId && c.variant === variant);
      const sent = delivered.filter((d) => d.campaignId === campaignId && d.variant === variant);
      return {
        campaignId, variant, claimed: mine.length,
        failed: mine.filter((c) => c.status === 'failed').length, capped: mine.filter((c) => c.status === 'capped').length,
        sent: sent.length, replied: sent.filter((d) => d.repliedAt).length, clicked: sent.filter((d) => d.clickedAt).length,
      };
    }));
    expect(res.body.rows).toEqual(expected);
  });

  it('narrows the funnel to the customers owned in a department', async () => {
    const res = await get('campaign-funnel?department=hr');
    expect(res.status).toBe(200);
    const mine = (c: { customerId: string }) => ownerOf(c.customerId) === 'hr1';
    const expected = ['autumn', 'spring'].flatMap((campaignId) => ['A', 'B'].map((variant) => {
      const claimed = claims.filter((c) => mine(c) && c.campaignId === campaignId && c.variant === variant);
      const sent = delivered.filter((d) => mine(d) && d.campaignId === campaignId && d.variant === variant);
      return {
        campaignId, variant, claimed: claimed.length, failed: claimed.filter((c) => c.status === 'failed').length, capped: claimed.filter((c) => c.status === 'capped').length,
        sent: sent.length, replied: sent.filter((d) => d.repliedAt).length, clicked: sent.filter((d) => d.clickedAt).length,
      };
    })).filter((r) => r.claimed + r.sent > 0);
    expect(res.body.rows).toEqual(expected);
    expect(expected.reduce((n, r) => n + r.claimed, 0)).toBe(claims.filter(mine).length);
    // a department admin sees their own customers' funnel, never the whole tenant's
    const sales = (await get('campaign-funnel', engine.as('salesadmin'))).body.rows;
    expect(sales.reduce((n: number, r: { claimed: number }) => n + r.claimed, 0)).toBe(claims.filter((c) => !mine(c)).length);
    expect((await get('campaign-funnel?department=hr', engine.as('salesadmin'))).status).toBe(403);
  });

  it('counts SOP steps taken on time and late per cadence and step', async () => {
    const recorder = engine.app.get(FactRecorder);
    for (const s of stepsTaken) {
      const steps = [0, 1].map((index) => ({ index, action: s.action, dueAt: s.dueAt, doneAt: index === s.index ? new Date(s.dueAt.getTime() + s.lateBy) : null, outcome: null }));
      const run = { tenantId: 'acme', id: s.runId, definitionId: s.definitionId, owner: s.owner, steps };
      await recorder.recordSopStep(run, s.index);
      await recorder.recordSopStep(run, s.index); // a second call adds nothing
      await recorder.recordSopStep(run, 1 - s.index); // a step not taken records nothing
      await counted();
    }
    const res = await get('sop-steps?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    expect(res.body.columns).toEqual(['definitionId', 'step', 'action', 'taken', 'onTime', 'late', 'meanDelayMs', 'p90DelayMs']);
    const byStep = new Map<string, typeof stepsTaken>();
    for (const s of stepsTaken) byStep.set(`${s.definitionId} ${s.index}`, [...(byStep.get(`${s.definitionId} ${s.index}`) ?? []), s]);
    const expected = [...byStep.values()].map((mine) => {
      const late = mine.map((s) => s.lateBy).sort((a, b) => a - b);
      return {
        definitionId: mine[0]!.definitionId, step: mine[0]!.index + 1, action: mine[0]!.action, taken: mine.length,
        onTime: mine.filter((s) => s.lateBy <= SOP_STEP_GRACE_MS).length, late: mine.filter((s) => s.lateBy > SOP_STEP_GRACE_MS).length,
        meanDelayMs: Math.round(late.reduce((a, b) => a + b, 0) / late.length), p90DelayMs: late[Math.ceil(0.9 * late.length) - 1],
      };
    }).sort((a, b) => a.definitionId.localeCompare(b.definitionId) || a.step - b.step);
    expect(res.body.rows).toEqual(expected);
    expect(res.body.computedFrom).toBe('counters');
    expect(expected.reduce((n, r) => n + r.late, 0)).toBe(3);
    const hr = await get('sop-steps?from=2026-03-01&to=2026-03-31&department=hr');
    expect(hr.body.rows.reduce((n: number, r: { taken: number }) => n + r.taken, 0)).toBe(stepsTaken.filter((s) => s.owner === 'hr1').length);
    const csv = await get('sop-steps?from=2026-03-01&to=2026-03-31&format=csv');
    expect(csv.text.split('\r\n')[1]).toBe(Object.values(expected[0]!).join(','));
  });

  it('times the first response to routed items per queue and team against the route\'s target', async () => {
    const recorder = engine.app.get(FactRecorder);
    for (const r of routedResponses) {
      const decision = { tenantId: 'acme', id: r.id, definitionId: r.definitionId, assignee: r.assignee, team: r.team, createdAt: r.createdAt, firstResponseAt: new Date(r.createdAt.getTime() + r.took), targetMs: r.targetMs };
      await recorder.recordRoutingResponse(decision);
      await recorder.recordRoutingResponse(decision);
      await counted();
    }
    const res = await get('routing-response?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    const groups = new Map<string, typeof routedResponses>();
    for (const r of routedResponses) groups.set(`${r.definitionId} ${r.team ?? ''}`, [...(groups.get(`${r.definitionId} ${r.team ?? ''}`) ?? []), r]);
    const expected = [...groups.values()].map((mine) => {
      const took = mine.map((r) => r.took).sort((a, b) => a - b);
      return {
        definitionId: mine[0]!.definitionId, team: mine[0]!.team ?? '', responses: mine.length,
        met: mine.filter((r) => r.targetMs !== null && r.took <= r.targetMs).length, missed: mine.filter((r) => r.targetMs !== null && r.took > r.targetMs).length,
        noTarget: mine.filter((r) => r.targetMs === null).length,
        meanMs: Math.round(took.reduce((a, b) => a + b, 0) / took.length), medianMs: took[Math.ceil(0.5 * took.length) - 1], p90Ms: took[Math.ceil(0.9 * took.length) - 1],
      };
    }).sort((a, b) => a.definitionId.localeCompare(b.definitionId) || a.team.localeCompare(b.team));
    expect(res.body.rows).toEqual(expected);
    expect(expected.find((r) => r.team === 'tier2')).toMatchObject({ met: 0, missed: 2 });
    const sales = await get('routing-response?from=2026-03-01&to=2026-03-31&department=sales');
    expect(sales.body.rows.reduce((n: number, r: { responses: number }) => n + r.responses, 0)).toBe(routedResponses.filter((r) => r.assignee === 'rep1').length);
  });

  it('records the first response when the assignee of a routed item responds, timed against firstResponseTarget', async () => {
    await publish(engine, routingDefinition('callcentre', {
      rules: [{ id: 'all', when: { '==': [1, 1] }, target: { type: 'team', value: 'phones' }, strategy: 'round-robin' }],
      fallback: { type: 'user', value: 'rep1' }, teams: { phones: ['rep2'] }, firstResponseTarget: 'PT1H',
    }));
    const routedTo = await engine.http.post('/api/v1/routing/callcentre/decisions').set(auth(admin())).send({ item: { source: 'phone' } });
    expect(routedTo.status).toBe(201);
    expect(routedTo.body).toMatchObject({ assignee: 'rep2', team: 'phones', firstResponse: { at: null, targetMs: 3600_000 } });
    expect((await engine.http.post(`/api/v1/routing/decisions/${routedTo.body.id}/respond`).set(authOf(engine.as('rep1')))).status).toBe(403);
    const responded = await engine.http.post(`/api/v1/routing/decisions/${routedTo.body.id}/respond`).set(authOf(engine.as('rep2')));
    expect(responded.status).toBe(200);
    const at = responded.body.firstResponse.at;
    expect(Date.parse(at)).toBeGreaterThanOrEqual(Date.parse(routedTo.body.createdAt));
    // closing later is not a second first response
    expect((await engine.http.post(`/api/v1/routing/decisions/${routedTo.body.id}/close`).set(authOf(engine.as('rep2')))).body.firstResponse.at).toBe(at);
    const rows = await eventually(() => get('routing-response?definitionId=callcentre').then((r) => r.body.rows), (r: unknown[]) => r.length > 0, { what: 'the response counted' });
    expect(rows).toEqual([{ definitionId: 'callcentre', team: 'phones', responses: 1, met: 1, missed: 0, noTarget: 0,
      meanMs: Date.parse(at) - Date.parse(routedTo.body.createdAt), medianMs: Date.parse(at) - Date.parse(routedTo.body.createdAt), p90Ms: Date.parse(at) - Date.parse(routedTo.body.createdAt) }]);
  });

  it('takes a done follow-up of a routed inquiry as its first response', async () => {
    await publish(engine, routingDefinition('webdesk', {
      rules: [{ id: 'web', when: { '==': [{ var: 'item.source' }, 'web'] }, target: { type: 'team', value: 'web' }, strategy: 'round-robin' }],
      fallback: { type: 'user', value: 'rep1' }, teams: { web: ['rep1'] }, firstResponseTarget: 'PT30M',
    }));
    await publish(engine, sopDefinition('web-follow-up', {
      trigger: { event: 'inquiry.opened', when: { '==': [{ var: 'item.source' }, 'web'] } },
      steps: [{ at: 'PT0S', action: 'task', text: 'Answer the inquiry' }],
    }));
    const routedTo = await engine.http.post('/api/v1/routing/webdesk/decisions').set(auth(admin())).send({ item: { source: 'web' } });
    expect(routedTo.status).toBe(201);
    const task = await eventually(
      () => engine.http.get('/api/v1/sop/follow-ups?status=open').set(authOf(engine.as('rep1'))).then((r) => (r.body.items as Array<{ id: string; text: string }>)
        .find((t) => t.text === 'Answer the inquiry')),
      Boolean, { what: 'the follow-up of the inquiry' });
    expect((await engine.http.post(`/api/v1/sop/follow-ups/${task!.id}/done`).set(authOf(engine.as('rep1')))).status).toBe(200);
    const decision = (await engine.http.get(`/api/v1/routing/decisions/${routedTo.body.id}`).set(auth(admin()))).body;
    expect(decision.firstResponse.at).not.toBeNull();
    const rows = await eventually(() => get('routing-response?definitionId=webdesk').then((r) => r.body.rows), (r: unknown[]) => r.length > 0, { what: 'the routed response counted' });
    expect(rows).toEqual([expect.objectContaining({ definitionId: 'webdesk', team: 'web', responses: 1, met: 1 })]);
  });

  it('narrows the funnel to one campaign definition', async () => {
    const res = await get('campaign-funnel?definitionId=promo');
    expect(res.body.rows.map((r: { campaignId: string }) => r.campaignId)).toEqual(['autumn', 'autumn']);
  });

  it('warns of customers with no reply for N days, never replied first', async () => {
    const res = await get('churn?days=30');
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { customerId: string }) => r.customerId)).toEqual(['c-quiet', 'c-replied-long-ago', 'c-hr']);
    expect(res.body.total).toBe(3);
    expect(res.body.rows[0]).toMatchObject({ owner: 'rep1', lastContactAt: null, daysSinceContact: 90 });
    expect(res.body.rows[1].daysSinceContact).toBe(45);
  });

  it('limits churn warnings to the department admin\'s people', async () => {
    const res = await get('churn?days=30', engine.as('salesadmin'));
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { customerId: string }) => r.customerId)).toEqual(['c-quiet', 'c-replied-long-ago']);
  });

  it('exports a table as CSV', async () => {
    const res = await get('churn?days=30&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.text.split('\r\n')[0]).toBe('customerId,name,owner,lastContactAt,daysSinceContact');
  });

  it.each(['churn?days=0', 'churn?days=abc', 'routing?from=2026-02-30', 'campaign-funnel?limit=5', 'sop-steps?from=2026-13-01', 'routing-response?limit=5'])('answers 400 naming the field for %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/days|from|limit/);
  });
});
