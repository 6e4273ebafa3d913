import { ManualClock } from '../../apps/engine/src/clock/clock';
import { startEngine, type TestEngine } from '../support/engine';
import { claimsOf, linksFor } from '../support/links';
import { startMailbox } from '../support/smtp';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

const HOUR = 3_600_000;

describe('one-tap decisions from an e-mail', () => {
  let engine: TestEngine;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  const clock = new ManualClock();
  beforeAll(async () => {
    mailbox = await startMailbox();
    engine = await startEngine({ SMTP_URL: mailbox.url, PUBLIC_URL: 'https://baton.example', DECISION_LINK_HOURS: 48, PUBLIC_RATE_PER_MINUTE: 40 }, clock);
    await publish(engine, leaveRequest());
    const signed = leaveRequest({ id: 'leave-signed' });
    signed.nodes[1]!.config = { ...signed.nodes[1]!.config, requireSignature: true };
    await publish(engine, signed);
  });
  afterAll(async () => {
    await engine.close();
    await mailbox.close();
  });

  const preview = (token: string) => engine.http.get(`/api/v1/decision-links/${token}`);
  const use = (token: string, comment?: string) => engine.http.post(`/api/v1/decision-links/${token}`).send(comment ? { comment } : {});
  const taskOf = (id: string) => engine.db.collection('tasks').findOne({ _id: id as never });
  async function bobsLinks() {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id, 'manager');
    return { instance, task, links: await linksFor(mailbox.received, 'bob@acme.test', task.id) };
  }

  it('approves with a comment from the e-mail\'s link, after a page that confirms; the history says "via e-mail link"', async () => {
    const { instance, task, links } = await bobsLinks();
    expect(links.open).toBe(`https://baton.example/#/inbox/${encodeURIComponent(task.id)}`);
    expect(claimsOf(links.approve!).e).toBe(clock.now().getTime() + 48 * HOUR);
    const page = await preview(links.approve!);
    expect(page.status).toBe(200);
    // the manager step has no title in this flow: the page names it by its id
    expect(page.body).toMatchObject({ state: 'ready', decision: 'approve', taskId: task.id, node: 'manager', nodeTitle: 'manager', assignee: 'bob', title: expect.stringContaining('Leave request') });
    // looking changes nothing (mail scanners open links)
    expect((await taskOf(task.id))?.status).toBe('pending');

    const used = await use(links.approve!, 'fine by me');
    expect(used.status).toBe(200);
    expect(used.body).toMatchObject({ state: 'decided', decision: 'approve', taskId: task.id });
    await pendingTask(engine, engine.as('carol'), instance.id, 'hr');
    const history = (await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(engine.as('alice')))).body.items;
    expect(history.find((e: { type: string }) => e.type === 'decide')).toMatchObject({
      actor: 'bob', outcome: 'approved', comment: 'fine by me', via: 'email', explanation: { en: 'via e-mail link', 'zh-CN': '通过邮件链接' },
    });
  });

  it('works once: a second use, or the other link of the pair, changes nothing and says the link was used', async () => {
    const { task, links } = await bobsLinks();
    expect((await use(links.reject!)).status).toBe(200);
    const again = await use(links.reject!);
    expect(again.status).toBe(409);
    expect(again.body.detail ?? again.body.message).toMatch(/already used/);
    expect((await use(links.approve!)).status).toBe(409);
    expect((await preview(links.approve!)).body.state).toBe('used');
    expect(await taskOf(task.id)).toMatchObject({ status: 'rejected', decidedBy: 'bob' });
  });

  it('lets exactly one of two concurrent uses decide', async () => {
    const { instance, links } = await bobsLinks();
    const results = await Promise.all([use(links.approve!), use(links.reject!)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const history = (await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(engine.as('alice')))).body.items;
    expect(history.filter((e: { type: string }) => e.type === 'decide')).toHaveLength(1);
  });

  it('refuses a forged link with a clear answer and changes nothing', async () => {
    const { task, links } = await bobsLinks();
    const [payload, signature] = links.reject!.split('.');
    const approveInstead = `${Buffer.from(JSON.stringify({ ...claimsOf(links.reject!), d: 'approve' })).toString('base64url')}.${signature}`;
    for (const forged of [approveInstead, `${payload}.${'A'.repeat(43)}`, 'not-a-link']) {
      expect((await preview(forged)).body.state).toBe('forged');
      const res = await use(forged);
      expect(res.status).toBe(403);
    }
    expect((await taskOf(task.id))?.status).toBe('pending');
    // the genuine link still works
    expect((await use(links.reject!)).status).toBe(200);
  });

  it('refuses an expired link, counted on the engine\'s clock, and changes nothing', async () => {
    const { task, links } = await bobsLinks();
    clock.advance(48 * HOUR + 1);
    expect((await preview(links.approve!)).body.state).toBe('expired');
    expect((await use(links.approve!)).status).toBe(410);
    expect((await taskOf(task.id))?.status).toBe('pending');
  });

  it('sends the task page instead of links where the step needs a signature', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave-signed', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id, 'manager');
    const links = await linksFor(mailbox.received, 'bob@acme.test', task.id);
    expect(links).toEqual({ open: `https://baton.example/#/inbox/${encodeURIComponent(task.id)}` });
  });

  it('limits how often one address may call the public link routes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45 && !statuses.includes(429); i++) statuses.push((await preview('not-a-link')).status);
    expect(statuses).toContain(429);
    const limited = await preview('not-a-link');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
