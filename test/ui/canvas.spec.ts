import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { leaveFlow } from '../support/leave-flow';
import { chooseOption, openDefinition, see, shot, signedIn, startUi, type UiEngine } from '../support/browser';
import { eventually } from '../support/eventually';

/**
 * The designer's canvas and tools in Chromium: dragging from the palette,
 * keyboard shortcuts, comparing versions and searching templates. Each test
 * loads what it needs.
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi();
});
afterAll(async () => {
  await ui?.close();
});

const nodes = (page: Page) => page.locator('.react-flow__node');

async function importFlow(page: Page, definition: ReturnType<typeof leaveFlow>) {
  const file = join(__dirname, '..', 'screenshots', `${definition.id}.json`);
  writeFileSync(file, JSON.stringify(definition));
  await page.getByTestId('import').setInputFiles(file);
  await see.count(nodes(page), definition.nodes.length);
}

it('adds a node dragged from the palette where it is dropped on the canvas', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await page.getByTestId('blank').click();
  await see.count(nodes(page), 0);
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  await page.getByTestId('palette-approval').dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height / 2 } });
  await see.count(nodes(page), 1);
  const node = (await nodes(page).first().boundingBox())!;
  // the node's top-left corner lands at the drop point
  expect(Math.abs(node.x - (box.x + box.width / 2))).toBeLessThan(5);
  expect(Math.abs(node.y - (box.y + box.height / 2))).toBeLessThan(5);
  await see.count(page.getByTestId('node-approval'), 1);
  await shot(page, '7-dragged-from-palette');
  await context.close();
});

it('deletes, undoes, redoes, copies and pastes with the keyboard', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await importFlow(page, leaveFlow('leave-keys'));
  await page.getByTestId('node-HR').click();
  await page.keyboard.press('Delete');
  await see.count(nodes(page), 4);
  await see.count(page.getByTestId('node-HR'), 0);
  await page.keyboard.press('Control+z');
  await see.count(page.getByTestId('node-HR'), 1);
  await page.keyboard.press('Control+Shift+z');
  await see.count(page.getByTestId('node-HR'), 0);
  await page.keyboard.press('Control+z');
  await see.count(nodes(page), 5);

  await page.getByTestId('node-Manager').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await see.count(nodes(page), 6);
  await see.count(page.getByTestId('node-Manager'), 2);
  // typing in a field is typing, not a shortcut
  await page.getByTestId('palette-search').fill('appr');
  await page.getByTestId('palette-search').press('Backspace');
  await see.count(nodes(page), 6);
  await shot(page, '7-pasted');
  await context.close();
});

it('compares two published versions node by node', async () => {
  const admin = ui.engine.as('admin');
  const v1 = leaveFlow('leave-versions');
  const v2 = leaveFlow('leave-versions');
  // v2: HR is gone, a finance step is added and the manager's title changed
  v2.nodes = v2.nodes.filter((n) => n.id !== 'approval2').map((n) => (n.id === 'approval' ? { ...n, title: 'Line manager' } : n));
  v2.nodes.push({ id: 'finance', type: 'approval', title: 'Finance', config: { assignees: [{ type: 'user', value: 'dave' }] } });
  v2.edges = [
    { from: 'start', to: 'approval' },
    { from: 'approval', to: 'branch', on: 'approved' },
    { from: 'branch', to: 'finance', condition: { '>': [{ var: 'form.days' }, 3] } },
    { from: 'branch', to: 'end' },
    { from: 'finance', to: 'end', on: 'approved' },
  ];
  for (const version of [v1, v2]) {
    await ui.engine.http.put('/api/v1/definitions/leave-versions').set('authorization', `Bearer ${admin.token}`).send(version).expect(200);
    await ui.engine.http.post('/api/v1/definitions/leave-versions/publish').set('authorization', `Bearer ${admin.token}`).send({}).expect(201);
  }
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await openDefinition(page, 'leave-versions');
  await see.count(page.getByTestId('node-Finance'), 1);
  await page.getByTestId('tab-versions').click();
  await see.count(page.locator('[data-testid^=version-]'), 2);
  await chooseOption(page, 'compare-a', 'compare-a-1');
  await chooseOption(page, 'compare-b', 'compare-b-2');
  await page.getByTestId('compare').click();
  await see.exactText(page.getByTestId('diff-added'), 'finance');
  await see.exactText(page.getByTestId('diff-removed'), 'approval2');
  await see.exactText(page.getByTestId('diff-changed'), 'approval');
  await shot(page, '7-versions-compared');
  await context.close();
});

it('finds templates by a word of their name', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  await page.getByTestId('open-gallery').click();
  const cards = page.locator('[data-testid=gallery] article.card');
  await see.visible(page.getByTestId('template-leave-request'));
  const all = await cards.count();
  expect(all).toBeGreaterThan(20);
  await page.getByTestId('gallery-search').fill('refund');
  await see.count(cards, 1);
  await see.visible(page.getByTestId('template-refund'));
  await see.count(page.getByTestId('template-leave-request'), 0);
  await page.getByTestId('gallery-search').fill('');
  await see.count(cards, all);
  await shot(page, '7-template-search');
  await context.close();
});

it('draws a large flow zoomed out as plain cards, and the handles, edge labels and + come back when zoomed in', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/designer');
  // the benchmark's generator: a chain of approvals with a condition every tenth step
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generated } = require('../bench/designer.cjs') as { generated: (size: number) => ReturnType<typeof leaveFlow> };
  await importFlow(page, generated(150));
  const canvas = page.getByTestId('canvas');
  await see.cls(canvas, /canvas-compact/);
  // all 150 cards are drawn with their titles; nothing inside them is a positioned box
  await see.count(page.getByTestId('node-Step 42'), 1);
  await see.count(page.locator('.react-flow__handle:visible'), 0);
  await see.count(page.locator('.edge-insert:visible'), 0);
  await shot(page, '7-large-flow-zoomed-out');
  // zooming in brings the tools back and draws only what is on screen
  const zoomIn = page.locator('.react-flow__controls-zoomin');
  for (let i = 0; i < 12 && /canvas-compact/.test((await canvas.getAttribute('class')) ?? ''); i += 1) await zoomIn.click();
  await see.cls(canvas, /^canvas$/);
  await eventually(() => page.locator('.edge-insert:visible').count(), (n) => n > 0, { what: '+ buttons on the edges in view' });
  await eventually(() => nodes(page).count(), (n) => n > 0 && n < 150, { what: 'only the cards in view drawn' });
  await context.close();
});
