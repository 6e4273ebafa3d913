import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseDuration, DURATION_HINT } from './duration';
import { checkTemplate } from './templates';
import type { Problem } from './definition';

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

/** Turns Ajv errors into problems whose pointer names the offending field. */
export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // a union's per-branch errors say little; keep the one summary line
    if (e.keyword === 'const' && /anyOf|oneOf/.test(e.schemaPath)) continue;
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
      return { pointer: `${at}/${p.additionalProperty}`, message: 'is not an accepted property here' };
    case 'type':
      return { pointer: at, message: `must be ${article(String(p.type))}` };
    case 'anyOf':
    case 'oneOf':
      return { pointer: at, message: `must be one of: ${allowedConsts(e)}` };
    case 'format':
      return { pointer: at, message: p.format === 'iso-duration' ? DURATION_HINT : `must be a valid ${p.format}` };
    case 'enum':
      return { pointer: at, message: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'pattern':
      return { pointer: at, message: `${e.message}${e.parentSchema?.description ? ` (${e.parentSchema.description})` : ''}` };
    default:
      return { pointer: at, message: e.message ?? 'is invalid' };
  }
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
