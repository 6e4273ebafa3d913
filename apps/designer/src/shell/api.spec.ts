import { ApiError, formProblems, renamePointers } from './api';

describe('renamePointers', () => {
  const refused = new ApiError(400, 'invalid', [
    { pointer: '/body/name/en', message: 'must not be empty' },
    { pointer: '/body/code', message: 'must match pattern' },
    { pointer: '/body/other', message: 'is unknown' },
  ]);
  const flat = (p: string) => p.replace(/^\/body\/name\/(en|zh)$/, (_, l: string) => `/body/name${l === 'en' ? 'En' : 'Zh'}`);

  it('puts a nested problem beside the form\'s flat field, and leaves the rest where it was', () => {
    const renamed = renamePointers(refused, flat);
    expect(renamed).toBeInstanceOf(ApiError);
    expect(formProblems(renamed, ['code', 'nameEn', 'nameZh'] as const)).toEqual({
      fields: [{ name: 'nameEn', errors: ['must not be empty'] }, { name: 'code', errors: ['must match pattern'] }],
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
