import { FactRecorder } from '../../apps/engine/src/analytics/fact.recorder';
import { authOf, sopDefinition } from '../support/crm';
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

describe('analytics for routing, campaigns and customers', () => {
  let engine: TestEngine;
  const admin = () => engine.as('admin');
  const get = (path: string, who = admin()) => engine.http.get(`/api/v1/analytics/${path}`).set(auth(who));

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
    await engine.db.collection('customers').insertMany(inBoth(customers, (c) => ({
      name: c.id, email: null, phone: null, source: null, region: null, tags: [], attributes: {}, createdBy: 'admin',
      createdAt: new Date(c.createdAt), updatedAt: new Date(c.createdAt), repliedAt: c.repliedAt === null ? null : new Date(c.repliedAt),
    })));
  });
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
    const res = await get('first-response?definitionId=callbacks');
    expect(res.body.rows).toEqual([expect.objectContaining({ definitionId: 'callbacks', responses: 1, met: 1, missed: 0 })]);
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

  it.each(['churn?days=0', 'churn?days=abc', 'routing?from=2026-02-30', 'campaign-funnel?limit=5'])('answers 400 naming the field for %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/days|from|limit/);
  });
});
