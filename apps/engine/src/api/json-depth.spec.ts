import { refuseDeepJson, TooDeep } from './json-depth';

const nested = (depth: number) => Buffer.from('['.repeat(depth) + ']'.repeat(depth));

describe('the depth of a JSON body, measured before parsing', () => {
  it('accepts bodies up to the limit and refuses deeper ones', () => {
    expect(() => refuseDeepJson(nested(200), 200)).not.toThrow();
    expect(() => refuseDeepJson(nested(201), 200)).toThrow(TooDeep);
    expect(() => refuseDeepJson(Buffer.from(`{"a":${'{"b":'.repeat(10_000)}1${'}'.repeat(10_001)}`), 200)).toThrow('deeper than 200 levels');
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(() => refuseDeepJson(Buffer.from(JSON.stringify({ text: '[[[[[[ "{{{{{{ \\" [[[[' })), 3)).not.toThrow();
  });
});
