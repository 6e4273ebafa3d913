import { getQueueToken } from '@nestjs/bullmq';
import type { Definition } from '@baton/dsl';
import type { Queue } from 'bullmq';
import { CampaignApprovals } from '../../apps/engine/src/campaigns/campaign-approvals';
import { CAMPAIGNS_QUEUE } from '../../apps/engine/src/campaigns/campaign.schema';
import { addCustomers, authOf, campaignDefinition, startSink } from '../support/crm';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { decide, effectsSettled, getInstance, pendingTask, publish } from '../support/workflows';

/** The approval flow a gated campaign names: bob decides, and the request carries what he decides on. */
const campaignApproval = (): Definition => ({
  id: 'campaign-approval', name: 'Campaign approval', kind: 'approval',
  form: {
    fields: [
      { key: 'campaign', label: 'Campaign', type: 'text' },
      { key: 'audienceCount', label: 'Audience', type: 'number' },
      { key: 'variants', label: 'Variants', type: 'text' },
      { key: 'sensitiveWords', label: 'Sensitive words', type: 'text' },
    ],
  },
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'marketing', type: 'approval', config: { assignees: [{ type: 'user', value: 'bob' }] } },
    { id: 'approved', type: 'end', config: { status: 'completed' } },
  ],
  edges: [{ from: 'start', to: 'marketing' }, { from: 'marketing', to: 'approved', on: 'approved' }],
});

describe('campaigns gated on an approval', () => {
  let engine: TestEngine;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let sends: Queue;
  const admin = () => authOf(engine.as('admin'));
  const campaign = (id: string) => engine.http.get(`/api/v1/campaigns/${id}`).set(admin()).then((r) => r.body);
  const sentBy = (id: string) => [...sink.messages.values()].filter((m) => m.key.startsWith(id));
  /** A gated newsletter to the three subscribers, with the given text; sent a day from now unless `sendAt` says otherwise. */
  const gated = (id: string, body: string) => {
    const def = campaignDefinition(id, { audience: { tags: { any: ['newsletter'] } }, frequencyCap: { max: 100, perDays: 1 } }, {
      type: 'channel.webhook', config: { url: sink.url, ratePerSecond: 100, variants: [{ name: 'A', weight: 50, body: `${body} {{customer.name}}` }, { name: 'B', weight: 50, subject: 'Hi', body: `${body}!` }] },
    });
    def.settings = { approval: { definitionId: 'campaign-approval' } };
    return def;
  };
  const create = async (definitionId: string, sendAt?: string) => {
    const res = await engine.http.post('/api/v1/campaigns').set(admin()).send({ definitionId, ...(sendAt ? { sendAt } : {}) });
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string; approval: { requestId: string; status: string; contentHash: string } };
  };
  const bobDecides = async (requestId: string, decision: 'approve' | 'reject') => {
    const task = await pendingTask(engine, engine.as('bob'), requestId);
    expect((await decide(engine, engine.as('bob'), task.id, decision)).status).toBe(200);
  };
  const settled = (id: string, status: string) => eventually(() => campaign(id), (c) => c.status === status, { what: `campaign ${id} ${status}`, timeoutMs: 30_000 });

  beforeAll(async () => {
    // the sink is on this machine: campaign webhooks go out under the outbound policy
    engine = await startEngine({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    sink = await startSink();
    sends = engine.app.get<Queue>(getQueueToken(CAMPAIGNS_QUEUE));
    await addCustomers(engine, ['Ann', 'Ben', 'Cai'].map((name, i) => ({ id: `c${i}`, name, tags: ['newsletter'] })).concat([{ id: 'c9', name: 'Dee', tags: ['other'] }]));
    await publish(engine, campaignApproval());
  }, 180_000);
  afterAll(async () => {
    await engine.close();
    await sink.close();
  });

  it('sends only after the linked request completes approved; the request shows audience, variants and the sensitive-word check', async () => {
    await publish(engine, gated('news-approve', 'Spring news for'));
    const c = await create('news-approve');
    expect(c).toMatchObject({ status: 'awaitingApproval', approval: { status: 'pending', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // the request carries the facts its form declares, and the review shows each variant and the check
    const request = await getInstance(engine, engine.as('admin'), c.approval.requestId);
    expect(request.body.form).toEqual({ campaign: 'Campaign news-approve', audienceCount: 3, variants: 'A (50%), B (50%)', sensitiveWords: 'none' });
    const listed = await engine.http.get(`/api/v1/campaigns?request=${c.approval.requestId}`).set(admin());
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    const review = await engine.http.get(`/api/v1/campaigns/${c.id}/review`).set(authOf(engine.as('bob')));
    expect(review.body).toMatchObject({
      audienceCount: 3, sensitiveWords: [], contentHash: c.approval.contentHash,
      variants: [
        { name: 'A', weight: 50, body: 'Spring news for {{customer.name}}', preview: { subject: null, body: 'Spring news for Sample Customer' } },
        { name: 'B', weight: 50, subject: 'Hi', preview: { subject: 'Hi', body: 'Spring news for!' } },
      ],
    });
    // nothing is queued while it waits
    expect(await sends.getJobs(['waiting', 'delayed', 'active', 'completed'])).not.toContainEqual(expect.objectContaining({ data: expect.objectContaining({ campaignId: c.id }) }));

    await bobDecides(c.approval.requestId, 'approve');
    const done = await settled(c.id, 'completed');
    expect(done.approval).toMatchObject({ status: 'approved', requestId: c.approval.requestId });
    expect(sentBy(c.id).map((m) => m.customerId).sort()).toEqual(['c0', 'c1', 'c2']);
  }, 120_000);

  it('leaves the campaign unsent when the request is rejected, or withdrawn', async () => {
    await publish(engine, gated('news-reject', 'Flash sale, guaranteed'));
    // a word the tenant lists after the campaign was published: the approver is told
    await engine.http.put('/api/v1/campaigns/sensitive-words').set(admin()).send({ words: ['guaranteed'] });
    const rejected = await create('news-reject');
    const request = await getInstance(engine, engine.as('admin'), rejected.approval.requestId);
    // the sensitive-word check is part of what the approver reads
    expect(request.body.form.sensitiveWords).toMatch(/contains sensitive words: guaranteed/);
    const review = await engine.http.get(`/api/v1/campaigns/${rejected.id}/review`).set(admin());
    expect(review.body.sensitiveWords).toEqual([
      { pointer: '/nodes/2/config/variants/0/body', message: 'contains sensitive words: guaranteed' },
      { pointer: '/nodes/2/config/variants/1/body', message: 'contains sensitive words: guaranteed' },
    ]);
    await bobDecides(rejected.approval.requestId, 'reject');
    expect(await settled(rejected.id, 'notApproved')).toMatchObject({ approval: { status: 'rejected' } });

    const withdrawn = await create('news-reject');
    const w = await engine.http.post(`/api/v1/instances/${withdrawn.approval.requestId}/withdraw`).set(admin()).send({});
    expect(w.status).toBe(200);
    expect(await settled(withdrawn.id, 'notApproved')).toMatchObject({ approval: { status: 'withdrawn' } });

    await effectsSettled(engine);
    expect(sentBy(rejected.id)).toEqual([]);
    expect(sentBy(withdrawn.id)).toEqual([]);
    expect(await engine.db.collection('campaign_recipients').countDocuments({ campaignId: { $in: [rejected.id, withdrawn.id] } })).toBe(0);
    // an unsent campaign cannot be started by hand
    expect((await engine.http.post(`/api/v1/campaigns/${rejected.id}/resume`).set(admin())).status).toBe(409);
  }, 120_000);

  it('needs a new approval when the message changes after approval, and sends the approved message only', async () => {
    const v1 = await publish(engine, gated('news-edit', 'Old text for'));
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const c = await create('news-edit', tomorrow);
    await bobDecides(c.approval.requestId, 'approve');
    expect(await settled(c.id, 'scheduled')).toMatchObject({ version: v1.version, approval: { status: 'approved' } });

    // the analyst changes the message and moves the campaign to the new version
    const v2 = await publish(engine, gated('news-edit', 'New text for'));
    const moved = await engine.http.patch(`/api/v1/campaigns/${c.id}`).set(admin()).send({ version: v2.version });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'awaitingApproval', version: v2.version, approval: { status: 'pending' } });
    const second = moved.body.approval as { requestId: string; contentHash: string };
    expect(second.requestId).not.toBe(c.approval.requestId);
    expect(second.contentHash).not.toBe(c.approval.contentHash);

    // the send the first approval scheduled comes due: it sends nothing
    const first = await sends.getJob(`campaign.${c.id}.approved.${c.approval.requestId}`);
    await first!.promote();
    await eventually(() => sends.getJob(first!.id!), (j) => j?.finishedOn !== undefined, { what: 'the first approval\'s send job to run' });
    expect((await sends.getJob(first!.id!))!.returnvalue).toEqual({ status: 'awaitingApproval' });
    expect(sentBy(c.id)).toEqual([]);
    expect((await campaign(c.id)).status).toBe('awaitingApproval');

    // approved again, it sends the new message
    await bobDecides(second.requestId, 'approve');
    await settled(c.id, 'scheduled');
    await (await sends.getJob(`campaign.${c.id}.approved.${second.requestId}`))!.promote();
    await settled(c.id, 'completed');
    expect(sentBy(c.id).map((m) => m.body).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^New text for/)]));
    expect(sentBy(c.id).some((m) => m.body.startsWith('Old'))).toBe(false);
    expect(sentBy(c.id)).toHaveLength(3);
  }, 120_000);

  it('settles once when the end of its request arrives again, twice at once, or after the send job was lost; a request that gates nothing changes nothing', async () => {
    await publish(engine, gated('news-again', 'Again for'));
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const c = await create('news-again', tomorrow);
    await bobDecides(c.approval.requestId, 'approve');
    const first = await settled(c.id, 'scheduled');
    const jobId = `campaign.${c.id}.approved.${c.approval.requestId}`;
    expect(await sends.getJob(jobId)).toBeDefined();

    // the same end delivered twice at once, and a contradicting late one: what was settled stands, one send job
    const approvals = engine.app.get(CampaignApprovals);
    await Promise.all([
      approvals.settle('acme', c.approval.requestId, 'approved'),
      approvals.settle('acme', c.approval.requestId, 'approved'),
      approvals.settle('acme', c.approval.requestId, 'rejected'),
    ]);
    expect(await campaign(c.id)).toMatchObject({ status: 'scheduled', approval: { status: 'approved', decidedAt: first.approval.decidedAt } });
    const jobs = (await sends.getJobs(['delayed', 'waiting'])).filter((j) => j.data.campaignId === c.id);
    expect(jobs.map((j) => j.id)).toEqual([jobId]);

    // a crash between the write and the hand-over lost the job: the event delivered again schedules it
    await (await sends.getJob(jobId))!.remove();
    await approvals.settle('acme', c.approval.requestId, 'approved');
    expect((await sends.getJob(jobId))?.data).toEqual({ tenantId: 'acme', campaignId: c.id });

    // the end of a request no campaign waits for, or another tenant's: nothing changes
    const before = await engine.db.collection('campaigns').find({}, { projection: { _id: 0 } }).toArray();
    await approvals.settle('acme', 'no-such-request', 'approved');
    await approvals.settle('other-co', c.approval.requestId, 'rejected');
    expect(await engine.db.collection('campaigns').find({}, { projection: { _id: 0 } }).toArray()).toEqual(before);
  }, 120_000);

  it('refuses settings.approval outside a campaign, and a campaign whose approval flow is not published, naming the field', async () => {
    const leave = campaignApproval();
    const bad = await engine.http.post('/api/v1/definitions/validate').set(admin()).send({ ...leave, settings: { approval: { definitionId: 'campaign-approval' } } });
    expect(bad.status).toBe(200);
    expect(bad.body.problems).toEqual([{ pointer: '/settings/approval', message: 'only a campaign waits for an approval before it sends, not a definition of kind approval' }]);

    const orphan = gated('news-orphan', 'Hi');
    orphan.settings = { approval: { definitionId: 'nobody-published-this' } };
    await publish(engine, orphan);
    const res = await engine.http.post('/api/v1/campaigns').set(admin()).send({ definitionId: 'news-orphan' });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ pointer: '/body/definitionId', message: 'its settings.approval names "nobody-published-this", which is not a published approval definition' }]);
    expect((await engine.http.get('/api/v1/campaigns?status=awaitingApproval').set(admin())).body.items.map((i: { definitionId: string }) => i.definitionId)).not.toContain('news-orphan');
  }, 60_000);
});
