import { formatMoment, resources } from './i18n';

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

  it('write a moment in the reader\'s language, not the browser\'s', () => {
    const at = '2026-11-30T05:28:03Z';
    expect(formatMoment(at, 'zh-CN')).toMatch(/^2026年11月30日 \d{2}:28$/);
    expect(formatMoment(at, 'en')).toMatch(/^Nov 30, 2026, \d{1,2}:28\s?(AM|PM)$/);
    expect(formatMoment(at, 'zh-CN', false)).toBe('2026年11月30日');
    expect(formatMoment('not a date', 'en')).toBe('not a date');
  });
});
