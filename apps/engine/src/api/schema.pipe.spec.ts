import { Type } from '@sinclair/typebox';
import { InvalidInput } from './domain-error';
import { body, query } from './schema.pipe';

const Body = Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

describe('SchemaPipe', () => {
  it('refuses a query number that coerces to Infinity (1e999), which the type check lets through', () => {
    const Page = Type.Object({ offset: Type.Integer({ minimum: 0, default: 0 }) }, { additionalProperties: false });
    expect(query(Page).transform({ offset: '20' })).toEqual({ offset: 20 });
    expect(() => query(Page).transform({ offset: '1e999' })).toThrow(InvalidInput);
    try {
      query(Page).transform({ offset: '1e999' });
    } catch (error) {
      expect((error as InvalidInput).problems).toEqual([{ pointer: '/query/offset', message: 'must be a finite number' }]);
    }
  });

  it('passes a valid body through', () => {
    expect(body(Body).transform({ name: 'x', count: 2 })).toEqual({ name: 'x', count: 2 });
  });

  it('names every bad field with a pointer under /body', () => {
    try {
      body(Body).transform({ count: 0, extra: true });
      throw new Error('expected InvalidInput');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).problems).toEqual([
        { pointer: '/body/name', message: 'is required' },
        { pointer: '/body/extra', message: 'is not an accepted property here' },
        { pointer: '/body/count', message: 'must be >= 1' },
      ]);
    }
  });

  it('coerces query strings and applies defaults', () => {
    const Query = Type.Object({ limit: Type.Integer({ default: 50 }), mine: Type.Optional(Type.Boolean()) });
    expect(query(Query).transform({ mine: 'true' })).toEqual({ limit: 50, mine: true });
  });
});
