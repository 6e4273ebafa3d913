import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { FactRecorder } from '../../apps/engine/src/analytics/fact.recorder';
import { eventually } from '../support/eventually';
import { leaveFlow } from '../support/leave-flow';
import { chooseLabelled, chooseLanguage, chooseOption, see, shot, signedIn, startUi, type UiEngine } from '../support/browser';
import { pendingTask, publish, submit } from '../support/workflows';

/**
 * Dashboards and the watermark in Chromium against the running engine: the
 * numbers on the page are the API's for a small seeded history, and a
 * sensitive request's task is shown under the viewer's watermark.
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
});
afterAll(async () => {
  await ui?.close();
});

const DAY = 24 * 60 * 60 * 1000;
const adminAuth = () => ({ authorization: `Bearer ${ui.engine.as('admin').token}` });

function approvalBy(id: string, approver: string, watermark: boolean) {
  const definition = leaveFlow(id);
  definition.name = `Leave ${id}`;
  (definition.nodes[1]!.config as { assignees: unknown[] }).assignees = [{ type: 'user', value: approver }];
  if (watermark) (definition as { settings?: Record<string, unknown> }).settings = { watermark: true };
  return definition;
}

async function openTask(page: Page, title: string) {
  await page.getByTestId('task-item').filter({ hasText: title }).first().click();
  await page.getByTestId('task-detail').waitFor();
}

it('shows a watermark with the viewer and the date on a sensitive task, and none on an ordinary one', async () => {
  const { engine } = ui;
  await publish(engine, approvalBy('leave-sensitive', 'bob', true));
  await publish(engine, approvalBy('leave-plain', 'carol', false));
  const sensitive = await submit(engine, engine.as('alice'), 'leave-sensitive', { days: 2 });
  const plain = await submit(engine, engine.as('alice'), 'leave-plain', { days: 2 });
  const bobsTask = await pendingTask(engine, engine.as('bob'), sensitive.id);
  const carolsTask = await pendingTask(engine, engine.as('carol'), plain.id);

  const bob = await signedIn(ui, 'bob', '#/inbox');
  await openTask(bob.page, bobsTask.title);
  const mark = bob.page.getByTestId('task-detail').getByTestId('watermark');
  await see.visible(mark);
  const today = new Date().toISOString().slice(0, 10);
  await see.attr(mark, 'data-date', today);
  const text = (await mark.getAttribute('data-text')) ?? '';
  expect(text).toContain('bob');
  // faint and in the way of nothing: clicks pass through, nothing to select
  // (the callback runs in the page; the test project has no DOM types)
  expect(await mark.evaluate((el) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { pointerEvents: string; userSelect: string } }).getComputedStyle(el);
    return [style.pointerEvents, style.userSelect];
  })).toEqual(['none', 'none']);
  expect(await bob.page.getByTestId('task-detail').innerText()).not.toContain(today);
  await shot(bob.page, 'task-watermark');
  await bob.context.close();

  const carol = await signedIn(ui, 'carol', '#/inbox');
  await openTask(carol.page, carolsTask.title);
  await carol.page.getByTestId('task-detail').getByTestId('task-title').waitFor();
  expect(await carol.page.getByTestId('watermark').count()).toBe(0);
  await carol.context.close();

  // the request page in the portal shows it too, naming whoever looks
  const serialOf = async (id: string) => (await engine.http.get(`/api/v1/instances/${id}`).set({ authorization: `Bearer ${engine.as('alice').token}` })).body.serial as string;
  const alice = await signedIn(ui, 'alice', '#/portal');
  await alice.page.getByTestId(`request-${await serialOf(sensitive.id)}`).click();
  const portalMark = alice.page.getByTestId('instance-detail').getByTestId('watermark');
  await see.visible(portalMark);
  expect(await portalMark.getAttribute('data-text')).toContain('alice');
  await shot(alice.page, 'request-watermark');
  await alice.page.getByTestId(`request-${await serialOf(plain.id)}`).click();
  await see.text(alice.page.getByTestId('instance-detail').getByTestId('request-title'), await serialOf(plain.id));
  expect(await alice.page.getByTestId('watermark').count()).toBe(0);
  await alice.context.close();
});

it('shows dashboard numbers that match the API for a seeded history, in English and Chinese, with CSV export', async () => {
  const { engine } = ui;
  const now = Date.now();
  await engine.db.collection('routing_decisions').insertMany([0, 1, 2, 3, 4].map((i) => ({
    tenantId: 'acme', id: `ui-r${i}`, definitionId: i < 3 ? 'support' : 'leads', version: 1, item: '{}', customerId: null,
    assignee: i % 2 ? 'bob' : 'carol', rule: null, strategy: 'round-robin', explanation: { rules: [], candidates: [], reason: 'seeded' },
    status: i === 0 ? 'open' : 'closed', decidedBy: 'rule', createdAt: new Date(now - i * DAY), closedAt: null,
  })));
  await engine.db.collection('customers').insertMany(['quiet', 'lively'].map((name, i) => ({
    tenantId: 'acme', id: `ui-${name}`, name, email: null, phone: null, owner: 'bob', source: null, region: null, tags: [], attributes: {},
    repliedAt: new Date(now - (i ? 2 : 50) * DAY), createdBy: 'admin', createdAt: new Date(now - 400 * DAY), updatedAt: new Date(now),
  })));
  await engine.db.collection('departments').insertOne({ tenantId: 'acme', id: 'ui-team', name: 'UI team', parentId: null, ancestors: [], level: 1, headId: null, createdAt: new Date(now), updatedAt: new Date(now) });
  await engine.db.collection('users').updateOne({ tenantId: 'acme', id: 'carol' }, { $set: { departments: ['ui-team'], name: 'Carol Chen' } });
  // an SOP step taken late and one on time, and a routed item answered within its target, as the recorder sees them
  const recorder = engine.app.get(FactRecorder);
  const due = new Date(now - 2 * DAY);
  const steps = [{ index: 0, action: 'task' as const, dueAt: due, doneAt: new Date(due.getTime() + 1000), outcome: null },
    { index: 1, action: 'remind' as const, dueAt: due, doneAt: new Date(due.getTime() + 3 * 3600_000), outcome: null }];
  for (const index of [0, 1]) await recorder.recordSopStep({ tenantId: 'acme', id: 'ui-run', definitionId: 'follow-up', owner: 'bob', steps }, index);
  await recorder.recordRoutingResponse({ tenantId: 'acme', id: 'ui-r0', definitionId: 'support', assignee: 'carol', team: 'tier1',
    createdAt: new Date(now - DAY), firstResponseAt: new Date(now - DAY + 600_000), targetMs: 3600_000 });
  await publish(engine, approvalBy('leave-dash', 'bob', false));
  await submit(engine, engine.as('alice'), 'leave-dash', { days: 1 });
  // the submission is counted once the effects worker has recorded its fact
  await eventually(() => engine.http.get('/api/v1/analytics/requests?definitionId=leave-dash').set(adminAuth()).then((r) => r.body.rows as unknown[]),
    (rows) => rows.length > 0, { what: 'the submission in the requests figures' });
  const { page, context } = await signedIn(ui, 'admin', '#/dashboards');
  await page.getByTestId('dashboards').waitFor();

  const panels = [['routing', 'routing'], ['churn', 'churn?days=30&limit=100'], ['requests', 'requests?interval=day'], ['sopSteps', 'sop-steps'], ['routingResponse', 'routing-response']] as const;
  for (const [panel, path] of panels) {
    const api = (await engine.http.get(`/api/v1/analytics/${path}`).set(adminAuth())).body as { columns: string[]; rows: Array<Record<string, string | number | null>> };
    expect(api.rows.length).toBeGreaterThan(0);
    const table = page.getByTestId(`dash-${panel}`).locator('table.dash-table');
    await see.count(table.locator('tbody tr'), api.rows.length);
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((tr) => Object.fromEntries(
      [...tr.querySelectorAll('td')].map((td) => [td.getAttribute('data-column'), td.getAttribute('data-value')]))));
    expect(shown).toEqual(api.rows.map((row) => Object.fromEntries(api.columns.map((c) => [c, row[c] === null ? '' : String(row[c])]))));
  }
  await see.text(page.getByTestId('dash-churn-total'), '1');
  // a flow shows by its name, its id stays in the cell's value and in the CSV
  const flowCell = page.getByTestId('dash-requests').locator('td[data-column=definitionId][data-value=leave-dash]').first();
  await see.exactText(flowCell, 'Leave leave-dash');
  // and a person by theirs
  await see.exactText(page.getByTestId('dash-routing').locator('td[data-column=assignee][data-value=carol]').first(), 'Carol Chen');
  await see.text(page.getByTestId('dash-sopSteps'), 'SOP steps done on time');
  // the department filter narrows every panel: carol's team has her routed items and response, none of bob's SOP steps
  await chooseOption(page, 'dash-department', 'dash-department-ui-team');
  await see.count(page.getByTestId('dash-routing').locator('tbody tr'), 2);
  await see.text(page.getByTestId('dash-sopSteps'), 'No data for these filters');
  await see.count(page.getByTestId('dash-routingResponse').locator('tbody tr'), 1);
  await chooseLabelled(page, page.getByTestId('dash-department'), 'All departments');
  await eventually(() => page.getByTestId('dash-requests').locator('.recharts-bar-rectangle').count(), (n) => n > 0, { what: 'bars in the requests chart' });
  await shot(page, 'dashboards');

  const download = page.waitForEvent('download');
  await page.getByTestId('dash-routing-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('definitionId,assignee,routed,open,closed');

  await chooseLanguage(page, '简体中文');
  await see.text(page.getByTestId('dash-routing'), '各队列分配量');
  await see.text(page.getByTestId('dash-churn'), '流失预警');
  await see.text(page.getByTestId('dash-sopSteps'), 'SOP 步骤按时完成情况');
  await see.text(page.getByTestId('dash-routingResponse'), '首次响应');
  await shot(page, 'dashboards-zh');
  await context.close();
});
