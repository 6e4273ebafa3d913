import type { en } from './en';

/** The shape of the English labels, with strings in place of its literals: every language fills it. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Labels = Widen<typeof en>;
