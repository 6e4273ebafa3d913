import { validateFormData, WORDS, type FormField } from '@baton/dsl';
import i18n from './i18n';
import { formMessage } from './form-messages';

const fields: FormField[] = [
  { key: 'name', label: 'Name', type: 'text', required: true },
  { key: 'code', label: 'Code', type: 'text', min: 3, max: 5 },
  { key: 'days', label: 'Days', type: 'number', min: 1, max: 30 },
  { key: 'kind', label: 'Kind', type: 'select', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
  { key: 'when', label: 'When', type: 'date' },
  { key: 'span', label: 'Span', type: 'dateRange' },
  { key: 'sign', label: 'Signature', type: 'signature' },
] as FormField[];

/** The problems the definition language finds in a form filled in wrongly in every way it can be. */
const problems = () => [
  ...validateFormData(fields, { code: 'ab', days: 0, kind: 'c', when: 'soon', sign: 'not a picture' }),
  ...validateFormData(fields, { name: 'x', code: 'abcdefg', days: 31 }),
  // the order of a range is checked once the form has the right shape
  ...validateFormData(fields, { name: 'x', span: { start: '2026-12-02', end: '2026-12-01' } }),
  ...validateFormData(fields, { name: 'x', days: 'many' }),
];

describe('form problems in the page language', () => {
  afterAll(() => i18n.changeLanguage('en'));

  it('words every problem the form check finds in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    const found = problems();
    expect(found.map((p) => p.pointer)).toEqual(expect.arrayContaining(['/form/name', '/form/code', '/form/days', '/form/kind', '/form/when', '/form/sign', '/form/span/end']));
    for (const p of found) {
      const shown = formMessage(p.message);
      // no English left: each message the check produces is known
      expect({ message: p.message, shown, english: /[a-z]{3,}/i.test(shown.replace(/[a-z0-9]+(, [a-z0-9]+)*$/i, '')) }).toEqual({ message: p.message, shown, english: false });
    }
    expect(formMessage('is required')).toBe('必填');
    expect(formMessage('must be >= 1')).toBe('不能小于 1');
    expect(formMessage('must not be before start')).toBe('结束日期不能早于开始日期');
    // the engine's words for its shaped texts, as admin forms and CSV imports show them
    expect(formMessage('must be a lower-case letter, then up to 63 letters, digits, "_" or "-"')).toBe('须以小写字母开头，其后最多 63 个字母、数字、"_" 或 "-"');
    expect(formMessage('must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit')).toBe('须为 1 到 64 个字母、数字、"."、"_" 或 "-"，以字母或数字开头');
    expect(formMessage('must be an e-mail address, like ana@example.com')).toBe('请输入电子邮件地址，例如 ana@example.com');
    expect(formMessage('must match the pattern ^[A-Za-z0-9._-]+$')).toBe('格式不正确（应符合 ^[A-Za-z0-9._-]+$）');
    // a refusal a page shows as its state (the settings of someone who is no operator)
    expect(formMessage(WORDS.noOperatorTenant)).toBe('尚未配置运营租户（OPERATOR_TENANTS）');
    expect(formMessage(WORDS.operatorsOnly)).toBe('租户由运营方（运营租户的超级管理员）管理');
  });

  it('keeps the English words in English, and a message it does not know as it came', async () => {
    await i18n.changeLanguage('en');
    expect(formMessage('is required')).toBe('is required');
    expect(formMessage('must be <= 30')).toBe('must be <= 30');
    expect(formMessage('something new')).toBe('something new');
    // the engine's words come back word for word, a pattern included
    expect(formMessage('must be a letter, then up to 63 letters, digits, "_" or "-"')).toBe('must be a letter, then up to 63 letters, digits, "_" or "-"');
    expect(formMessage('must match the pattern ^[A-Za-z0-9._-]+$')).toBe('must match the pattern ^[A-Za-z0-9._-]+$');
    expect(formMessage('must match the pattern ^[A-Z]{3}$ (three capitals)')).toBe('must match the pattern ^[A-Z]{3}$ (three capitals)');
  });
});
