import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { leaveFlow } from '../support/leave-flow';
import { auth, pendingTask, publish, submit } from '../support/workflows';
import { AT_REST, DESK, openDefinition, PHONE, SCREENSHOTS, see, shot, sidewaysOverflow, signInOn, startUi, type UiEngine } from '../support/browser';

/**
 * Every page of the app in English and Chinese, at a desk and on a phone:
 * a screenshot of each, axe-core's accessibility rules with no violation
 * at all (moderate and minor ones included), and on a phone no sideways
 * scroll.
 */

interface Violation { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }
interface Visit { name: string; open(page: Page): Promise<void> }

// evaluated by the debugger protocol, as the app's Content-Security-Policy would refuse an added script
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const moderate = new Map<string, { help: string; pages: Set<string>; at: Set<string> }>();

let ui: UiEngine;
let taskId: string;
let requestId: string;
beforeAll(async () => {
  ui = await startUi();
  await ui.engine.http.patch('/api/v1/org/users/alice').set(auth(ui.engine.as('admin'))).send({ name: 'Alice An', managerId: 'bob' }).expect(200);
  await publish(ui.engine, leaveFlow('leave-pages'));
  const request = await submit(ui.engine, ui.engine.as('alice'), 'leave-pages', { days: 2 });
  taskId = (await pendingTask(ui.engine, ui.engine.as('bob'), request.id)).id;
  requestId = request.id;
});
afterAll(async () => {
  writeFileSync(join(SCREENSHOTS, 'axe-moderate.json'), JSON.stringify([...moderate].map(([id, m]) => ({ id, help: m.help, pages: [...m.pages], at: [...m.at] })), null, 2));
  await ui?.close();
});

/** axe-core's violations of the page as it is now, of every impact; the moderate and minor ones also go to a file with where they were. */
async function audit(page: Page, name: string): Promise<string[]> {
  // colours mid-transition (a menu item just selected) are not what a reader sees: let finite animations end first
  await page.waitForFunction(AT_REST);
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
  const violations = await page.evaluate<Violation[]>('window.axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)');
  for (const v of violations.filter((x) => x.impact === 'moderate' || x.impact === 'minor')) {
    const seen = moderate.get(v.id) ?? { help: `${v.impact}: ${v.help}`, pages: new Set<string>(), at: new Set<string>() };
    seen.pages.add(name);
    for (const n of v.nodes) seen.at.add(JSON.stringify(n.target));
    moderate.set(v.id, seen);
  }
  return violations.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const PAGES: Record<'alice' | 'bob' | 'admin', Visit[]> = {
  alice: [
    { name: 'catalogue', open: async (page) => { await page.goto(`${ui.baseUrl}/#/portal`); await see.visible(page.getByTestId('catalogue-leave-pages')); } },
    { name: 'request-form', open: async (page) => { await page.getByTestId('catalogue-leave-pages').click(); await see.visible(page.locator('#req-days')); } },
    { name: 'replay', open: async (page) => { await page.goto(`${ui.baseUrl}/#/replay/${requestId}`); await see.visible(page.getByTestId('replay-position')); } },
  ],
  bob: [
    { name: 'inbox', open: async (page) => { await page.goto(`${ui.baseUrl}/#/inbox`); await see.visible(page.getByTestId('task-item').first()); } },
    { name: 'task', open: async (page) => { await page.goto(`${ui.baseUrl}/#/inbox/${taskId}`); await see.visible(page.getByTestId('task-detail'));
      await page.getByTestId('task-detail').locator('.ant-skeleton').first().waitFor({ state: 'detached' }); } },
  ],
  admin: [
    { name: 'designer', open: async (page) => {
      await page.goto(`${ui.baseUrl}/#/designer`);
      await openDefinition(page, 'leave-pages');
      await see.attr(page.getByTestId('canvas'), 'data-nodes', '5');
    } },
    { name: 'designer-form', open: async (page) => { await page.getByTestId('tab-form').click(); await see.visible(page.getByTestId('form-designer')); } },
    { name: 'designer-settings', open: async (page) => { await page.getByTestId('tab-settings').click(); await see.visible(page.getByTestId('def-kind')); } },
    { name: 'designer-flow', open: async (page) => { await page.getByTestId('mode-chain').click(); await see.visible(page.getByTestId('approval-flow')); } },
    ...(['org', 'businessRoles', 'settings', 'audit', 'instances', 'keys', 'webhooks'] as const).map((tab): Visit => ({
      name: `admin-${tab}`,
      open: async (page) => {
        if (!page.url().includes('#/admin')) await page.goto(`${ui.baseUrl}/#/admin`);
        await page.getByTestId(`admin-tab-${tab}`).click();
        await page.locator('.ant-tabs-tabpane-active .ant-spin-spinning').waitFor({ state: 'detached' });
      },
    })),
    { name: 'dashboards', open: async (page) => { await page.goto(`${ui.baseUrl}/#/dashboards`); await see.visible(page.getByTestId('dashboards')); } },
  ],
};

const SIZES = [['desk', DESK], ['phone', PHONE]] as const;
const LANGUAGES = [['en', 'en'], ['zh', 'zh-CN']] as const;

describe.each(SIZES)('at %s size', (size, viewport) => {
  describe.each(LANGUAGES)('in %s', (short, language) => {
    async function visitAll(who: 'alice' | 'bob' | 'admin' | null, visits: Visit[]) {
      const phone = viewport.width < 768;
      const context = await ui.browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}) });
      await context.addInitScript(`localStorage.setItem('baton.language', ${JSON.stringify(language)})`);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${ui.baseUrl}/#/portal`);
      const found: string[] = [];
      if (who) await signInOn(page, who);
      const wide: string[] = [];
      for (const visit of visits) {
        await visit.open(page);
        const name = `${size}-${short}-${visit.name}`;
        // the audit waits for transitions to end: the screenshot after it shows the page at rest
        found.push(...await audit(page, name));
        await shot(page, `pages-${name}`);
        if (phone && (await sidewaysOverflow(page)) > 0) wide.push(name);
      }
      await context.close();
      expect(found).toEqual([]);
      expect(wide).toEqual([]);
    }

    it('signs in on a page without violations', () => visitAll(null, [{ name: 'login', open: async (page) => { await see.visible(page.getByTestId('login')); } }]));
    it('shows the employee\'s catalogue and form', () => visitAll('alice', PAGES.alice), 120_000);
    it('shows the approver\'s inbox and task', () => visitAll('bob', PAGES.bob), 120_000);
    it('shows the designer, admin and dashboards', () => visitAll('admin', PAGES.admin), 240_000);
  });
});
