import i18n from './i18n';
import { ApiError, formProblems, renamePointers } from './api';

describe('renamePointers', () => {
  const refused = new ApiError(400, 'invalid', [
    { pointer: '/body/name/en', message: 'must not be empty' },
    { pointer: '/body/code', message: 'must match the pattern ^[a-z]+$' },
    { pointer: '/body/other', message: 'is unknown' },
  ]);
  const flat = (p: string) => p.replace(/^\/body\/name\/(en|zh)$/, (_, l: string) => `/body/name${l === 'en' ? 'En' : 'Zh'}`);

  it('puts a nested problem beside the form\'s flat field, and leaves the rest where it was', () => {
    const renamed = renamePointers(refused, flat);
    expect(renamed).toBeInstanceOf(ApiError);
    expect(formProblems(renamed, ['code', 'nameEn', 'nameZh'] as const)).toEqual({
      fields: [{ name: 'nameEn', errors: ['must not be empty'] }, { name: 'code', errors: ['must match the pattern ^[a-z]+$'] }],
      rest: '/body/other: is unknown',
    });
    // the original is untouched
    expect(refused.problems[0]!.pointer).toBe('/body/name/en');
  });

  it('passes anything but an ApiError through as it is', () => {
    const plain = new Error('network down');
    expect(renamePointers(plain, flat)).toBe(plain);
  });
});

describe('formProblems', () => {
  afterAll(() => i18n.changeLanguage('en'));

  it('puts the engine\'s words beside each field in the page\'s language, and the rest in one line', async () => {
    const refused = new ApiError(400, 'invalid body', [
      { pointer: '/body/code', message: 'must be a lower-case letter, then up to 63 letters, digits, "_" or "-"' },
      { pointer: '/body/email', message: 'must be an e-mail address, like ana@example.com' },
      { pointer: '/body/colour', message: 'is not an accepted property here' },
    ]);
    await i18n.changeLanguage('zh-CN');
    expect(formProblems(refused, ['code', 'email'] as const)).toEqual({
      fields: [{ name: 'code', errors: ['须以小写字母开头，其后最多 63 个字母、数字、"_" 或 "-"'] }, { name: 'email', errors: ['请输入电子邮件地址，例如 ana@example.com'] }],
      rest: '/body/colour: is not an accepted property here',
    });
  });
});
