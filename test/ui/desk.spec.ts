import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Definition } from '@baton/dsl';
import { eventually } from '../support/eventually';
import { leaveFlow } from '../support/leave-flow';
import { build } from '../support/org';
import { auth, pendingTask, publish } from '../support/workflows';
import { fillInDialog, pickPerson, SCREENSHOTS, see, shot, signedIn, startUi, type UiEngine } from '../support/browser';

/**
 * At a desk: the approver's people picker and keyboard, the admin's
 * organisation pages, and a designer canvas whose nodes and edges say what
 * they do.
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
  // a department to search people by
  await build(ui.engine, [{ id: 'ui-field', name: 'Field Service' }], []);
  await ui.engine.http.patch('/api/v1/org/users/dave').set(auth(ui.engine.as('admin'))).send({ name: 'Dave Dong', departments: ['ui-field'] }).expect(200);
});
afterAll(async () => {
  await ui?.close();
});

async function submitAs(who: string, definitionId: string, form: Record<string, unknown>) {
  const res = await ui.engine.http.post('/api/v1/instances').set(auth(ui.engine.as(who))).send({ definitionId, form });
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; serial: string };
}

it('transfers a task to a person chosen by department in the people picker', async () => {
  await publish(ui.engine, leaveFlow('leave-picker'));
  const request = await submitAs('alice', 'leave-picker', { days: 1 });
  const task = await pendingTask(ui.engine, ui.engine.as('bob'), request.id);
  const { page, context } = await signedIn(ui, 'bob', `#/inbox/${task.id}`);
  await see.text(page.getByTestId('task-detail'), request.serial);
  // typing the department finds its people, by name
  await pickPerson(page, 'transfer-to', 'Field Serv', 'dave');
  await see.text(page.getByTestId('transfer-to'), 'Dave Dong');
  await shot(page, 'desk-inbox-picker');
  await page.getByTestId('transfer').click();
  await see.visible(page.getByTestId('inbox-message'));
  const moved = await pendingTask(ui.engine, ui.engine.as('dave'), request.id);
  expect(moved.node).toBe('approval');
  await context.close();
});

it('moves through the pending list with j and k and approves with a, as the hint says', async () => {
  await publish(ui.engine, leaveFlow('leave-keys'));
  const first = await submitAs('erin', 'leave-keys', { days: 1 });
  const second = await submitAs('erin', 'leave-keys', { days: 2 });
  await pendingTask(ui.engine, ui.engine.as('bob'), first.id);
  await pendingTask(ui.engine, ui.engine.as('bob'), second.id);
  const { page, context } = await signedIn(ui, 'bob', '#/inbox');
  await see.text(page.getByTestId('shortcut-hint'), 'a Approve');
  await page.getByTestId('task-item').first().waitFor();
  await page.keyboard.press('j');
  await see.visible(page.getByTestId('task-detail'));
  const opened = await page.getByTestId('task-detail').innerText();
  await page.keyboard.press('j');
  await eventually(() => page.getByTestId('task-detail').innerText(), (text) => text !== opened, { what: 'the next task open' });
  await shot(page, 'desk-inbox');
  const now = await page.getByTestId('task-detail').innerText();
  const serial = now.includes(first.serial) ? first : second;
  await page.keyboard.press('a');
  await see.visible(page.getByTestId('inbox-message'));
  await eventually(
    async () => (await ui.engine.http.get(`/api/v1/instances/${serial.id}`).set(auth(ui.engine.as('erin')))).body.path as string[],
    (path) => path.includes('branch'),
    { what: `${serial.serial} past the manager` },
  );
  await context.close();
});

it('lets an admin create a department and a person in it with a manager, shown in the tree and the table', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/admin');
  await see.visible(page.getByTestId('dept-ui-field'));
  await page.getByTestId('new-department').click();
  await fillInDialog(page.getByTestId('dept-id'), 'ui-legal');
  await page.getByTestId('dept-name').fill('Legal Desk');
  await page.getByTestId('dept-save').click();
  await see.visible(page.getByTestId('dept-ui-legal'));

  // a bad e-mail is refused beside its field, and nothing is saved
  await page.getByTestId('dept-ui-legal').click();
  await page.getByTestId('new-person').click();
  await fillInDialog(page.getByTestId('person-id'), 'lena');
  await page.getByTestId('person-name').fill('Lena Law');
  await page.getByTestId('person-email').fill('not-an-email');
  await page.getByTestId('person-save').click();
  await see.visible(page.getByTestId('person-form').locator('.ant-form-item-has-error').first());
  await page.getByTestId('person-email').fill('lena@acme.test');
  await pickPerson(page, 'person-manager', 'bob', 'bob');
  await shot(page, 'desk-admin-person');
  await page.getByTestId('person-save').click();
  const row = page.getByTestId('person-lena');
  await see.text(row, 'Lena Law');
  await see.text(row, 'Legal Desk');
  await see.text(row, 'bob');
  await shot(page, 'desk-admin-org');
  const lena = await ui.engine.http.get('/api/v1/org/users/lena').set(auth(ui.engine.as('admin'))).expect(200);
  expect(lena.body).toMatchObject({ name: 'Lena Law', departments: ['ui-legal'], managerId: 'bob' });

  // and renames the department
  await page.getByTestId('edit-department').click();
  await fillInDialog(page.getByTestId('dept-name'), 'Legal Affairs');
  await page.getByTestId('dept-save').click();
  // the dialog closes once the engine took the new name
  await see.count(page.getByTestId('dept-name'), 0);
  await see.text(page.getByTestId('dept-ui-legal'), 'Legal Affairs');
  const dept = await ui.engine.http.get('/api/v1/org/departments/ui-legal').set(auth(ui.engine.as('admin'))).expect(200);
  expect(dept.body.name).toBe('Legal Affairs');
  await context.close();
});

it('previews a people CSV line by line: the one bad line is shown and nothing is saved until the file is right', async () => {
  const admin = auth(ui.engine.as('admin'));
  const { page, context } = await signedIn(ui, 'admin', '#/admin');
  await page.getByTestId('people-import-open').click();
  const header = 'id,email,name,departments,managerId';
  await fillInDialog(page.getByTestId('people-import-csv'), `${header}\ncsv-ann,ann@acme.test,Ann Csv,ui-field,bob\ncsv-ben,not-an-email,Ben Csv,ui-field,bob\n`);
  await page.getByTestId('people-import-check').click();
  await see.text(page.getByTestId('people-import-line-3'), 'email');
  await see.count(page.getByTestId('people-import-problems').locator('.ant-table-row'), 1);
  await shot(page, 'desk-admin-people-import');
  // not even the good line is saved
  await ui.engine.http.get('/api/v1/org/users/csv-ann').set(admin).expect(404);

  await page.getByTestId('people-import-csv').fill(`${header}\ncsv-ann,ann@acme.test,Ann Csv,ui-field,bob\ncsv-ben,ben@acme.test,Ben Csv,ui-field,bob\n`);
  await page.getByTestId('people-import-check').click();
  await see.text(page.getByTestId('people-import-ready'), '2 lines are ready');
  await ui.engine.http.get('/api/v1/org/users/csv-ann').set(admin).expect(404);
  await page.getByTestId('people-import-run').click();
  await see.text(page.getByTestId('person-csv-ben'), 'Ben Csv');
  const ben = await ui.engine.http.get('/api/v1/org/users/csv-ben').set(admin).expect(200);
  expect(ben.body).toMatchObject({ departments: ['ui-field'], managerId: 'bob' });
  await context.close();
});

it('previews a departments CSV the same way: the line with an unknown parent is shown, nothing saved; the fixed file lands in the tree', async () => {
  const admin = auth(ui.engine.as('admin'));
  const { page, context } = await signedIn(ui, 'admin', '#/admin');
  await page.getByTestId('departments-import-open').click();
  const header = 'id,name,parentId,headId';
  await fillInDialog(page.getByTestId('departments-import-csv'), `${header}\ncsv-ops,Operations,,bob\ncsv-night,Night Shift,csv-opz,\n`);
  await page.getByTestId('departments-import-check').click();
  await see.text(page.getByTestId('departments-import-line-3'), 'parentId');
  await see.text(page.getByTestId('departments-import-line-3'), 'unknown department "csv-opz"');
  await see.count(page.getByTestId('departments-import-problems').locator('.ant-table-row'), 1);
  await shot(page, 'desk-admin-departments-import');
  await ui.engine.http.get('/api/v1/org/departments/csv-ops').set(admin).expect(404);

  // a parent may come from the same file
  await page.getByTestId('departments-import-csv').fill(`${header}\ncsv-ops,Operations,,bob\ncsv-night,Night Shift,csv-ops,\n`);
  await page.getByTestId('departments-import-check').click();
  await see.text(page.getByTestId('departments-import-ready'), '2 lines are ready');
  await ui.engine.http.get('/api/v1/org/departments/csv-ops').set(admin).expect(404);
  await page.getByTestId('departments-import-run').click();
  await see.text(page.getByTestId('dept-csv-night'), 'Night Shift');
  await see.text(page.getByTestId('dept-csv-ops'), 'Operations');
  const night = await ui.engine.http.get('/api/v1/org/departments/csv-night').set(admin).expect(200);
  expect(night.body).toMatchObject({ name: 'Night Shift', parentId: 'csv-ops' });
  const ops = await ui.engine.http.get('/api/v1/org/departments/csv-ops').set(admin).expect(200);
  expect(ops.body).toMatchObject({ headId: 'bob', parentId: null });
  await context.close();
});

it('creates an API key shown once and a webhook subscription from the admin pages', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/admin');
  await page.getByTestId('admin-tab-keys').click();
  await page.getByTestId('key-name').fill('ci');
  await page.getByTestId('key-create').click();
  await see.text(page.getByTestId('key-secret'), 'bk_');
  await shot(page, 'desk-admin-keys');
  const keys = await ui.engine.http.get('/api/v1/api-keys').set(auth(ui.engine.as('admin'))).expect(200);
  expect((keys.body.items as Array<{ name: string }>).map((k) => k.name)).toContain('ci');

  await page.getByTestId('admin-tab-webhooks').click();
  // a URL that is not http(s) is refused beside the field
  await page.getByTestId('hook-url').fill('ftp://example.test/hook');
  await page.getByTestId('hook-create').click();
  await see.visible(page.getByTestId('webhooks').locator('.ant-form-item-has-error').first());
  await shot(page, 'desk-admin-webhooks');
  await context.close();
});

it('shows on each node what it does and on each branch edge its condition in words, top to bottom', async () => {
  const flow = leaveFlow('leave-words');
  flow.nodes = flow.nodes.map((n) => (n.id === 'approval'
    ? { ...n, config: { assignees: [{ type: 'manager', level: 1 }, { type: 'manager', level: 2 }], mode: 'all', deadlines: { remindAfter: 'P1D' } } }
    : n.id === 'approval2' ? { ...n, config: { assignees: [] } } : n)) as Definition['nodes'];
  const file = join(SCREENSHOTS, 'leave-words.json');
  writeFileSync(file, JSON.stringify(flow));
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await page.getByTestId('import').setInputFiles(file);
  await page.getByTestId('layout').click();
  await see.text(page.getByTestId('node-Manager').getByTestId('node-summary'), 'Direct manager, manager level 2 · everyone · remind after 1 day');
  await see.count(page.getByTestId('edge-label').filter({ hasText: 'Days > 3' }), 1);
  await see.count(page.getByTestId('edge-label').filter({ hasText: 'otherwise' }), 1);
  // the HR step has nobody to ask: marked on the node
  await see.visible(page.getByTestId('node-HR').getByTestId('node-problems'));
  const manager = (await page.getByTestId('node-Manager').boundingBox())!;
  const hr = (await page.getByTestId('node-HR').boundingBox())!;
  expect(hr.y).toBeGreaterThan(manager.y + manager.height);
  await shot(page, 'desk-designer-words');

  // the + on the first edge puts a copy step between start and the manager
  await page.getByTestId('insert-on-e0').click();
  await page.getByTestId('insert-cc').click();
  const cc = page.getByTestId('node-cc');
  await see.text(cc.getByTestId('node-summary'), 'Copies nobody yet');
  const start = (await page.getByTestId('node-start').boundingBox())!;
  const copy = (await cc.boundingBox())!;
  const managerNow = (await page.getByTestId('node-Manager').boundingBox())!;
  expect(copy.y).toBeGreaterThan(start.y);
  expect(managerNow.y).toBeGreaterThan(copy.y);
  await shot(page, 'desk-designer-inserted');
  await context.close();
});
