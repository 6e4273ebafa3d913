import { resources } from './i18n';

/** Every key of an object tree, dotted. */
function keys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('the translations', () => {
  it('have every English label in Simplified Chinese and nothing else', () => {
    const en = keys(resources.en.translation);
    const zh = keys(resources['zh-CN'].translation);
    expect(en.length).toBeGreaterThan(100);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });
});
