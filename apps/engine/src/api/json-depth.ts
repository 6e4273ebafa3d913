/** Deeper than any definition, form or json-logic rule the DSL accepts, far below a stack overflow. */
export const MAX_JSON_DEPTH = 200;

export class TooDeep extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
  constructor(readonly limit: number) {
    super(`the body nests deeper than ${limit} levels`);
  }
}

/**
 * Measures how deep a JSON text nests before it is parsed: a body nested
 * 10,000 deep parses, but every later JSON.stringify or recursive walk of
 * it overflows the stack. Strings are skipped, so brackets in text count not.
 */
export function refuseDeepJson(raw: Buffer, limit = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) throw new TooDeep(limit);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}
