import { Type } from '@sinclair/typebox';
import { problemsFromAjv, validatorFor } from './ajv';

const Row = Type.Object({
  id: Type.String({ pattern: '^[a-z]+$', 'x-message': 'must be lower-case letters' }),
  code: Type.String({ pattern: '^[A-Z]{3}$', description: 'three capitals' }),
  phone: Type.Union([Type.String({ pattern: '^[0-9]{5,}$', 'x-message': 'must be 5 digits or more' }), Type.Null()]),
  manager: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: '^[a-z]+$', 'x-message': 'must be lower-case letters' })])),
  kind: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
  email: Type.Optional(Type.String({ format: 'email' })),
  day: Type.Optional(Type.String({ format: 'date' })),
});

function problems(value: unknown) {
  const check = validatorFor(Row);
  expect(check(value)).toBe(false);
  return problemsFromAjv(check.errors, '/row');
}

describe('problems in words', () => {
  it('says what a shaped text must be: its own words, else its pattern and description', () => {
    expect(problems({ id: 'A1', code: 'ab', phone: null })).toEqual([
      { pointer: '/row/id', message: 'must be lower-case letters' },
      { pointer: '/row/code', message: 'must match the pattern ^[A-Z]{3}$ (three capitals)' },
    ]);
  });

  it('reports one problem for a field that is a shape or null, a shape or empty, and names the constants of a choice', () => {
    expect(problems({ id: 'a', code: 'ABC', phone: '12', manager: 'Bob', kind: 'c' })).toEqual([
      { pointer: '/row/phone', message: 'must be 5 digits or more' },
      { pointer: '/row/manager', message: 'must be lower-case letters' },
      { pointer: '/row/kind', message: 'must be one of: a, b' },
    ]);
  });

  it('says what a format looks like, with an example', () => {
    expect(problems({ id: 'a', code: 'ABC', phone: null, email: 'nobody', day: 'soon' })).toEqual([
      { pointer: '/row/email', message: 'must be an e-mail address, like ana@example.com' },
      { pointer: '/row/day', message: 'must be a date, like 2026-12-01' },
    ]);
  });
});
