import { eventually } from '../support/eventually';
import { build } from '../support/org';
import { auth } from '../support/workflows';
import { writeTenant, chooseLanguage, fillInDialog, PHONE, pickPerson, see, shot, sidewaysOverflow, signedIn, startUi, type UiEngine } from '../support/browser';

/**
 * The admin's business roles and organisation settings tabs: a role made
 * with both names, a holder picked from the people picker, the engine's
 * problems beside their fields and per CSV line, and the tenant's working
 * calendar: changed by an operator (acme is an operator tenant here), read
 * only for a department admin.
 */

let ui: UiEngine;
beforeAll(async () => {
  ui = await startUi({ OPERATOR_TENANTS: 'acme' });
  // acme as an operator would have made it, written straight to the collection like the seeded people
  await writeTenant(ui.engine, 'acme', { timeZone: 'Asia/Shanghai', locale: 'en', brandingName: 'Acme', calendar: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', holidays: ['2026-05-01'], workdays: [] } });
  // a department admin: sees the admin pages, may not change the tenant's settings
  await build(ui.engine, [{ id: 'ui-ops', name: 'Operations' }], []);
  await ui.engine.http.patch('/api/v1/org/users/dan').set(auth(ui.engine.as('admin'))).send({ name: 'Dan Ops', departments: ['ui-ops'], adminOf: ['ui-ops'] }).expect(200);
});
afterAll(async () => {
  await ui?.close();
});

const admin = () => auth(ui.engine.as('admin'));

it('creates the role finance with both names after the engine refused a bad code beside its field, and names a holder picked by name', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/admin');
  await page.getByTestId('admin-tab-businessRoles').click();
  await see.visible(page.getByTestId('business-roles'));
  await page.getByTestId('new-role').click();
  await fillInDialog(page.getByTestId('role-code'), 'Finance Team');
  await page.getByTestId('role-name-en').fill('Finance');
  await page.getByTestId('role-name-zh').fill('财务');
  await page.getByTestId('role-save').click();

  // what the engine says of that code, word for word, shows under the code field
  const refused = await ui.engine.http.post('/api/v1/org/business-roles').set(admin()).send({ code: 'Finance Team', name: { en: 'Finance', zh: '财务' }, scoped: false });
  expect(refused.status).toBe(400);
  const problem = (refused.body.problems as Array<{ pointer: string; message: string }>).find((p) => p.pointer === '/body/code')!;
  expect(problem).toBeDefined();
  const codeItem = page.getByTestId('role-form').locator('.ant-form-item-has-error');
  await see.count(codeItem, 1);
  await see.text(codeItem, problem.message);
  await see.visible(codeItem.getByTestId('role-code'));
  await shot(page, 'desk-admin-role-problem');

  await page.getByTestId('role-code').fill('finance');
  await page.getByTestId('role-save').click();
  const row = page.getByTestId('role-finance');
  await see.text(row, 'Finance');
  await see.exactText(row.getByTestId('role-holder-count'), '0');
  const made = await ui.engine.http.get('/api/v1/org/business-roles/finance').set(admin()).expect(200);
  expect(made.body).toMatchObject({ code: 'finance', name: { en: 'Finance', zh: '财务' }, scoped: false, holders: [] });

  await row.getByTestId('role-holders-open').click();
  await see.text(page.getByTestId('holder-list'), 'Nobody holds this role yet');
  await pickPerson(page, 'holder-person', 'car', 'carol');
  await page.getByTestId('holder-add').click();
  await see.visible(page.getByTestId('holder-carol'));
  await shot(page, 'desk-admin-role-holders');
  const holders = await ui.engine.http.get('/api/v1/org/business-roles/finance/holders').set(admin()).expect(200);
  expect(holders.body.items).toEqual([expect.objectContaining({ userId: 'carol', departmentId: null })]);
  // the keyboard is back in the picker (the Add button is disabled again), so Escape closes the drawer
  await eventually(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? ''),
    (id) => id === 'holder-person-input', { what: 'focus back in the person picker' });
  await page.keyboard.press('Escape');
  await see.count(page.getByTestId('holder-list'), 0);
  await see.exactText(row.getByTestId('role-holder-count'), '1');
  await shot(page, 'desk-admin-roles');

  // in Chinese the tab and the role take their Chinese names
  await chooseLanguage(page, '简体中文');
  await see.exactText(page.getByTestId('admin-tab-businessRoles'), '业务角色');
  await see.text(row, '财务');
  await context.close();
});

it('shows the engine\'s problem of each CSV line when an import is refused, and imports nothing', async () => {
  await ui.engine.http.post('/api/v1/org/business-roles').set(admin()).send({ code: 'legal', name: { en: 'Legal', zh: '法务' }, scoped: false }).expect(201);
  const { page, context } = await signedIn(ui, 'admin', '#/admin');
  await page.getByTestId('admin-tab-businessRoles').click();
  await page.getByTestId('holders-import-open').click();
  await fillInDialog(page.getByTestId('holders-import-csv'), 'role,userId,departmentId\nlegal,dave,\nno-such-role,erin,\n');
  await page.getByTestId('holders-import-run').click();
  const problems = page.getByTestId('holders-import-problems');
  await see.text(problems.getByTestId('holders-import-line-3'), 'no-such-role');
  await shot(page, 'desk-admin-roles-import');
  const legal = await ui.engine.http.get('/api/v1/org/business-roles/legal/holders').set(admin()).expect(200);
  expect(legal.body.items).toEqual([]);

  // the good lines alone go in
  await page.getByTestId('holders-import-csv').fill('role,userId,departmentId\nlegal,dave,\n');
  await page.getByTestId('holders-import-run').click();
  await see.exactText(page.getByTestId('role-legal').getByTestId('role-holder-count'), '1');
  await context.close();
});

it('shows the tenant\'s working calendar, read-only with the engine\'s reason for someone who is no operator', async () => {
  const { page, context } = await signedIn(ui, 'dan', '#/admin');
  await page.getByTestId('admin-tab-settings').click();
  const calendar = page.getByTestId('settings-calendar');
  await see.visible(calendar);
  const mine = await ui.engine.http.get('/api/v1/tenant').set(auth(ui.engine.as('dan'))).expect(200);
  const { days, from, to } = mine.body.settings.calendar as { days: number[]; from: string; to: string };
  await see.text(page.getByTestId('settings-read-only'), 'Only operators change these settings.');
  await see.text(page.getByTestId('settings-read-only'), 'only operators (super admins of the operator tenants) manage tenants');
  const labels = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  for (const [i, label] of labels.entries()) {
    const box = calendar.getByLabel(label, { exact: true });
    expect(await box.isChecked()).toBe(days.includes(i + 1));
    expect(await box.isDisabled()).toBe(true);
  }
  const hours = calendar.locator('.ant-picker input');
  expect(await hours.nth(0).inputValue()).toBe(from);
  expect(await hours.nth(1).inputValue()).toBe(to);
  expect(await page.getByTestId('settings-branding').inputValue()).toBe(mine.body.settings.brandingName);
  await see.text(page.getByTestId('settings-holidays'), '2026-05-01');
  await see.visible(page.getByTestId('settings-workdays-none'));
  expect(await page.getByTestId('settings-zone').innerText()).toContain('Asia/Shanghai');
  expect(await page.getByTestId('settings-save').count()).toBe(0);
  await shot(page, 'desk-admin-settings-read-only');
  await context.close();
});

it('lets an operator change the working calendar, with the engine\'s problem beside the make-up days', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/admin');
  await page.getByTestId('admin-tab-settings').click();
  const calendar = page.getByTestId('settings-calendar');
  await see.visible(page.getByTestId('settings-save'));
  expect(await page.getByTestId('settings-read-only').count()).toBe(0);
  await page.getByTestId('settings-branding').fill('Acme 控股');
  await calendar.getByLabel('Sat', { exact: true }).check();
  const addDate = async (list: string, day: string) => {
    await page.getByTestId(list).locator('.ant-picker input').click();
    await page.keyboard.type(day);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await see.text(page.getByTestId(list), day);
  };
  await addDate('settings-holidays', '2026-10-01');
  await addDate('settings-holidays', '2026-10-02');
  // a make-up day that is also a holiday: the engine says so beside the make-up days
  await addDate('settings-workdays', '2026-10-01');
  await page.getByTestId('settings-save').click();
  const wrong = page.getByTestId('tenant-settings').locator('.ant-form-item-has-error');
  await see.text(wrong, '2026-10-01 is also a holiday');
  await see.count(wrong.getByTestId('settings-workdays'), 1);
  await shot(page, 'desk-admin-settings-problem');
  await page.getByTestId('settings-workdays').locator('.ant-tag-close-icon').click();
  await addDate('settings-workdays', '2026-09-27');
  await page.getByTestId('settings-save').click();
  await see.count(wrong, 0);
  await eventually(
    async () => (await ui.engine.http.get('/api/v1/tenant').set(admin())).body.settings as { brandingName: string; calendar: Record<string, unknown> },
    (s) => s.brandingName === 'Acme 控股',
    { what: 'the settings saved' },
  ).then((s) => expect(s.calendar).toEqual({ days: [1, 2, 3, 4, 5, 6], from: '09:00', to: '18:00', holidays: ['2026-05-01', '2026-10-01', '2026-10-02'], workdays: ['2026-09-27'] }));
  await shot(page, 'desk-admin-settings');
  await context.close();
});

it('fits the roles and settings tabs on a 390 px phone', async () => {
  const { page, context } = await signedIn(ui, 'admin', '#/admin', PHONE);
  await page.getByTestId('admin-tab-businessRoles').click();
  await see.visible(page.getByTestId('role-finance'));
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  // nor does the table scroll sideways inside its card: a role is one column of name, scope, holders and buttons
  const inside = await page.getByTestId('business-roles').locator('.ant-table-content, .ant-table-body').first()
    .evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(inside).toBeLessThanOrEqual(0);
  await see.visible(page.getByTestId('role-finance').getByTestId('role-edit'));
  await shot(page, 'phone-admin-roles');
  await page.getByTestId('role-finance').getByTestId('role-holders-open').click();
  await see.visible(page.getByTestId('holder-carol'));
  // the drawer has slid in over the whole width
  await eventually(() => page.getByTestId('holder-list').boundingBox(), (box) => !!box && box.x < 40 && box.x + box.width <= PHONE.width, { what: 'the holders drawer in place' });
  await shot(page, 'phone-admin-role-holders');
  await page.keyboard.press('Escape');
  await page.getByTestId('admin-tab-settings').click();
  await see.visible(page.getByTestId('settings-calendar'));
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'phone-admin-settings');
  await context.close();
});
