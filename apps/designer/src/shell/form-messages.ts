import { WORDS } from '@baton/dsl';
import i18n from './i18n';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A form problem in the page's language. The definition language checks a
 * form with JSON Schema and words its problems in English ("is required",
 * "must be >= 1"), the same words the API answers with; people filling the
 * form in read them in their own language. A message not known here stays
 * as it came.
 */
const KNOWN: Array<[RegExp, string, (m: RegExpExecArray) => Record<string, string>]> = [
  [/^is required$/, 'required', () => ({})],
  [/^must be >= (.+)$/, 'atLeast', (m) => ({ n: m[1]! })],
  [/^must be <= (.+)$/, 'atMost', (m) => ({ n: m[1]! })],
  [/^must be > (.+)$/, 'above', (m) => ({ n: m[1]! })],
  [/^must be < (.+)$/, 'below', (m) => ({ n: m[1]! })],
  [/^must NOT have fewer than (\d+) characters$/, 'minLength', (m) => ({ n: m[1]! })],
  [/^must NOT have more than (\d+) characters$/, 'maxLength', (m) => ({ n: m[1]! })],
  [/^must NOT have fewer than (\d+) items$/, 'minItems', (m) => ({ n: m[1]! })],
  [/^must NOT have more than (\d+) items$/, 'maxItems', (m) => ({ n: m[1]! })],
  [/^must NOT have duplicate items/, 'unique', () => ({})],
  [/^must be one of: (.+)$/, 'oneOf', (m) => ({ list: m[1]! })],
  [/^must be a (valid date|date, like .+)$/, 'date', () => ({})],
  [/^must be an? (number|integer)$/, 'number', () => ({})],
  [/^must not be before start$/, 'rangeOrder', () => ({})],
  // the engine's words for its shaped texts, word for word
  ...Object.entries(WORDS).map(([key, words]): [RegExp, string, () => Record<string, string>] => [new RegExp(`^${escapeRegExp(words)}$`), key, () => ({})]),
  // a pattern with its schema's description stays as it came: the description says more
  [/^must match (?:the )?pattern "?([^"\s]*)"?$/, 'pattern', (m) => ({ pattern: m[1]! })],
];

export function formMessage(message: string): string {
  for (const [pattern, key, params] of KNOWN) {
    const m = pattern.exec(message);
    if (m) return i18n.t(`formErrors.${key}`, { ...params(m), interpolation: { escapeValue: false } });
  }
  return message;
}
