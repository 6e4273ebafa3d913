import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { build } from '../support/org';
import { auth, decide, getInstance, pendingTask, submit } from '../support/workflows';
import { addPersonRow, chooseLabelled, chooseOption, see, shot, signedIn, startUi, type UiEngine } from '../support/browser';

/**
 * An analyst builds the leave flow in the approval-flow mode, as in the
 * office suites' approval designers, with pickers only: no typed ids, no
 * JSON. The published flow then routes a real request.
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
  const admin = auth(ui.engine.as('admin'));
  await build(ui.engine, [{ id: 'flow-people', name: 'People Office' }], []);
  await ui.engine.http.patch('/api/v1/org/users/alice').set(admin).send({ managerId: 'bob' }).expect(200);
  await ui.engine.http.patch('/api/v1/org/departments/flow-people').set(admin).send({ headId: 'erin' }).expect(200);
  await ui.engine.http.post('/api/v1/org/business-roles').set(admin)
    .send({ code: 'hrbp', name: { en: 'HR business partner', zh: '人事业务伙伴' }, scoped: false, description: '' }).expect(201);
  await ui.engine.http.post('/api/v1/org/business-roles/hrbp/holders').set(admin).send({ userId: 'carol' }).expect(201);
});
afterAll(async () => {
  await ui?.close();
});

/** + at a gap of the chain, then the kind of step. */
async function addStep(page: Page, gap: string, kind: 'approval' | 'cc' | 'branch') {
  await page.getByTestId(gap).click();
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByTestId(`add-${kind}`).click();
}

it('builds the leave flow in approval-flow mode with pickers only, publishes it, and the flow routes a request', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await page.getByTestId('blank').click();
  await page.getByTestId('mode-chain').click();
  await see.visible(page.getByTestId('approval-flow'));
  await see.visible(page.getByTestId('chain-end'));

  await page.getByTestId('tab-settings').click();
  await page.getByTestId('def-name').fill('Leave by pickers');
  // the form: a number and a people field, labels typed, types chosen
  await page.getByTestId('tab-form').click();
  await page.getByTestId('add-field').click();
  await page.getByTestId('form-field-0').getByTestId('field-label').fill('Working days');
  await chooseLabelled(page, page.getByTestId('form-field-0').getByTestId('field-type'), 'Number');
  await page.getByTestId('add-field').click();
  await page.getByTestId('form-field-1').getByTestId('field-label').fill('Who covers');
  await chooseLabelled(page, page.getByTestId('form-field-1').getByTestId('field-type'), 'People');

  // the direct manager approves first
  await addStep(page, 'add-first', 'approval');
  await see.visible(page.getByTestId('step-approval'));
  await addPersonRow(page, 'cfg_assignees', 0);
  await see.text(page.getByTestId('step-approval'), 'Direct manager · any one');

  // more than 3 days: the HR business partner too, chosen by role
  await addStep(page, 'add-after-approval', 'branch');
  await see.count(page.getByTestId('branch-branch').locator('.chain-arm'), 2);
  await page.getByTestId('arm-branch-0').locator('button').first().click();
  const rule = page.getByTestId('properties');
  await rule.locator('.ruleGroup-addRule').click();
  await rule.locator('.rule-fields').selectOption({ label: 'Working days' });
  await rule.locator('.rule-operators').selectOption('>');
  await rule.locator('.rule-value').fill('3');
  await see.text(page.getByTestId('arm-branch-0'), 'Working days > 3');
  await addStep(page, 'add-arm-branch-0-start', 'approval');
  await see.visible(page.getByTestId('step-approval2'));
  await addPersonRow(page, 'cfg_assignees', 0);
  await chooseOption(page, 'cfg_assignees_0-kind', 'kind-option-role');
  await chooseOption(page, 'cfg_assignees_0-role', 'role-option-hrbp');
  await see.text(page.getByTestId('step-approval2'), 'HR business partner');

  // then copy the colleague who covers, and the head of the People Office
  await addStep(page, 'add-after-branch', 'cc');
  await see.visible(page.getByTestId('step-cc'));
  await addPersonRow(page, 'cfg_people', 0);
  await chooseOption(page, 'cfg_people_0-kind', 'kind-option-field');
  await chooseOption(page, 'cfg_people_0-field', 'field-option-field2');
  await addPersonRow(page, 'cfg_people', 1);
  await chooseOption(page, 'cfg_people_1-kind', 'kind-option-departmentHead');
  await page.getByTestId('cfg_people_1-department').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title', { hasText: /^People Office$/ }).click();
  // a click beside the open department list closes it
  await page.getByTestId('chain-start').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' });
  await see.text(page.getByTestId('step-cc'), 'Who covers');
  await see.text(page.getByTestId('step-cc'), 'People Office');
  await see.text(page.getByTestId('tab-problems'), '(0)');
  await shot(page, 'desk-designer-flow-mode');

  // the canvas shows the same definition
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 3000)); });
  await page.getByTestId('mode-canvas').click();
  // the same seven nodes, rejections included, with no error on the way
  await see.attr(page.getByTestId('canvas'), 'data-nodes', '7');
  expect(errors).toEqual([]);
  await shot(page, 'desk-designer-flow-mode-canvas');
  await see.visible(page.getByTestId('node-Condition branch'));

  await page.getByTestId('publish').click();
  // what publishing would change comes first; then it is published
  await see.visible(page.getByTestId('what-if-report'));
  await page.getByTestId('publish-confirm').click();
  await see.text(page.getByTestId('message'), 'Published version 1');
  await context.close();

  const published = await ui.engine.http.get('/api/v1/definitions/leave-by-pickers').set(auth(ui.engine.as('admin'))).expect(200);
  expect(JSON.stringify(published.body)).not.toContain('"user"');

  // five days: the manager, then the HR business partner; done, and the cover copied
  const request = await submit(ui.engine, ui.engine.as('alice'), 'leave-by-pickers', { field1: 5, field2: 'dave' });
  const first = await pendingTask(ui.engine, ui.engine.as('bob'), request.id);
  await decide(ui.engine, ui.engine.as('bob'), first.id, 'approve').expect(200);
  const second = await pendingTask(ui.engine, ui.engine.as('carol'), request.id);
  await decide(ui.engine, ui.engine.as('carol'), second.id, 'approve').expect(200);
  const done = await eventually(
    async () => (await getInstance(ui.engine, ui.engine.as('alice'), request.id)).body as { status: string; path: string[] },
    (i) => i.status === 'completed',
    { what: 'the request completed' },
  );
  expect(done.path).toEqual(['start', 'approval', 'branch', 'approval2', 'cc', 'approved']);

  // two days: the manager alone
  const short = await submit(ui.engine, ui.engine.as('alice'), 'leave-by-pickers', { field1: 2, field2: 'dave' });
  const only = await pendingTask(ui.engine, ui.engine.as('bob'), short.id);
  await decide(ui.engine, ui.engine.as('bob'), only.id, 'approve').expect(200);
  const shortDone = await eventually(
    async () => (await getInstance(ui.engine, ui.engine.as('alice'), short.id)).body as { status: string; path: string[] },
    (i) => i.status === 'completed',
    { what: 'the short request completed' },
  );
  expect(shortDone.path).toEqual(['start', 'approval', 'branch', 'cc', 'approved']);
});
