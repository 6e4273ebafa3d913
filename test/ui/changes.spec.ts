import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { leaveV1, leaveV2, leaveWithThreshold as leave, publishVersion, spreadOverNodes } from '../support/migration-flows';
import { build, fourLevelOrg } from '../support/org';
import { openDefinition, see, shot, signedIn, startUi, type UiEngine } from '../support/browser';
import { auth, decide, pendingTask, publish, submit } from '../support/workflows';

/** The analyst's view of changing a flow: migrating running requests, and what-if before publishing (desk size: the designer is a desk page). */
let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
}, 60_000);
afterAll(async () => {
  await ui?.close();
});

async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  // each select has its own dropdown, appended last when it first opens; an earlier one may still be fading out
  await page.locator('.ant-select-dropdown').last().locator(`.ant-select-item-option[title="${option}"]`).click();
}

it('maps, dry-runs and migrates the running requests of a version from the versions panel', async () => {
  const http = () => ui.engine.http;
  await publishVersion(http, leaveV1());
  await spreadOverNodes(http, [2, 2, 1, 1]);
  await publishVersion(http, leaveV2());

  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await openDefinition(page, 'leave-mig');
  await page.getByTestId('tab-versions').click();
  await see.visible(page.getByTestId('migration'));
  // hr and ceo kept their ids: suggested; the split and the removed step are chosen with pickers
  await see.count(page.getByTestId('mapping').locator('tbody tr'), 4);
  await choose(page, 'map-manager', 'lead');
  await choose(page, 'map-finance', 'hr');
  await page.getByTestId('dry-run').click();
  await see.text(page.getByTestId('dry-run-result'), '6 running request(s): 6 would move, 0 refused');
  await see.text(page.getByTestId('dry-run-result'), 'bob@manager');
  await page.getByTestId('migration').scrollIntoViewIfNeeded();
  await shot(page, '19-migration-dry-run');

  await page.getByTestId('migrate').click();
  await see.text(page.getByTestId('migration-status'), 'Done: 6 of 6 (6 moved, 0 refused');
  await shot(page, '19-migration-done');
  const versions = await eventually(() => ui.engine.db.collection('instances').distinct('version', { definitionId: 'leave-mig' }), (v) => v.length === 1, { what: 'every request on one version' });
  expect(versions).toEqual([2]);
  await context.close();
}, 120_000);

it('shows what publishing would change before it publishes, and publishes anyway', async () => {
  const engine = ui.engine;
  await fourLevelOrg(engine);
  await build(engine, [], [{ id: 'newbie', departments: ['east'], managerId: 'lead' }]);
  await publish(engine, leave(3));
  const started = await submit(engine, engine.as('rep'), 'leave-wi', { days: 4 });
  expect((await decide(engine, engine.as('hrhead'), (await pendingTask(engine, engine.as('hrhead'), started.id)).id, 'approve')).status).toBe(200);
  expect((await engine.http.put('/api/v1/definitions/leave-wi').set(auth(engine.as('admin'))).send(leave(5))).status).toBe(200);

  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await openDefinition(page, 'leave-wi');
  await see.count(page.getByTestId('node-HR'), 1);
  await page.getByTestId('publish-note').fill('longer leave without HR');
  await page.getByTestId('publish').click();
  await see.text(page.getByTestId('what-if-departments'), 'Sales East: step “head” asks nobody (newbie); it then rejects');
  await see.text(page.getByTestId('what-if-paths'), 'start → head → long → done');
  await see.text(page.getByTestId('what-if-unreached'), 'hr');
  // nothing is published while the analyst reads
  expect((await engine.http.get('/api/v1/definitions/leave-wi/versions').set(auth(engine.as('admin')))).body.items).toHaveLength(1);
  await shot(page, '19-what-if-before-publishing');

  await page.getByTestId('publish-confirm').click();
  await see.text(page.getByTestId('message'), 'Published version 2');
  const { body } = await engine.http.get('/api/v1/definitions/leave-wi/versions/2').set(auth(engine.as('admin'))).expect(200);
  expect(body.note).toMatch(/^longer leave without HR\n\nWhat-if before publishing/);
  await context.close();
}, 120_000);
