import { Type, type Static } from '@sinclair/typebox';
import { problemsFromAjv, validatorFor } from './ajv';
import type { Problem } from './definition';

/**
 * A campaign audience is a restricted filter language, never a database
 * query: whitelisted fields and operators with plain values. The engine
 * translates it into its own query, so no user JSON (`$where`, `$regex`...)
 * ever reaches the database.
 */
export const AUDIENCE_FIELDS = ['id', 'name', 'email', 'owner', 'source', 'region', 'tags', 'createdAt'] as const;
export const AUDIENCE_OPERATORS = ['eq', 'ne', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
export const ATTRIBUTE_FIELD = /^attributes\.[A-Za-z][A-Za-z0-9_]{0,63}$/;

const Scalar = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
const Tag = Type.String({ pattern: '^[^$.\\s][^\\s]{0,63}$' });

export const AudienceConditionSchema = Type.Object({
  field: Type.String({ minLength: 1, maxLength: 80, description: `one of ${AUDIENCE_FIELDS.join(', ')} or attributes.<key>` }),
  op: Type.Union(AUDIENCE_OPERATORS.map((o) => Type.Literal(o))),
  value: Type.Optional(Type.Union([Scalar, Type.Array(Scalar, { maxItems: 1000 })])),
}, { additionalProperties: false });

export const AudienceSchema = Type.Object({
  tags: Type.Optional(Type.Object({
    all: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
    any: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
    none: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  }, { additionalProperties: false })),
  filter: Type.Optional(Type.Array(AudienceConditionSchema, { maxItems: 50, description: 'all conditions must hold' })),
}, { additionalProperties: false });

export type Audience = Static<typeof AudienceSchema>;
export type AudienceCondition = Static<typeof AudienceConditionSchema>;

/** Every problem of an audience, pointers relative to the audience. */
export function audienceProblems(audience: unknown): Problem[] {
  const check = validatorFor(AudienceSchema);
  if (!check(audience)) return problemsFromAjv(check.errors);
  const problems: Problem[] = [];
  ((audience as Audience).filter ?? []).forEach((c, i) => {
    const at = `/filter/${i}`;
    if (!(AUDIENCE_FIELDS as readonly string[]).includes(c.field) && !ATTRIBUTE_FIELD.test(c.field)) {
      problems.push({ pointer: `${at}/field`, message: `unknown field "${c.field}"; use ${AUDIENCE_FIELDS.join(', ')} or attributes.<key>` });
    }
    const list = c.op === 'in' || c.op === 'nin';
    if (c.op === 'exists') {
      if (typeof c.value !== 'boolean') problems.push({ pointer: `${at}/value`, message: 'exists needs true or false' });
    } else if (c.value === undefined) {
      problems.push({ pointer: `${at}/value`, message: 'is required' });
    } else if (list !== Array.isArray(c.value)) {
      problems.push({ pointer: `${at}/value`, message: list ? `${c.op} needs a list` : `${c.op} needs a single value` });
    } else if (c.field === 'createdAt' && !(Array.isArray(c.value) ? c.value : [c.value]).every(isDate)) {
      problems.push({ pointer: `${at}/value`, message: 'createdAt needs a date such as 2026-01-31 or 2026-01-31T08:00:00Z' });
    }
  });
  return problems;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const isDate = (value: unknown) => typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));

/** Whether a plain customer matches an audience (the previewer's and the tests' reading of it). */
export function matchesAudience(audience: Audience, customer: Record<string, unknown>): boolean {
  const tags = Array.isArray(customer.tags) ? (customer.tags as string[]) : [];
  const t = audience.tags ?? {};
  if (t.all && !t.all.every((x) => tags.includes(x))) return false;
  if (t.any && t.any.length > 0 && !t.any.some((x) => tags.includes(x))) return false;
  if (t.none && t.none.some((x) => tags.includes(x))) return false;
  return (audience.filter ?? []).every((c) => {
    const value = c.field.startsWith('attributes.')
      ? (customer.attributes as Record<string, unknown> | undefined)?.[c.field.slice(11)]
      : customer[c.field];
    const values = Array.isArray(value) ? value : [value];
    switch (c.op) {
      case 'eq': return values.includes(c.value);
      case 'ne': return !values.includes(c.value);
      case 'in': return (c.value as unknown[]).some((v) => values.includes(v));
      case 'nin': return !(c.value as unknown[]).some((v) => values.includes(v));
      case 'exists': return (value !== undefined && value !== null) === c.value;
      default: {
        const a = value as number | string;
        const b = c.value as number | string;
        if (a === undefined || a === null) return false;
        return c.op === 'gt' ? a > b : c.op === 'gte' ? a >= b : c.op === 'lt' ? a < b : a <= b;
      }
    }
  });
}
