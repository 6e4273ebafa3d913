import { WORDS } from '@baton/dsl';
import { Type } from '@sinclair/typebox';

/**
 * Texts that must have a shape (ids, codes, phone numbers), each with the
 * words a refusal says (`x-message`, read by `ajvMessage` of @baton/dsl;
 * the words are the DSL's `WORDS`, which the designer translates),
 * so a person is told what to type rather than shown a regular expression.
 */

export const PHONE = '^\\+?[0-9 ()-]{5,20}$';
/** Ids of definitions and of their nodes. */
export const NAME_ID = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';

/** A text matching `pattern`, refused in `words`. */
export const shaped = (pattern: string, words: string, options: Record<string, unknown> = {}) => Type.String({ ...options, pattern, 'x-message': words });
export const phone = () => shaped(PHONE, WORDS.phone);
/** A CSV cell: empty, or a text matching `pattern`. */
export const emptyOr = (pattern: string, words: string) => shaped(`^$|${pattern}`, `must be empty or ${words.replace(/^must be /, '')}`);
export const nameId = () => shaped(NAME_ID, WORDS.nameId);
