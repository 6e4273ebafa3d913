import { linksFor } from '../support/links';
import { startMailbox } from '../support/smtp';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';
import { chooseLanguage, DESK, writeTenant, PASSWORD, PHONE, see, shot, sidewaysOverflow, startUi, type UiEngine } from '../support/browser';

/**
 * A one-tap link from an e-mail opens a page without sign-in that confirms
 * the decision and takes a comment; a used or forged link gets a page that
 * says so. The sign-in page finds the organisation from the link, the last
 * one used on the device, or the e-mail's domain.
 */
let ui: UiEngine;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
beforeAll(async () => {
  mailbox = await startMailbox();
  ui = await startUi({ SMTP_URL: mailbox.url });
  await writeTenant(ui.engine, 'acme', { timeZone: 'Asia/Shanghai', locale: 'en', brandingName: 'Acme 中国', calendar: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', holidays: [], workdays: [] } });
  await writeTenant(ui.engine, 'globex', { timeZone: 'Asia/Shanghai', locale: 'zh-CN', brandingName: '环球', calendar: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', holidays: [], workdays: [] } });
  // the step has a title: the link's page names the step by it, not by its id
  const flow = leaveRequest();
  flow.nodes = flow.nodes.map((n) => (n.id === 'manager' ? { ...n, title: 'Line manager' } : n));
  await publish(ui.engine, flow);
});
afterAll(async () => {
  await ui?.close();
  await mailbox?.close();
});

async function bobsLinks() {
  const instance = await submit(ui.engine, ui.engine.as('alice'), 'leave', { days: 2 });
  const task = await pendingTask(ui.engine, ui.engine.as('bob'), instance.id, 'manager');
  return { instance, task, links: await linksFor(mailbox.received, 'bob@acme.test', task.id) };
}

async function fresh(viewport = DESK) {
  const phone = viewport.width < 768;
  const context = await ui.browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

it('approves from the e-mail\'s link with a comment, without signing in; opened again, the link says it was used', async () => {
  const { instance, links } = await bobsLinks();
  const { context, page } = await fresh();
  await page.goto(`${ui.baseUrl}/#/decide/${links.approve}`);
  const card = page.getByTestId('decide-ready');
  await see.text(card, 'Approve this request?');
  await see.text(card, 'Leave request');
  await see.text(card, 'Step: Line manager');
  await page.getByTestId('decide-comment').fill('enjoy the days off');
  await shot(page, 'desk-decide-link');
  await page.getByTestId('decide-confirm').click();
  await see.text(page.getByTestId('decide-done'), 'Approved');
  const history = (await ui.engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(ui.engine.as('alice')))).body.items;
  expect(history.find((e: { type: string }) => e.type === 'decide')).toMatchObject({ actor: 'bob', comment: 'enjoy the days off', via: 'email' });

  await page.goto(`${ui.baseUrl}/#/decide/${links.reject}`);
  await page.reload();
  await see.text(page.getByTestId('decide-used'), 'This link was already used');
  await see.text(page.getByTestId('decide-used'), 'Nothing was decided by this link.');
  await context.close();
});

it('says the task is no longer waiting when it was decided in the inbox while the page was open', async () => {
  const { task, links } = await bobsLinks();
  const { context, page } = await fresh();
  await page.goto(`${ui.baseUrl}/#/decide/${links.approve}`);
  await see.visible(page.getByTestId('decide-ready'));
  expect((await ui.engine.http.post(`/api/v1/tasks/${task.id}/reject`).set(auth(ui.engine.as('bob'))).send({})).status).toBe(200);
  await page.getByTestId('decide-confirm').click();
  await see.text(page.getByTestId('decide-closed'), 'This task is no longer waiting for you');
  expect(await ui.engine.db.collection('tasks').findOne({ _id: task.id as never })).toMatchObject({ status: 'rejected' });
  await context.close();
});

it('says in Chinese that a forged link is not valid, and on a phone the page fits without sideways scroll', async () => {
  const { links } = await bobsLinks();
  const [payload] = links.approve!.split('.');
  const { context, page } = await fresh();
  await page.goto(`${ui.baseUrl}/#/decide/${payload}.${'A'.repeat(43)}`);
  await chooseLanguage(page, '简体中文');
  await see.text(page.getByTestId('decide-forged'), '此链接无效');
  await see.text(page.getByTestId('decide-forged'), '此链接未做出任何审批');
  await shot(page, 'desk-decide-forged-zh');
  await context.close();

  const phone = await fresh(PHONE);
  await phone.page.goto(`${ui.baseUrl}/#/decide/${links.reject}`);
  await see.text(phone.page.getByTestId('decide-ready'), 'Reject this request?');
  expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
  await shot(phone.page, 'phone-decide-link');
  await phone.context.close();
});

it('finds the organisation from the link, then remembers it; without either, from the e-mail\'s domain; flags one that does not exist', async () => {
  const { context, page } = await fresh();
  await page.goto(`${ui.baseUrl}/?org=acme#/portal`);
  await see.text(page.getByTestId('login'), 'Sign in to Acme 中国');
  await see.value(page.locator('input[name=tenant]'), 'acme');
  await page.fill('input[name=email]', 'bob@acme.test');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.getByTestId('whoami').waitFor();
  // signed out, the same device offers the organisation signed in to last
  await page.getByTestId('sign-out').click();
  await page.goto(`${ui.baseUrl}/#/portal`);
  await see.value(page.locator('input[name=tenant]'), 'acme');
  await see.text(page.getByTestId('login'), 'The organisation you signed in to last time');
  await context.close();

  const other = await fresh(PHONE);
  await other.page.goto(`${ui.baseUrl}/#/portal`);
  await see.value(other.page.locator('input[name=tenant]'), '');
  await other.page.fill('input[name=email]', 'carol@acme.test');
  await other.page.locator('input[name=password]').focus();
  await see.value(other.page.locator('input[name=tenant]'), 'acme');
  await see.text(other.page.getByTestId('org-from-email'), 'Acme 中国');
  await see.text(other.page.getByTestId('login'), 'Sign in to Acme 中国');
  expect(await sidewaysOverflow(other.page)).toBeLessThanOrEqual(0);
  await shot(other.page, 'phone-sign-in-from-email');
  await other.page.fill('input[name=tenant]', 'nope');
  await other.page.locator('input[name=password]').focus();
  await see.text(other.page.getByTestId('org-unknown'), 'There is no organisation "nope"');
  await other.context.close();
});

it('speaks the organisation\'s language on its sign-in page until the person picks one', async () => {
  const { context, page } = await fresh();
  await page.goto(`${ui.baseUrl}/?org=globex`);
  await see.text(page.getByTestId('login'), '登录 环球');
  await chooseLanguage(page, 'English');
  await see.text(page.getByTestId('login'), 'Sign in to 环球');
  // the choice stays on this device, over the organisation's language
  await page.reload();
  await see.text(page.getByTestId('login'), 'Sign in to 环球');
  await context.close();
});
