import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { leaveFlow } from '../support/leave-flow';
import { build } from '../support/org';
import { addPersonRow, chooseLabelled, chooseLanguage, chooseOption, openDefinition, PHONE, pickPerson, see, shot, sidewaysOverflow, signedIn, startUi, type UiEngine } from '../support/browser';

/**
 * The must-shows in Chromium against the running engine. Each test
 * starts from what it needs (a published definition comes through the API
 * unless building it is the point), so they stand alone.
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
});
afterAll(async () => {
  await ui?.close();
});

const TEMPLATES = join(__dirname, '..', '..', 'templates');

async function publishViaApi(definition: ReturnType<typeof leaveFlow>) {
  const admin = ui.engine.as('admin');
  await ui.engine.http.put(`/api/v1/definitions/${definition.id}`).set('authorization', `Bearer ${admin.token}`).send(definition).expect(200);
  await ui.engine.http.post(`/api/v1/definitions/${definition.id}/publish`).set('authorization', `Bearer ${admin.token}`).send({}).expect(201);
}

async function selectNode(page: Page, label: string) {
  await page.getByTestId(`node-${label}`).click();
  await page.getByTestId('node-title').or(page.getByTestId('node-id')).first().waitFor();
}

async function connect(page: Page, to: string, output?: string) {
  await chooseOption(page, 'connect-target', `connect-option-${to}`);
  if (output) await chooseOption(page, 'connect-output', `connect-output-option-${output}`);
  await page.getByTestId('connect').click();
}

async function problemCount(page: Page): Promise<number> {
  const text = await page.getByTestId('tab-problems').innerText();
  return Number(/\((\d+)\)/.exec(text)?.[1] ?? 'NaN');
}

it('lets an analyst build a leave approval from a blank canvas, fix what the validator shows and publish it', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await page.getByTestId('blank').click();
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('def-id').fill('leave-built');
  await page.getByTestId('def-name').fill('Leave (built in the browser)');
  await page.getByTestId('def-category').fill('HR');

  await page.getByTestId('tab-form').click();
  await page.getByTestId('add-field').click();
  const field = page.getByTestId('form-field-0');
  await field.getByTestId('field-key').fill('days');
  await field.getByTestId('field-label').fill('Days');
  await chooseLabelled(page, field.getByTestId('field-type'), 'Number');
  await field.getByTestId('field-required').check();
  await page.locator('#preview-days').waitFor();

  // start, manager approval, condition, HR approval, end: from the palette
  for (const type of ['start', 'approval', 'branch', 'approval', 'end']) await page.getByTestId(`palette-${type}`).click();
  await page.getByTestId('layout').click();
  await see.count(page.locator('.react-flow__node'), 5);

  await selectNode(page, 'approval');
  await page.getByTestId('node-title').fill('Manager');
  await addPersonRow(page, 'cfg_assignees', 0);
  await chooseOption(page, 'cfg_assignees_0-kind', 'kind-option-user');
  await pickPerson(page, 'cfg_assignees_0-person', 'bob', 'bob');
  await connect(page, 'branch', 'approved');
  await selectNode(page, 'start');
  await connect(page, 'approval');
  await selectNode(page, 'branch');
  await page.getByTestId('node-title').fill('Long leave?');
  await connect(page, 'approval2');
  await connect(page, 'end');
  // the condition: days > 3, built visually, written as json-logic
  const conditional = page.getByTestId('edge-branch-approval2');
  await conditional.getByTestId('add-condition').click();
  await conditional.locator('.ruleGroup-addRule').click();
  await conditional.locator('.rule-fields').selectOption('form.days');
  await conditional.locator('.rule-operators').selectOption('>');
  await conditional.locator('.rule-value').fill('3');
  await selectNode(page, 'approval2');
  await page.getByTestId('node-title').fill('HR');
  await connect(page, 'end', 'approved');

  // the HR step asks nobody yet: the validator says so, and publishing is refused
  await page.getByTestId('tab-problems').click();
  await see.text(page.getByTestId('problems'), '/nodes/3/config');
  await see.disabled(page.getByTestId('publish'));
  await see.count(page.locator('.step-problem'), 1);
  await shot(page, '1-designer-problem');
  await page.getByTestId('problems').locator('button').first().click();
  await addPersonRow(page, 'cfg_assignees', 0);
  await chooseOption(page, 'cfg_assignees_0-kind', 'kind-option-user');
  await pickPerson(page, 'cfg_assignees_0-person', 'carol', 'carol');
  await eventually(() => problemCount(page), (n) => n === 0, { what: 'no problems left' });

  await page.getByTestId('publish-note').fill('first version');
  await page.getByTestId('publish').click();
  // what publishing would change comes first; then it is published
  await see.visible(page.getByTestId('what-if-report'));
  await page.getByTestId('publish-confirm').click();
  await see.text(page.getByTestId('message'), '1');
  await shot(page, '1-designer-published');
  const admin = ui.engine.as('admin');
  const { body } = await ui.engine.http.get('/api/v1/definitions/leave-built/versions/1').set('authorization', `Bearer ${admin.token}`).expect(200);
  expect(body.note).toMatch(/^first version/);
  expect(body.definition.edges).toEqual(expect.arrayContaining([
    { from: 'branch', to: 'approval2', condition: { '>': [{ var: 'form.days' }, 3] } },
    { from: 'approval', to: 'branch', on: 'approved' },
  ]));
  await context.close();
});

it('lets an employee submit in the portal, the approvers approve in the inbox, and shows the request completed on its path', async () => {
  await publishViaApi(leaveFlow('leave-portal'));
  const alice = await signedIn(ui, 'alice', '#/portal');
  await alice.page.getByTestId('catalogue-leave-portal').click();
  await alice.page.getByTestId('submit-request').click();
  // inline validation: the required field is named before anything is sent
  await see.visible(alice.page.getByTestId('field-days').getByRole('alert'));
  await alice.page.locator('#req-days').fill('5');
  await alice.page.getByTestId('submit-request').click();
  await see.text(alice.page.getByTestId('portal-message'), 'LEAVE');
  await see.attr(alice.page.getByTestId('instance-detail'), 'data-status', 'running');
  await see.text(alice.page.getByTestId('pending-with'), 'bob (Manager)');
  await shot(alice.page, '2-portal-submitted');

  for (const approver of ['bob', 'carol']) {
    const { page, context } = await signedIn(ui, approver, '#/inbox');
    await eventually(async () => {
      await page.reload();
      await page.getByTestId('inbox-pending').waitFor();
      return page.getByTestId('task-item').count();
    }, (n) => n === 1, { what: `${approver}'s task` });
    await see.text(page.getByTestId('inbox-pending'), '1');
    await page.getByTestId('task-item').click();
    await see.value(page.locator('#task-days'), '5');
    await page.getByTestId('decision-comment').fill(`fine by ${approver}`);
    await shot(page, `2-inbox-${approver}`);
    await page.getByTestId('approve').click();
    await see.visible(page.getByTestId('inbox-message'));
    await context.close();
  }

  await eventually(async () => {
    await alice.page.reload();
    await alice.page.locator('[data-testid^=request-]').first().click();
    return alice.page.getByTestId('instance-detail').getAttribute('data-status');
  }, (s) => s === 'completed', { what: 'the request completed' });
  const canvas = alice.page.getByTestId('instance-canvas');
  await see.count(canvas.locator('.step-visited'), 5);
  await see.count(canvas.locator('.edge-walked'), 4);
  await see.text(alice.page.getByTestId('timeline'), 'fine by carol');
  await shot(alice.page, '2-portal-completed');
  await alice.context.close();
});

it('opens every template of templates/ from the gallery with no problems', async () => {
  const files = readdirSync(TEMPLATES).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThan(0);
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  for (const file of files) {
    const { id } = JSON.parse(readFileSync(join(TEMPLATES, file), 'utf8')) as { id: string };
    await page.getByTestId('open-gallery').click();
    const card = page.getByTestId(`template-${id}`);
    await card.getByTestId('template-preview').click();
    await see.visible(page.getByTestId('template-preview-canvas').locator('.react-flow__node').first());
    await card.getByTestId('template-use').click();
    await see.visible(page.getByTestId('no-problems'));
    await see.visible(page.getByTestId('def-id').or(page.getByTestId('tab-problems')));
    await shot(page, `3-template-${id}`);
  }
  await context.close();
});

it('walks the leave flow in the simulator down both branches, asking the people the organisation names', async () => {
  // the initiator's manager first, then the head of HR: resolved from the organisation as the engine would
  await build(ui.engine, [{ id: 'sim-hr', name: 'People (simulated)' }], [
    { id: 'sim-lead', name: 'Lena Lead' },
    { id: 'sim-rep', name: 'Rita Rep', managerId: 'sim-lead' },
    { id: 'sim-hrhead', name: 'Hans Head', departments: ['sim-hr'] },
  ]);
  await ui.engine.http.patch('/api/v1/org/departments/sim-hr').set('authorization', `Bearer ${ui.engine.as('admin').token}`).send({ headId: 'sim-hrhead' }).expect(200);
  const flow = leaveFlow('leave-sim');
  const byOrg = { approval: [{ type: 'manager', level: 1 }], approval2: [{ type: 'departmentHead', value: 'sim-hr' }] } as Record<string, unknown>;
  flow.nodes = flow.nodes.map((n) => (byOrg[n.id] ? { ...n, config: { assignees: byOrg[n.id] } } : n)) as typeof flow.nodes;
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  const file = join(__dirname, '..', 'screenshots', 'leave-flow.json');
  writeFileSync(file, JSON.stringify(flow));
  await page.getByTestId('import').setInputFiles(file);
  await see.count(page.locator('.react-flow__node'), 5);
  await page.getByTestId('tab-simulator').click();
  await pickPerson(page, 'sim-initiator', 'sim-rep', 'sim-rep');

  // more than 3 days: manager, then HR
  await page.locator('#sim-days').fill('5');
  await page.getByTestId('sim-start').click();
  await see.text(page.getByTestId('sim-asks-approval'), 'Lena Lead');
  await see.text(page.getByTestId('sim-asks-approval2'), 'Hans Head');
  await see.text(page.getByTestId('sim-at-approval'), 'Lena Lead');
  await see.cls(page.getByTestId('node-Manager'), /step-active/);
  await page.getByTestId('sim-approve-approval-sim-lead').click();
  await see.text(page.getByTestId('sim-at-approval2'), 'Hans Head');
  await shot(page, '4-simulator-long');
  await page.getByTestId('sim-approve-approval2-sim-hrhead').click();
  await see.attr(page.getByTestId('sim-status'), 'data-status', 'completed');
  await see.cls(page.getByTestId('node-HR'), /step-visited/);

  // 3 days or fewer: the manager only
  await page.locator('#sim-days').fill('2');
  await page.getByTestId('sim-start').click();
  await page.getByTestId('sim-approve-approval-sim-lead').click();
  await see.attr(page.getByTestId('sim-status'), 'data-status', 'completed');
  await see.text(page.getByTestId('sim-path'), 'start → approval → branch → end');
  await see.noCls(page.getByTestId('node-HR'), /step-visited/);
  await see.cls(page.getByTestId('node-Done'), /step-visited/);
  await shot(page, '4-simulator-short');

  // someone without a manager: the manager step finds nobody and its when-nobody rule rejects
  await pickPerson(page, 'sim-initiator', 'sim-lead', 'sim-lead');
  await page.getByTestId('sim-start').click();
  await see.attr(page.getByTestId('sim-asks-approval'), 'data-nobody', 'reject');
  await see.attr(page.getByTestId('sim-status'), 'data-status', 'rejected');
  await context.close();
});

it('keeps the designer toolbar to one row at a desk and on a phone, with the rest behind More on the phone', async () => {
  await publishViaApi(leaveFlow('leave-toolbar'));
  const file = join(__dirname, '..', 'screenshots', 'leave-toolbar.json');
  writeFileSync(file, JSON.stringify(leaveFlow('leave-toolbar-import')));
  const oneRow = async (page: Page) => (await page.getByRole('toolbar').boundingBox())!.height;

  const desk = await signedIn(ui, 'admin', '#/designer');
  await see.visible(desk.page.getByTestId('publish'));
  await shot(desk.page, 'desk-designer-toolbar');
  expect(await oneRow(desk.page)).toBeLessThan(50);
  await see.count(desk.page.getByTestId('toolbar-more'), 0);
  await desk.context.close();

  const { page, context } = await signedIn(ui, 'admin', '#/designer', PHONE);
  for (const main of ['mode-chain', 'save', 'publish', 'toolbar-more']) await see.visible(page.getByTestId(main));
  await see.count(page.getByTestId('blank'), 0);
  await shot(page, 'phone-designer-toolbar');
  expect(await oneRow(page)).toBeLessThan(40);
  expect(await sidewaysOverflow(page)).toBe(0);

  await openDefinition(page, 'leave-toolbar');
  await see.attr(page.getByTestId('canvas'), 'data-nodes', '5');
  await page.getByTestId('toolbar-more').click();
  await see.visible(page.getByTestId('publish-note'));
  await shot(page, 'phone-designer-more');
  await page.getByTestId('more-blank').click();
  await see.attr(page.getByTestId('canvas'), 'data-nodes', '0');
  await page.getByTestId('toolbar-more').click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('more-import-json').click()]);
  await chooser.setFiles(file);
  await see.attr(page.getByTestId('canvas'), 'data-nodes', '5');
  await page.getByTestId('tab-settings').click();
  await see.value(page.getByTestId('def-id'), 'leave-toolbar-import');
  await context.close();
});

it('switches the visible labels to Simplified Chinese', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await see.exactText(page.getByTestId('nav-designer'), 'Designer');
  await chooseLanguage(page, '简体中文');
  await see.exactText(page.getByTestId('nav-designer'), '流程设计');
  await see.exactText(page.getByTestId('nav-inbox'), '待办');
  await see.exactText(page.getByTestId('blank'), '空白画布');
  await see.exactText(page.getByTestId('tab-simulator'), '模拟运行');
  await see.exactText(page.locator('.palette h2'), '节点库');
  await see.text(page.getByTestId('palette-approval'), '审批');
  await shot(page, '5-chinese');
  await context.close();
});

it('lets an approver return a request, the employee resubmit it, and the approver transfer one and approve several at once', async () => {
  await publishViaApi(leaveFlow('leave-inbox'));
  const alice = ui.engine.as('alice');
  const submitted = [];
  for (const days of [2, 2, 1]) {
    const { body } = await ui.engine.http.post('/api/v1/instances').set('authorization', `Bearer ${alice.token}`).send({ definitionId: 'leave-inbox', form: { days } }).expect(201);
    submitted.push(body as { id: string; serial: string });
  }
  const [returned, other, transferred] = submitted;

  const bob = await signedIn(ui, 'bob', '#/inbox');
  await eventually(async () => {
    await bob.page.reload();
    await bob.page.getByTestId('inbox-pending').waitFor();
    return bob.page.getByTestId('task-item').count();
  }, (n) => n === 3, { what: 'three tasks for bob' });
  const open = async (serial: string) => {
    const detail = bob.page.getByTestId('task-detail');
    for (let i = 0; i < 3; i += 1) {
      await bob.page.getByTestId('task-item').nth(i).click();
      await detail.waitFor();
      if ((await detail.innerText()).includes(serial)) return;
    }
    throw new Error(`no task of ${serial} in bob's inbox`);
  };
  await open(returned!.serial);
  await bob.page.getByTestId('return-to-initiator').click();
  await bob.page.getByTestId('decision-comment').fill('please shorten it');
  await bob.page.getByTestId('return').click();
  await see.visible(bob.page.getByTestId('inbox-message'));

  await open(transferred!.serial);
  await pickPerson(bob.page, 'transfer-to', 'dav', 'dave');
  await bob.page.getByTestId('transfer').click();
  await see.visible(bob.page.getByTestId('inbox-message'));
  const dave = ui.engine.as('dave');
  await eventually(async () => (await ui.engine.http.get('/api/v1/tasks').set('authorization', `Bearer ${dave.token}`)).body.items.length, (n) => n === 1, { what: 'the task moved to dave' });

  const employee = await signedIn(ui, 'alice', '#/portal');
  await employee.page.getByTestId(`request-${returned!.serial}`).click();
  await see.attr(employee.page.getByTestId('instance-detail'), 'data-status', 'returned');
  await employee.page.locator('#resubmit-days').fill('1');
  await employee.page.getByTestId('resubmit').click();
  await see.attr(employee.page.getByTestId('instance-detail'), 'data-status', 'running');
  await shot(employee.page, '6-portal-resubmitted');

  await eventually(async () => {
    await bob.page.reload();
    await bob.page.getByTestId('inbox-pending').waitFor();
    return bob.page.getByTestId('task-item').count();
  }, (n) => n === 2, { what: 'the resubmitted request back with bob' });
  for (const box of await bob.page.locator('[data-testid=pending-list] input[type=checkbox]').all()) await box.check();
  await bob.page.getByTestId('bulk-approve').click();
  await see.text(bob.page.getByTestId('inbox-message'), '2/2');
  await shot(bob.page, '6-inbox-bulk-approved');
  for (const { id } of [returned!, other!]) {
    await eventually(async () => (await ui.engine.http.get(`/api/v1/instances/${id}`).set('authorization', `Bearer ${alice.token}`)).body.status, (s) => s === 'completed', { what: `${id} completed` });
  }
  await bob.context.close();
  await employee.context.close();
});
