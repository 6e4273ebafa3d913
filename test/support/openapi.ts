import fc from 'fast-check';

/** The parts of an OpenAPI 3.1 document the fuzz test reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  default?: unknown;
  $ref?: string;
}

export interface Parameter { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema }
export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  security?: unknown[];
}
export interface Document { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, JsonSchema> } }

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

/** Every operation of the document, with its method and path template. */
export function operationsOf(document: Document): Array<{ method: Method; path: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, operation: item[method]! })));
}

/** Generated strings stay short: the limits of the API are tested on their own. */
const LONGEST = 24;
// deep enough for every body the API declares (tenant settings: body.settings.calendar.days[]); the schemas are not recursive
const DEPTH = 6;

/**
 * Values that satisfy a JSON schema (the subset TypeBox writes): the valid
 * half of the fuzz test. Formats the API declares get their own generators.
 */
export function valueOf(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => valueOf(s, depth)));
  if (schema.allOf) return valueOf(Object.assign({}, ...schema.allOf) as JsonSchema, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': return stringOf(schema);
    case 'integer': return fc.integer({ min: lowest(schema, 1), max: highest(schema, 1) });
    case 'number': return fc.double({ min: lowest(schema, Number.EPSILON), max: highest(schema, Number.EPSILON), noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      const items = depth >= DEPTH ? fc.constant('x') : valueOf(schema.items ?? {}, depth + 1);
      return schema.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
    }
    case 'object': return objectOf(schema, depth);
    default: return depth >= DEPTH ? fc.constant(null) : fc.jsonValue({ maxDepth: 1 });
  }
}

function lowest(schema: JsonSchema, step: number): number {
  if (schema.minimum !== undefined) return schema.minimum;
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + step;
  return -1000;
}

function highest(schema: JsonSchema, step: number): number {
  if (schema.maximum !== undefined) return Math.min(schema.maximum, lowest(schema, step) + 10_000);
  if (schema.exclusiveMaximum !== undefined) return schema.exclusiveMaximum - step;
  return lowest(schema, step) + 10_000;
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid': return fc.uuid({ version: 4 });
    case 'email': return fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.constantFrom('example.com', 'acme.test')).map(([u, d]) => `${u}@${d}`);
    case 'date-time': return fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uri': return fc.webUrl();
    default: break;
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? LONGEST, LONGEST));
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength, maxLength });
}

function objectOf(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) record[name] = valueOf(property, depth + 1);
  const fixed = fc.record(record, { requiredKeys: Object.keys(properties).filter((p) => required.has(p)) });
  const [keyPattern, valueSchema] = Object.entries(schema.patternProperties ?? {})[0] ?? [];
  if (!keyPattern || depth >= DEPTH) return fixed.filter((o) => Object.keys(o).length >= (schema.minProperties ?? 0));
  const extra = fc.dictionary(fc.stringMatching(new RegExp(keyPattern)).filter((k) => k.length <= 64), valueOf(valueSchema!, depth + 1), { maxKeys: 3 });
  return fc.tuple(fixed, extra).map(([a, b]) => ({ ...b, ...a })).filter((o) => Object.keys(o).length >= (schema.minProperties ?? 0));
}

/** A value of another JSON type than the schema wants: the "wrong type" half of the broken requests. */
export function wrongTypeOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const others: unknown[] = [[], { not: 'this' }, 'text', 12.5, true].filter((v) => {
    const t = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'number' ? 'number' : typeof v;
    return !type.includes(t) && !(t === 'number' && type.includes('integer'));
  });
  return others.length > 0 ? fc.constantFrom(...others) : fc.constant([[['deep']]]);
}

/** Path segments that no path parameter of the API accepts. */
export const BAD_PATH_VALUES = ['%20', '..%2F..', '$where', 'a b', '%00', 'x'.repeat(400), '{}', "'"];
/** Query values that a number, boolean, enum or pattern refuses. */
export const BAD_QUERY_VALUES = ['abc', '-1', '1e999', 'true false', '%00', 'x'.repeat(3000)];
