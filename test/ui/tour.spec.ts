import { leaveFlow } from '../support/leave-flow';
import { auth, pendingTask, publish } from '../support/workflows';
import { DESK, PHONE, see, shot, sidewaysOverflow, signedIn, startUi, type UiEngine } from '../support/browser';

/**
 * Every page in English and Chinese, at a desk and on a phone, as the admin
 * sees them (who sees every page): a screenshot of each, and none of them
 * scrolls sideways.
 */

let ui: UiEngine;
let taskId: string;
beforeAll(async () => {
  ui = await startUi();
  await publish(ui.engine, leaveFlow('leave-tour'));
  const res = await ui.engine.http.post('/api/v1/instances').set(auth(ui.engine.as('admin'))).send({ definitionId: 'leave-tour', form: { days: 5 } });
  await ui.engine.http.patch('/api/v1/org/users/bob').set(auth(ui.engine.as('admin'))).send({ name: 'Bob Li' }).expect(200);
  taskId = (await pendingTask(ui.engine, ui.engine.as('bob'), res.body.id)).id;
});
afterAll(async () => {
  await ui?.close();
});

const PAGES = [
  { hash: '#/portal', ready: 'portal' },
  { hash: '#/inbox', ready: 'inbox' },
  { hash: '#/admin', ready: 'org' },
  { hash: '#/designer', ready: 'designer' },
  { hash: '#/dashboards', ready: 'dashboards' },
];

describe.each([
  { size: 'desk', viewport: DESK },
  { size: 'phone', viewport: PHONE },
])('at a $size', ({ size, viewport }) => {
  it.each(['en', 'zh-CN'])('shows every page in %s without sideways scrolling', async (language) => {
    const { page, context } = await signedIn(ui, 'admin', '#/portal', viewport);
    await page.evaluate(`localStorage.setItem('baton.language', '${language}')`);
    await page.reload();
    for (const { hash, ready } of PAGES) {
      await page.goto(`${ui.baseUrl}/${hash}`);
      await see.visible(page.getByTestId(ready));
      await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' }).catch(() => undefined);
      await shot(page, `tour-${size}-${language}-${hash.slice(2)}`);
      // the canvas editor and the dashboards are desk tools; the rest must fit a phone
      if (size === 'desk' || !['designer', 'dashboards'].includes(ready)) expect({ hash, fits: (await sidewaysOverflow(page)) <= 0 }).toEqual({ hash, fits: true });
    }
    await context.close();
  });
});

it('shows the approver\'s task page in Chinese on a phone', async () => {
  const { page, context } = await signedIn(ui, 'bob', '#/inbox', PHONE);
  await page.evaluate(`localStorage.setItem('baton.language', 'zh-CN')`);
  await page.goto(`${ui.baseUrl}/#/inbox/${encodeURIComponent(taskId)}`);
  await page.reload();
  await see.text(page.getByTestId('approve'), '同意');
  await see.text(page.getByTestId('task-detail'), '审批意见');
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'tour-phone-zh-CN-task');
  await context.close();
});
