import { WORDS } from '@baton/dsl';
import { Type } from '@sinclair/typebox';

/**
 * Texts that must have a shape (ids, codes, phone numbers), each with the
 * words a refusal says (`x-message`, read by `ajvMessage` of @baton/dsl;
 * the words are the DSL's `WORDS`, which the designer translates),
 * so a person is told what to type rather than shown a regular expression.
 */

export const PHONE = '^\\+?[0-9 ()-]{5,20}$';
export const PHONE_WORDS = WORDS.phone;
/** Ids of people, departments and customers. */
export const ID_WORDS = WORDS.id;
/** Ids of definitions and of their nodes. */
export const NAME_ID = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';
export const NAME_ID_WORDS = WORDS.nameId;
export const ROLE_CODE_WORDS = WORDS.roleCode;

/** A text matching `pattern`, refused in `words`. */
export const shaped = (pattern: string, words: string, options: Record<string, unknown> = {}) => Type.String({ ...options, pattern, 'x-message': words });
export const phone = () => shaped(PHONE, PHONE_WORDS);
/** A CSV cell: empty, or a text matching `pattern`. */
export const emptyOr = (pattern: string, words: string) => shaped(`^$|${pattern}`, `must be empty or ${words.replace(/^must be /, '')}`);
export const nameId = () => shaped(NAME_ID, NAME_ID_WORDS);
