import type { Definition } from '@baton/dsl';
import type { Page } from 'playwright-core';
import { addCustomers, authOf, campaignDefinition } from '../support/crm';
import { eventually } from '../support/eventually';
import { leaveFlow } from '../support/leave-flow';
import { decide, pendingTask, publish } from '../support/workflows';
import { openDefinition, PHONE, see, shot, sidewaysOverflow, signedIn, startUi, type UiEngine } from '../support/browser';

/**
 * Time travel in Chromium: a request replayed step by step from the request
 * page, at desk and phone sizes; and a campaign's approval request as its
 * approver sees it (audience, variants, sensitive words).
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
});
afterAll(async () => {
  await ui?.close();
});

const person = (id: string) => ui.engine.as(id);

/** Alice's five-day leave, decided by bob then carol: three steps, the middle one waiting at HR. */
async function decidedLeave(id: string) {
  await publish(ui.engine, leaveFlow(id));
  const res = await ui.engine.http.post('/api/v1/instances').set(authOf(person('alice'))).send({ definitionId: id, form: { days: 5 } });
  expect(res.status).toBe(201);
  for (const who of ['bob', 'carol']) {
    const task = await pendingTask(ui.engine, person(who), res.body.id);
    expect((await decide(ui.engine, person(who), task.id, 'approve')).status).toBe(200);
  }
  return res.body as { id: string; serial: string };
}

/** What the middle step of that leave shows: HR lit on the canvas, the rule that sent it there, carol holding the task. */
async function seeMiddleStep(page: Page) {
  const replay = page.getByTestId('replay');
  await see.attr(replay, 'data-step', '1');
  await see.text(page.getByTestId('replay-position'), 'Step 2 of 3');
  await see.text(page.getByTestId('replay-active'), 'HR');
  await see.count(page.getByTestId('replay-canvas').locator('.step-active'), 1);
  await see.text(page.getByTestId('replay-canvas').locator('.step-active'), 'HR');
  await see.text(page.getByTestId('replay-rules'), 'taken');
  await see.text(page.getByTestId('replay-rule').first(), '= true');
  await see.text(page.getByTestId('replay-holders'), 'carol');
  await see.count(page.getByTestId('replay-matches'), 1);
}

/**
 * The whole flow fits on the canvas, legibly (the shortest node, about 40 px
 * high at full scale, drawn at least 18 px high), and the wheel over the
 * canvas scrolls the page, not the drawing.
 */
async function seeWholeFlow(page: Page) {
  // (in the page: the test's types know no DOM)
  await page.waitForFunction(`(() => {
    const canvas = document.querySelector('[data-testid="replay-canvas"]')?.getBoundingClientRect();
    const nodes = [...document.querySelectorAll('[data-testid="replay-canvas"] .react-flow__node')].map((n) => n.getBoundingClientRect());
    return !!canvas && nodes.length === 5 && nodes.every((n) => n.top >= canvas.top && n.bottom <= canvas.bottom && n.left >= canvas.left && n.right <= canvas.right && n.height >= 18);
  })()`, undefined, { timeout: 10_000 });
  const canvas = page.getByTestId('replay-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  // what scrolls: the nearest ancestor of the canvas that scrolls, or the window
  const scrolled = () => page.evaluate<number>(`(() => {
    for (let e = document.querySelector('[data-testid="replay-canvas"]').parentElement; e; e = e.parentElement) {
      if (e.scrollTop > 0 || (e.scrollHeight > e.clientHeight && getComputedStyle(e).overflowY !== 'visible')) return e.scrollTop;
    }
    return window.scrollY;
  })()`);
  const before = await scrolled();
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height, 200) / 2);
  await page.mouse.wheel(0, 300);
  await eventually(scrolled, (y) => y > before, { timeoutMs: 5_000, what: 'the page scrolled by the wheel over the canvas' });
}

it('replays a request from its page: a middle step on the canvas with the deciding rule and who held the task', async () => {
  const request = await decidedLeave('leave-replay');
  const { page, context } = await signedIn(ui, 'alice', '#/portal');
  await page.getByTestId(`request-${request.serial}`).click();
  await page.getByTestId('instance-detail').waitFor();
  await page.getByTestId('open-replay').click();
  // a replay opens at the middle of the request
  await seeMiddleStep(page);
  await shot(page, 'replay-middle-desk');
  await seeWholeFlow(page);

  await page.getByTestId('replay-next').click();
  await see.text(page.getByTestId('replay-position'), 'Step 3 of 3');
  await see.text(page.getByTestId('replay-holders'), 'Nobody holds a task');
  await page.getByTestId('replay-previous').click();
  await page.getByTestId('replay-previous').click();
  await see.text(page.getByTestId('replay-position'), 'Step 1 of 3');
  await see.text(page.getByTestId('replay-holders'), 'bob');
  await see.count(page.getByTestId('replay-rule'), 0);
  await context.close();
});

it('replays on a phone without sideways scrolling', async () => {
  const request = await decidedLeave('leave-replay-phone');
  const { page, context } = await signedIn(ui, 'alice', `#/replay/${request.id}`, PHONE);
  await seeMiddleStep(page);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'replay-middle-phone');
  await seeWholeFlow(page);
  await page.getByTestId('replay-rules').scrollIntoViewIfNeeded();
  await shot(page, 'replay-middle-phone-rules');
  await context.close();
});

it('shows the approver of a gated campaign its audience, each variant and the sensitive-word check', async () => {
  await addCustomers(ui.engine, ['Ann', 'Ben', 'Cai'].map((name, i) => ({ id: `n${i}`, name, tags: ['newsletter'] })));
  await publish(ui.engine, {
    id: 'campaign-approval', name: 'Campaign approval', kind: 'approval',
    form: { fields: [{ key: 'campaign', label: 'Campaign', type: 'text' }, { key: 'audienceCount', label: 'Audience', type: 'number' }] },
    nodes: [{ id: 'start', type: 'start' }, { id: 'marketing', type: 'approval', title: 'Marketing', config: { assignees: [{ type: 'user', value: 'bob' }] } }, { id: 'done', type: 'end', config: { status: 'completed' } }],
    edges: [{ from: 'start', to: 'marketing' }, { from: 'marketing', to: 'done', on: 'approved' }],
  } as Definition);
  const def = campaignDefinition('spring', { audience: { tags: { any: ['newsletter'] } } }, {
    type: 'channel.email', config: { ratePerSecond: 10, variants: [
      { name: 'A', weight: 60, subject: 'Spring is here, {{customer.name}}', body: 'Our best spring offers, guaranteed.' },
      { name: 'B', weight: 40, subject: 'New in spring', body: 'Hello {{customer.name}}, see what is new.' },
    ] },
  });
  def.settings = { approval: { definitionId: 'campaign-approval' } };
  await publish(ui.engine, def);
  const admin = authOf(person('admin'));
  await ui.engine.http.put('/api/v1/campaigns/sensitive-words').set(admin).send({ words: ['guaranteed'] });
  const created = await ui.engine.http.post('/api/v1/campaigns').set(admin).send({ definitionId: 'spring' });
  expect(created.status).toBe(201);
  const task = await pendingTask(ui.engine, person('bob'), created.body.approval.requestId);

  for (const [viewport, name] of [[undefined, 'campaign-approval-desk'], [PHONE, 'campaign-approval-phone']] as const) {
    const { page, context } = await signedIn(ui, 'bob', `#/inbox/${task.id}`, viewport);
    const review = page.getByTestId('campaign-review');
    await see.text(page.getByTestId('campaign-audience'), '3 recipients');
    await see.count(review.getByTestId('campaign-variant'), 2);
    await see.text(review.getByTestId('campaign-variant').first(), 'Spring is here, Sample Customer');
    await see.text(page.getByTestId('campaign-words'), 'contains sensitive words: guaranteed');
    await see.text(review, 'Awaiting approval');
    if (viewport) expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await review.scrollIntoViewIfNeeded();
    await shot(page, name);
    await context.close();
  }

  // the analyst sees the gate in the campaign definition's settings, and may pick another approval flow or none
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await openDefinition(page, 'spring');
  await page.getByTestId('tab-settings').click();
  // the gate names the approval flow by its name, not its id
  const gate = page.getByTestId('def-approval');
  await see.text(gate, 'Campaign approval');
  await shot(page, 'campaign-approval-setting');
  await gate.hover();
  await gate.locator('.ant-select-clear').click();
  await see.text(gate, 'Sends without an approval');
  await context.close();
});
