import type { Definition } from '@baton/dsl';
import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { leaveFlow } from '../support/leave-flow';
import { auth, publish } from '../support/workflows';
import { inViewport, see, shot, sidewaysOverflow, signedIn, startUi, type UiEngine } from '../support/browser';

/**
 * Employees and approvers on a phone: the portal and the inbox at 390×844
 * and at 360 px wide, in Chromium with touch. No page scrolls sideways, the
 * form takes the width of the screen, and approve is under the thumb.
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
});
afterAll(async () => {
  await ui?.close();
});

/** A leave request with a reason and a doctor's note, approved by bob. */
function leaveWithNote(id: string): Definition {
  return {
    ...leaveFlow(id),
    name: 'Leave with a note',
    description: 'Days off, with a doctor\'s note when you are ill',
    form: {
      fields: [
        { key: 'days', label: 'Days', type: 'number', required: true },
        { key: 'reason', label: 'Reason', type: 'text' },
        { key: 'note', label: 'Doctor\'s note', type: 'attachment' },
      ],
    },
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'approval', type: 'approval', title: 'Manager', config: { assignees: [{ type: 'user', value: 'bob' }], deadlines: { remindAfter: 'P1D' } } },
      { id: 'end', type: 'end', title: 'Done' },
    ],
    edges: [{ from: 'start', to: 'approval' }, { from: 'approval', to: 'end', on: 'approved' }],
  } as Definition;
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
}

async function widthOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on the page`);
  return box.width;
}

describe.each([
  { width: 390, height: 844 },
  { width: 360, height: 740 },
])('at $width×$height', (viewport) => {
  it('lets an employee fill in a leave request with a kept draft and an attachment, and the approver approve it from the task page', async () => {
    const id = `leave-phone-${viewport.width}`;
    await publish(ui.engine, leaveWithNote(id));
    const alice = await signedIn(ui, 'alice', '#/portal', viewport);
    const page = alice.page;

    // the catalogue: cards with a description, and no side column
    const card = page.getByTestId(`catalogue-${id}`);
    await see.text(card, 'doctor\'s note');
    await expectNoSidewaysScroll(page);
    await shot(page, `phone-${viewport.width}-catalogue`);

    await card.click();
    await page.locator('#req-days').fill('2');
    await page.locator('#req-reason').fill('Flu');
    // the form takes the screen's width
    expect(await widthOf(page, `[data-testid=field-days] .ant-input-number`)).toBeGreaterThanOrEqual(0.8 * viewport.width);
    expect(await widthOf(page, '#req-reason')).toBeGreaterThanOrEqual(0.8 * viewport.width);
    await expectNoSidewaysScroll(page);

    // a draft outlives a reload
    await page.reload();
    await page.getByTestId(`catalogue-${id}`).click();
    await see.visible(page.getByTestId('draft-restored'));
    await see.value(page.locator('#req-days'), '2');
    await see.value(page.locator('#req-reason'), 'Flu');

    const note = page.getByTestId('field-note');
    await note.getByTestId('attachment-file').setInputFiles([{ name: 'note.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 note\n') }]);
    await see.exactText(note.getByTestId('attachment-link'), 'note.pdf');
    await shot(page, `phone-${viewport.width}-form`);
    await page.getByTestId('submit-request').click();
    await see.text(page.getByTestId('portal-message'), 'LEAVE');
    await see.attr(page.getByTestId('instance-detail'), 'data-status', 'running');
    await see.text(page.getByTestId('pending-with'), 'bob (Manager)');
    await see.visible(page.getByTestId('instance-canvas').locator('.step-active'));
    await expectNoSidewaysScroll(page);
    await shot(page, `phone-${viewport.width}-submitted`);
    // the draft is gone once sent
    expect(await page.evaluate<string | null>(`localStorage.getItem('baton.draft.${id}')`)).toBeNull();

    // the approver: the inbox is a list, the task its own page
    const bob = await signedIn(ui, 'bob', '#/inbox', viewport);
    await eventually(async () => {
      await bob.page.reload();
      await bob.page.getByTestId('inbox-pending').waitFor();
      return bob.page.getByTestId('task-item').count();
    }, (n) => n > 0, { what: 'the task in bob\'s inbox' });
    await expectNoSidewaysScroll(bob.page);
    await shot(bob.page, `phone-${viewport.width}-inbox`);
    await bob.page.getByTestId('task-item').first().click();
    const detail = bob.page.getByTestId('task-detail');
    await see.visible(detail);
    expect(bob.page.url()).toMatch(/#\/inbox\/[^/]+$/);
    await see.count(bob.page.getByTestId('pending-list'), 0);
    await see.value(bob.page.locator('#task-days'), '2');
    await see.exactText(detail.getByTestId('attachment-link'), 'note.pdf');
    await see.text(detail.getByTestId('timeline'), 'alice');
    await see.visible(detail.getByTestId('instance-canvas').locator('.react-flow__node').first());
    await see.text(detail.getByTestId('node-Manager'), 'remind after 1 day');
    // approve is under the thumb without scrolling, and stays there
    expect(await inViewport(bob.page, bob.page.getByTestId('approve'))).toBe(true);
    expect(await inViewport(bob.page, bob.page.getByTestId('reject'))).toBe(true);
    await expectNoSidewaysScroll(bob.page);
    await shot(bob.page, `phone-${viewport.width}-task`);
    await bob.page.mouse.wheel(0, 2000);
    expect(await inViewport(bob.page, bob.page.getByTestId('approve'))).toBe(true);
    await shot(bob.page, `phone-${viewport.width}-task-scrolled`);

    await bob.page.getByTestId('decision-comment').fill('Get well soon');
    await bob.page.getByTestId('approve').click();
    await see.visible(bob.page.getByTestId('inbox-message'));
    const serial = /LEAVE\S*/.exec(await page.getByTestId('portal-message').innerText())![0];
    await eventually(
      async () => (await ui.engine.http.get(`/api/v1/instances?mine=true&limit=50`).set(auth(ui.engine.as('alice')))).body.items as Array<{ serial: string; status: string }>,
      (items) => items.find((i) => i.serial === serial)?.status === 'completed',
      { what: `${serial} completed` },
    );

    // my requests on the phone: a list with status badges
    await page.reload();
    await page.getByTestId('portal-tab-mine').click();
    await see.text(page.getByTestId(`request-${serial}`), 'Completed');
    await expectNoSidewaysScroll(page);
    await shot(page, `phone-${viewport.width}-my-requests`);
    await alice.context.close();
    await bob.context.close();
  });
});

it('opens the menu in a drawer on a phone and switches to Chinese there', async () => {
  const { page, context } = await signedIn(ui, 'alice', '#/portal', { width: 390, height: 844 });
  await see.count(page.getByTestId('nav-inbox'), 0);
  await page.getByTestId('menu').click();
  await page.getByTestId('language').getByText('简体中文', { exact: true }).click();
  await see.exactText(page.getByTestId('nav-inbox'), '待办');
  await shot(page, 'phone-390-menu-zh');
  await page.getByTestId('nav-inbox').click();
  await see.visible(page.getByTestId('inbox-pending'));
  await see.text(page.getByTestId('inbox-pending'), '待处理');
  await expectNoSidewaysScroll(page);
  await shot(page, 'phone-390-inbox-zh');
  await context.close();
});
