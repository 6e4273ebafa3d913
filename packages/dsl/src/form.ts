import type { FormField, Problem } from './definition';
import { problemsFromAjv, validatorFor } from './ajv';
import { WORDS } from './words';

type JsonSchema = Record<string, unknown>;

/** The JSON Schema that a submission of this form must satisfy. */
export function formSchema(fields: readonly FormField[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.key] = fieldSchema(field);
  return {
    type: 'object',
    properties,
    required: fields.filter((f) => f.required).map((f) => f.key),
    additionalProperties: false,
  };
}

const ID = { type: 'string', minLength: 1, maxLength: 128 };
const DATE = { type: 'string', format: 'date' };

function fieldSchema(field: Omit<FormField, 'columns'> & { columns?: FormField['columns'] }): JsonSchema {
  const several = (item: JsonSchema): JsonSchema => (field.multiple ? { type: 'array', items: item, uniqueItems: true } : item);
  const bounds = (min: string, max: string): JsonSchema => ({
    ...(field.min !== undefined ? { [min]: field.min } : {}),
    ...(field.max !== undefined ? { [max]: field.max } : {}),
  });
  const values = (field.options ?? []).map((o) => o.value);
  switch (field.type) {
    case 'text':
    case 'textarea':
      return { type: 'string', maxLength: 100_000, ...bounds('minLength', 'maxLength') };
    case 'number':
    case 'money':
      return { type: 'number', ...bounds('minimum', 'maximum') };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return DATE;
    case 'dateRange':
      return { type: 'object', properties: { start: DATE, end: DATE }, required: ['start', 'end'], additionalProperties: false };
    case 'select':
      return { type: 'string', enum: values };
    case 'multiselect':
      return { type: 'array', items: { type: 'string', enum: values }, uniqueItems: true };
    case 'people':
    case 'department':
      return several(ID);
    case 'attachment':
      return several({ type: 'object', properties: { id: ID, name: { type: 'string' } }, required: ['id'], additionalProperties: false });
    case 'signature':
      return { type: 'string', pattern: '^data:image/png;base64,[A-Za-z0-9+/=]+$', 'x-message': WORDS.signature };
    case 'table': {
      const columns = field.columns ?? [];
      return {
        type: 'array',
        maxItems: 1000,
        items: formSchema(columns as FormField[]),
      };
    }
  }
}

/** Every problem of a submission, pointers under /form. */
export function validateFormData(fields: readonly FormField[], data: unknown): Problem[] {
  const check = validatorFor(schemaFor(fields));
  if (check(data)) return dateRangeProblems(fields, data as Record<string, unknown>);
  return problemsFromAjv(check.errors, '/form');
}

const schemas = new WeakMap<readonly FormField[], JsonSchema>();
function schemaFor(fields: readonly FormField[]): JsonSchema {
  let s = schemas.get(fields);
  if (!s) {
    s = formSchema(fields);
    schemas.set(fields, s);
  }
  return s;
}

function dateRangeProblems(fields: readonly FormField[], data: Record<string, unknown>): Problem[] {
  return fields
    .filter((f) => f.type === 'dateRange' && data[f.key])
    .filter((f) => {
      const range = data[f.key] as { start: string; end: string };
      return range.start > range.end;
    })
    .map((f) => ({ pointer: `/form/${f.key}/end`, message: 'must not be before start' }));
}
