import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseDuration, DURATION_HINT } from './duration';
import { checkTemplate } from './templates';
import type { Problem } from './definition';
import { WORDS } from './words';

/** One Ajv for the package: all errors, our formats and keywords known. */
export const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false, verbose: true });
addFormats(ajv);
ajv.addFormat('iso-duration', { type: 'string', validate: (s: string) => parseDuration(s) !== null });
// every text the SDK marks as a template (text()) must parse as Handlebars,
// in built-in and custom nodes alike
ajv.addKeyword({
  keyword: 'x-baton-template',
  schemaType: 'boolean',
  errors: true,
  validate: function parses(isTemplate: boolean, data: unknown): boolean {
    const error = isTemplate && typeof data === 'string' ? checkTemplate(data) : null;
    (parses as { errors?: Array<Partial<ErrorObject>> }).errors = error ? [{ keyword: 'x-baton-template', message: `template does not parse: ${error}`, params: {} }] : [];
    return error === null;
  },
});

const cache = new WeakMap<object, ValidateFunction>();

export function validatorFor(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

/** What a property the schema does not accept is told. */
export const NOT_ACCEPTED = 'is not an accepted property here';

/**
 * Turns Ajv errors into problems whose pointer names the offending field.
 * A union says one thing per field: a value refused by its one real branch
 * ("a phone number, or null"; "an id, or empty") says why that branch
 * refused it; a choice among constants says which constants.
 */
export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const all = errors ?? [];
  const inUnion = (e: ErrorObject) => /\/(anyOf|oneOf)\//.test(e.schemaPath);
  // a branch that is only null or a constant refuses anything else: no news
  const trivial = (e: ErrorObject) => inUnion(e) && (e.keyword === 'const' || (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
  const telling = all.filter((e) => inUnion(e) && !trivial(e));
  for (const e of all) {
    if (trivial(e)) continue;
    // the summary of a union whose real branch said why
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && telling.some((b) => b.instancePath === e.instancePath && b.schemaPath.startsWith(e.schemaPath))) continue;
    const problem = toProblem(e, prefix);
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toProblem(e: ErrorObject, prefix: string): Problem {
  const at = `${prefix}${e.instancePath}`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { pointer: `${at}/${p.missingProperty}`, message: 'is required' };
    case 'additionalProperties':
      return { pointer: `${at}/${p.additionalProperty}`, message: NOT_ACCEPTED };
    case 'type':
      return { pointer: at, message: `must be ${article(String(p.type))}` };
    case 'anyOf':
    case 'oneOf':
      return { pointer: at, message: `must be one of: ${allowedConsts(e)}` };
    case 'enum':
      return { pointer: at, message: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` };
    default:
      return { pointer: at, message: ajvMessage(e) };
  }
}

/** What a text of a known format must look like, with an example. */
const FORMATS: Record<string, string> = {
  email: WORDS.email,
  uuid: 'must be a UUID, like 0f8fad5b-d9cb-469f-a165-70867728950e',
  date: 'must be a date, like 2026-12-01',
  'date-time': 'must be a date and time, like 2026-12-01T09:30:00Z',
  time: 'must be a time, like 09:30:00Z',
  uri: 'must be a web address, like https://example.com/path',
  url: 'must be a web address, like https://example.com/path',
  hostname: 'must be a host name, like mail.example.com',
  ipv4: 'must be an IPv4 address, like 192.0.2.10',
  'iso-duration': DURATION_HINT,
};

/**
 * One Ajv error in words a person reads. A failed `pattern` says what the
 * text must be: the schema's own `x-message` ("must be a lower-case letter,
 * then..."), which needs Ajv's `verbose` to be seen, else the pattern
 * itself and the schema's description; a failed `format` says what the format looks like, with an
 * example. Anything else keeps Ajv's words.
 */
export function ajvMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const own = (e.parentSchema as { 'x-message'?: unknown } | undefined)?.['x-message'];
  if ((e.keyword === 'pattern' || e.keyword === 'format') && typeof own === 'string') return own;
  if (e.keyword === 'pattern') {
    const description = (e.parentSchema as { description?: unknown } | undefined)?.description;
    return `must match the pattern ${String(p.pattern)}${typeof description === 'string' ? ` (${description})` : ''}`;
  }
  if (e.keyword === 'format') return FORMATS[String(p.format)] ?? `must be a valid ${String(p.format)}`;
  return e.message ?? 'is invalid';
}

function allowedConsts(e: ErrorObject): string {
  const branches = (e.schema as Array<{ const?: unknown }> | undefined) ?? [];
  const consts = branches.map((b) => b.const).filter((c) => c !== undefined);
  return consts.length > 0 ? consts.join(', ') : 'the accepted shapes';
}

function article(type: string): string {
  const kinds = type.split(',');
  return kinds.map((k) => (/^[aeiou]/.test(k) ? `an ${k}` : `a ${k}`)).join(' or ');
}
