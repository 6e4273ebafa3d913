import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { startMailbox } from '../support/smtp';
import { publish } from '../support/workflows';
import { addCustomers, authOf, campaignDefinition } from '../support/crm';

describe('campaign e-mail through SMTP', () => {
  let engine: TestEngine;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  beforeAll(async () => {
    mailbox = await startMailbox();
    engine = await startEngine({ SMTP_URL: mailbox.url });
  }, 180_000);
  afterAll(async () => {
    await engine.close();
    await mailbox.close();
  });

  it('sends one personalised e-mail per recipient and counts the ones without an address as failed', async () => {
    await addCustomers(engine, [
      { id: 'm1', name: 'Mei', email: 'mei@example.com', tags: ['news'] },
      { id: 'm2', name: 'Jon', email: 'jon@example.com', tags: ['news'] },
      { id: 'm3', name: 'No Mail', tags: ['news'] },
    ]);
    await publish(engine, campaignDefinition('mail', { audience: { tags: { any: ['news'] } } },
      { type: 'channel.email', config: { ratePerSecond: 20, variants: [{ name: 'A', weight: 100, subject: 'News for {{customer.name}}', body: '<p>Hello {{customer.name}}</p>' }] } }));
    const created = await engine.http.post('/api/v1/campaigns').set(authOf(engine.as('admin'))).send({ definitionId: 'mail' });
    const done = await eventually(() => engine.http.get(`/api/v1/campaigns/${created.body.id}`).set(authOf(engine.as('admin'))).then((r) => r.body),
      (c) => c.status === 'completed', { what: 'the e-mail campaign', timeoutMs: 30_000 });
    expect(done.progress).toMatchObject({ total: 3, sent: 2, failed: 1 });
    expect(mailbox.received.map((m) => `${m.to}: ${m.subject}`).sort()).toEqual(['jon@example.com: News for Jon', 'mei@example.com: News for Mei']);
  });
});
