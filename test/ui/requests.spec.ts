import { readFileSync } from 'node:fs';
import type { Definition } from '@baton/dsl';
import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { leaveFlow } from '../support/leave-flow';
import { auth, pendingTask, publish } from '../support/workflows';
import { pickPerson, see, shot, signedIn, startUi, type UiEngine } from '../support/browser';

/**
 * What employees and approvers do besides approving, in Chromium: withdraw,
 * urge, comment, add a signer, sign, attachments and table rows, and the
 * admin's audit log filter. Each test publishes its own definition.
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
});
afterAll(async () => {
  await ui?.close();
});

const person = (id: string) => ui.engine.as(id);

async function submitAs(who: string, definitionId: string, form: Record<string, unknown>) {
  const res = await ui.engine.http.post('/api/v1/instances').set(auth(person(who))).send({ definitionId, form });
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; serial: string };
}

/** Opens one request of the signed-in employee in the portal. */
async function openRequest(page: Page, serial: string) {
  await page.getByTestId(`request-${serial}`).click();
  await page.getByTestId('instance-detail').waitFor();
}

/** Opens the approver's task of a request in the inbox, once the worker has written it. */
async function openTask(page: Page, serial: string) {
  await eventually(async () => {
    await page.reload();
    await page.getByTestId('inbox-pending').waitFor();
    for (const item of await page.getByTestId('task-item').all()) {
      await item.click();
      const detail = page.getByTestId('task-detail');
      await detail.waitFor();
      if ((await detail.innerText()).includes(serial)) return true;
    }
    return false;
  }, Boolean, { what: `the task of ${serial}` });
}

it('lets the employee comment on a request, urge the approver once and withdraw it', async () => {
  await publish(ui.engine, leaveFlow('leave-withdraw'));
  const request = await submitAs('alice', 'leave-withdraw', { days: 2 });
  await pendingTask(ui.engine, person('bob'), request.id);
  const { page, context } = await signedIn(ui, 'alice', '#/portal');
  await openRequest(page, request.serial);

  // "@" opens the people picker: bob is chosen by name, not typed as an id
  const box = page.getByTestId('comment-text');
  await box.click();
  await page.keyboard.type('Back on Monday, @bo');
  await page.getByTestId('mention-option-bob').click();
  await page.getByRole('button', { name: 'Send' }).click();
  await see.text(page.getByTestId('timeline'), 'Back on Monday, @bob');
  await eventually(
    async () => (await ui.engine.http.get('/api/v1/notifications').set(auth(person('bob')))).body.items as Array<{ kind: string; instanceId: string }>,
    (items) => items.some((n) => n.kind === 'mentioned' && n.instanceId === request.id),
    { what: 'bob notified of the mention' },
  );

  await page.getByTestId('urge').click();
  await see.text(page.getByTestId('timeline'), 'urged bob');
  await eventually(
    async () => (await ui.engine.http.get('/api/v1/notifications').set(auth(person('bob')))).body.items as Array<{ kind: string; instanceId: string }>,
    (items) => items.some((n) => n.kind === 'urged' && n.instanceId === request.id),
    { what: 'bob notified of the urge' },
  );
  // at most once per task and 10 minutes: the engine says so, the page shows it
  await page.getByTestId('urge').click();
  await see.text(page.getByTestId('portal-message'), 'already urged');

  await page.getByTestId('withdraw').click();
  await see.attr(page.getByTestId('instance-detail'), 'data-status', 'withdrawn');
  await see.count(page.getByTestId('withdraw'), 0);
  await shot(page, '8-portal-withdrawn');
  const after = await ui.engine.http.get(`/api/v1/instances/${request.id}`).set(auth(person('alice')));
  expect(after.body.status).toBe('withdrawn');
  await context.close();
});

it('lets an approver add a signer before themselves, who is then asked', async () => {
  await publish(ui.engine, leaveFlow('leave-signer'));
  const request = await submitAs('alice', 'leave-signer', { days: 1 });
  const bob = await signedIn(ui, 'bob', '#/inbox');
  await openTask(bob.page, request.serial);
  await pickPerson(bob.page, 'transfer-to', 'dav', 'dave');
  await bob.page.getByTestId('signer-before').click();
  await bob.page.getByTestId('add-signer').click();
  await see.visible(bob.page.getByTestId('inbox-message'));
  const task = await pendingTask(ui.engine, person('dave'), request.id);
  expect(task.node).toBe('approval');
  // bob waits for dave: his task is no longer pending
  const bobs = await ui.engine.http.get('/api/v1/tasks').set(auth(person('bob')));
  expect((bobs.body.items as Array<{ instanceId: string }>).filter((t) => t.instanceId === request.id)).toEqual([]);
  await bob.context.close();
});

it('asks for a signature drawn on the pad before an approval that needs one', async () => {
  const flow = leaveFlow('leave-signed');
  flow.nodes = flow.nodes.map((n) => (n.id === 'approval' ? { ...n, config: { ...n.config, requireSignature: true } } : n));
  await publish(ui.engine, flow);
  const request = await submitAs('alice', 'leave-signed', { days: 1 });
  const { page, context } = await signedIn(ui, 'bob', '#/inbox');
  await openTask(page, request.serial);
  await page.getByTestId('approve').click();
  await see.text(page.getByTestId('task-detail').getByRole('alert'), 'signature');

  const pad = page.getByTestId('signature').locator('canvas');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 60);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1) await page.mouse.move(box.x + 20 + i * 25, box.y + 60 + (i % 2 ? -30 : 30));
  await page.mouse.up();
  await shot(page, '8-inbox-signed');
  await page.getByTestId('approve').click();
  await see.visible(page.getByTestId('inbox-message'));
  const history = (await ui.engine.http.get(`/api/v1/instances/${request.id}/history`).set(auth(person('alice')))).body.items as Array<Record<string, unknown>>;
  expect(JSON.stringify(history)).toMatch(/[0-9a-f]{64}/);
  await eventually(
    async () => (await ui.engine.http.get(`/api/v1/instances/${request.id}`).set(auth(person('alice')))).body.status,
    (s) => s === 'completed',
    { what: 'the signed request completed' },
  );
  await context.close();
});

/** An expense claim: receipts (several files) and line items (a table). */
function expenseFlow(id: string): Definition {
  return {
    ...leaveFlow(id),
    name: 'Expense (UI)',
    form: {
      fields: [
        { key: 'receipts', label: 'Receipts', type: 'attachment', multiple: true, required: true },
        {
          key: 'items', label: 'Items', type: 'table', required: true,
          columns: [{ key: 'what', label: 'What', type: 'text', required: true }, { key: 'amount', label: 'Amount', type: 'money', required: true }],
        },
      ],
    },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'approval', type: 'approval', title: 'Manager', config: { assignees: [{ type: 'user', value: 'bob' }] } },
      { id: 'end', type: 'end', title: 'Done' },
    ],
    edges: [{ from: 'start', to: 'approval' }, { from: 'approval', to: 'end', on: 'approved' }],
  } as Definition;
}

it('uploads receipts and fills line items in the portal; the approver sees both and downloads the receipt', async () => {
  await publish(ui.engine, expenseFlow('expense-ui'));
  const alice = await signedIn(ui, 'alice', '#/portal');
  const page = alice.page;
  await page.getByTestId('catalogue-expense-ui').click();
  const receipts = page.getByTestId('field-receipts');
  const pdf = Buffer.from('%PDF-1.4 taxi receipt\n');
  await receipts.getByTestId('attachment-file').setInputFiles([{ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: pdf }]);
  await see.exactText(receipts.getByTestId('attachment-link'), 'receipt.pdf');
  // a type the engine does not take is refused beside the field, naming it
  await receipts.getByTestId('attachment-file').setInputFiles([{ name: 'run.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') }]);
  await see.text(receipts.getByTestId('attachment-error'), 'Receipts: run.exe is of type application/x-msdownload');
  await see.count(receipts.getByTestId('attachment-link'), 1);

  const items = page.getByTestId('field-items');
  await items.getByTestId('row-add').click();
  await page.locator('#req-items-0-what').fill('Taxi');
  await page.locator('#req-items-0-amount').fill('42.5');
  await items.getByTestId('row-add').click();
  await page.locator('#req-items-1-amount').fill('120');
  await page.getByTestId('submit-request').click();
  await see.exactText(items.getByTestId('cell-1-what').getByRole('alert'), 'is required');
  await page.locator('#req-items-1-what').fill('Hotel');
  await items.getByTestId('table-row-1').getByTestId('row-up').click();
  await see.value(page.locator('#req-items-0-what'), 'Hotel');
  await shot(page, '8-portal-expense');
  await page.getByTestId('submit-request').click();
  await see.text(page.getByTestId('portal-message'), 'EXPENSE');
  await see.exactText(page.getByTestId('instance-detail').getByTestId('attachment-link'), 'receipt.pdf');
  const serial = /EXPENSE\S*/.exec(await page.getByTestId('portal-message').innerText())![0];

  const bob = await signedIn(ui, 'bob', '#/inbox');
  await openTask(bob.page, serial);
  await see.value(bob.page.locator('#task-items-0-what'), 'Hotel');
  await see.value(bob.page.locator('#task-items-1-amount'), '42.5');
  await see.count(bob.page.getByTestId('task-detail').getByTestId('row-add'), 0);
  const link = bob.page.getByTestId('task-detail').getByTestId('attachment-link');
  await see.exactText(link, 'receipt.pdf');
  const [download] = await Promise.all([bob.page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('receipt.pdf');
  expect(readFileSync(await download.path())).toEqual(pdf);
  await shot(bob.page, '8-inbox-expense');
  await alice.context.close();
  await bob.context.close();
});

it('filters the audit log by action and by person', async () => {
  await publish(ui.engine, leaveFlow('leave-audit'));
  const request = await submitAs('erin', 'leave-audit', { days: 1 });
  await ui.engine.http.post(`/api/v1/instances/${request.id}/withdraw`).set(auth(person('erin'))).send({}).expect(200);
  await eventually(
    async () => (await ui.engine.http.get('/api/v1/audit?action=instance.withdraw&actor=erin').set(auth(person('admin')))).body.items.length,
    (n) => n > 0,
    { what: 'the withdrawal in the audit log' },
  );
  const { page, context } = await signedIn(ui, 'admin', '#/admin');
  await page.getByTestId('admin-tab-audit').click();
  const rows = page.getByTestId('audit-row');
  await page.getByTestId('audit-action').fill('instance.withdraw');
  await page.getByTestId('audit-actor').fill('erin');
  await see.count(rows, 1);
  await see.text(rows.first(), 'erin');
  await see.text(rows.first(), 'instance.withdraw');
  await page.getByTestId('audit-action').fill('instance.submitted');
  // the row of the new filter, not the withdrawal still shown (both name the request)
  await see.text(rows.first(), 'instance.submitted');
  await see.count(rows, 1);
  await see.text(rows.first(), request.id);
  await page.getByTestId('audit-actor').fill('nobody-at-all');
  await see.count(rows, 0);
  await shot(page, '8-admin-audit');
  await context.close();
});
