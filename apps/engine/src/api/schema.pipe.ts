import { Injectable, PipeTransform } from '@nestjs/common';
import type { Static, TSchema } from '@sinclair/typebox';
import { problemsFromAjv } from '@baton/dsl';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { InvalidInput } from './domain-error';

// `verbose`: a refusal's words come from the schema (`x-message`)
const ajv = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: true, strict: false, verbose: true });
addFormats(ajv);
// a PATCH names what changes: a default filled in would overwrite what was not named
const withoutDefaults = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: false, strict: false, verbose: true });
addFormats(withoutDefaults);

/**
 * Validates one part of a request (body, query, params) against the TypeBox
 * schema that also documents it in OpenAPI, so the two cannot drift.
 */
@Injectable()
export class SchemaPipe<S extends TSchema> implements PipeTransform<unknown, Static<S>> {
  private readonly check;

  constructor(schema: S, private readonly where: 'body' | 'query' | 'params', validator: Ajv = ajv) {
    this.check = validator.compile(schema);
  }

  transform(value: unknown): Static<S> {
    // a POST without a body (approve, withdraw) is an empty object
    const input = value ?? {};
    // coercion turns "1e999" into Infinity after the type check: no JSON number is infinite
    if (this.check(input)) return refuseInfinite(input as Static<S>, this.where);
    throw new InvalidInput(problemsFromAjv(this.check.errors, `/${this.where}`), `invalid ${this.where}`);
  }
}

function refuseInfinite<T>(input: T, where: string): T {
  if (!input || typeof input !== 'object') return input;
  const problems = Object.entries(input).filter(([, v]) => typeof v === 'number' && !Number.isFinite(v))
    .map(([key]) => ({ pointer: `/${where}/${key}`, message: 'must be a finite number' }));
  if (problems.length > 0) throw new InvalidInput(problems, `invalid ${where}`);
  return input;
}

const coercing = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false, verbose: true });
addFormats(coercing);

export const body = <S extends TSchema>(schema: S) => new SchemaPipe(schema, 'body');
/** The body of a PATCH: only the fields it names change, so no defaults are filled in. */
export const patch = <S extends TSchema>(schema: S) => new SchemaPipe(schema, 'body', withoutDefaults);
/** Query strings and path params are text; numbers and booleans are coerced. */
export const query = <S extends TSchema>(schema: S) => new SchemaPipe(schema, 'query', coercing);
export const params = <S extends TSchema>(schema: S) => new SchemaPipe(schema, 'params', coercing);

/** The same TypeBox schema, typed for @ApiBody (OpenAPI's types differ in small ways). */
export const openapi = (schema: TSchema | object): Record<string, never> => schema as Record<string, never>;
