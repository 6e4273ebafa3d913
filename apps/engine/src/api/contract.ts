import { Body, Param, Query, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Type, type TSchema } from '@sinclair/typebox';
import { HEAVY, PUBLIC, ROLES } from './route-metadata';
import { body, params, patch, query } from './schema.pipe';

/**
 * The API's contract, written once per route: the decorators below validate a
 * part of the request with a TypeBox schema AND record that schema, and
 * `completeContract` writes what they recorded into the OpenAPI document, so
 * what is documented is what is enforced.
 */

/** Every error answer (see ProblemFilter). */
export const ProblemSchema = Type.Object({
  statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
  error: Type.String({ description: 'the reason phrase of the status' }),
  message: Type.String({ description: 'what went wrong, for people' }),
  problems: Type.Array(Type.Object({
    pointer: Type.String({ description: 'a JSON pointer into the request: /body/..., /query/..., /params/..., /headers/...' }),
    message: Type.String(),
  }, { additionalProperties: false })),
}, { additionalProperties: false, title: 'Problem' });

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

export interface ReplyOptions {
  /** statuses this route answers besides those its shape implies (see errorsOf) */
  errors?: ErrorStatus[];
  /** another success status the route may answer with the same body (trigger: 200 for a replay) */
  also?: number[];
  /** the body is not JSON: text/csv, or any file type */
  media?: 'csv' | 'json-or-csv' | 'file';
}

interface Contract {
  body?: TSchema;
  /** the body's defaults are filled in (not a PATCH), so a property with a default may be left out */
  bodyDefaults?: boolean;
  query?: TSchema;
  params?: TSchema;
  reply?: { schema?: TSchema } & ReplyOptions;
}

const CONTRACT = 'baton:contract';

function record(method: object, part: Partial<Contract>): void {
  Reflect.defineMetadata(CONTRACT, { ...(Reflect.getMetadata(CONTRACT, method) as Contract | undefined), ...part }, method);
}

/** A parameter decorator that validates with `pipe` and records `schema` as this part of the contract. */
const validated = (part: 'body' | 'query' | 'params', schema: TSchema, apply: ParameterDecorator, defaults = true): ParameterDecorator =>
  (target, key, index) => {
    record((target as Record<string | symbol, object>)[key!]!, { [part]: schema, ...(part === 'body' ? { bodyDefaults: defaults } : {}) });
    apply(target, key, index);
  };

/** The JSON body, validated (defaults filled in). */
export const ValidBody = (schema: TSchema) => validated('body', schema, Body(body(schema)));
/** The JSON body of a PATCH: only named fields change, so no defaults are filled in. */
export const ValidPatch = (schema: TSchema) => validated('body', schema, Body(patch(schema)), false);
/** The query string, coerced and validated; each property is one query parameter. */
export const ValidQuery = (schema: TSchema) => validated('query', schema, Query(query(schema)));
/** The path parameters, coerced and validated; each property names a `:param` of the path. */
export const ValidParams = (schema: TSchema) => validated('params', schema, Param(params(schema)));

/** What the route answers on success: its schema (none for 204), and any further error statuses. */
export const Reply = (schema?: TSchema, options: ReplyOptions = {}): MethodDecorator => (_target, _key, descriptor) => {
  record(descriptor.value as object, { reply: { schema, ...options } });
  return descriptor;
};

/** A controller class and its route handlers, as Nest knows them. */
export interface RouteOwner {
  name: string;
  prototype: Record<string, unknown>;
}

type Operation = {
  operationId?: string;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: unknown[];
};

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const REASONS: Record<ErrorStatus, string> = {
  400: 'the request is invalid: each problem names the field (a JSON pointer) and the reason',
  401: 'not signed in, or the token or API key is not valid',
  403: 'signed in, but not allowed to do this',
  404: 'no such record (or not one the caller may see)',
  409: 'the record is not in a state that allows this, or it exists already',
  410: 'it was good once and is no longer (an expired link)',
  413: 'the body is larger than the limit',
  415: 'the media type is not accepted',
  422: 'the stored record has problems that prevent this',
  429: 'too many requests; see Retry-After',
  503: 'a service the engine needs is unavailable; retry',
};

/**
 * The statuses a route answers besides success: 400 when it reads any input,
 * 404 when it names a record in its path, 413 when it reads a body, 401 and
 * 429 (rate limits) unless it is public, 403 when it is kept to some roles,
 * and whatever its Reply names.
 */
function errorsOf(contract: Contract, handler: object, owner: RouteOwner, hasHeaders: boolean): ErrorStatus[] {
  const errors = new Set<ErrorStatus>(contract.reply?.errors ?? []);
  const isPublic = Reflect.getMetadata(PUBLIC, handler) ?? Reflect.getMetadata(PUBLIC, owner);
  const roles = Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, owner);
  const heavy = Reflect.getMetadata(HEAVY, handler) ?? Reflect.getMetadata(HEAVY, owner);
  if (contract.body || contract.query || contract.params || hasHeaders) errors.add(400);
  if (contract.params) errors.add(404);
  if (contract.body) errors.add(413);
  if (!isPublic) errors.add(401).add(429);
  if (heavy) errors.add(429);
  if (roles) errors.add(403);
  return [...errors].sort();
}

/**
 * The schema as a client reads it: a property the route fills in with its
 * default when absent is not required (TypeBox lists it as required).
 */
function withDefaultsOptional(schema: TSchema): TSchema {
  const copy = JSON.parse(JSON.stringify(schema)) as TSchema;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const s = node as { properties?: Record<string, { default?: unknown }>; required?: string[] };
    if (s.properties && s.required) {
      s.required = s.required.filter((name) => s.properties![name]?.default === undefined);
      if (s.required.length === 0) delete s.required;
    }
    Object.values(node).forEach(visit);
  };
  visit(copy);
  return copy;
}

/** OpenAPI parameters for each property of an object schema. */
function parametersOf(schema: TSchema | undefined, where: 'path' | 'query') {
  const properties = (schema?.properties ?? {}) as Record<string, TSchema & { description?: string }>;
  const required = new Set<string>((schema?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (required.has(name) && property.default === undefined),
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

function successStatus(handler: object): number {
  const explicit = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  if (explicit) return explicit;
  return Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? 201 : 200;
}

function contentOf(schema: TSchema | undefined, media: ReplyOptions['media']) {
  const csv = { 'text/csv': { schema: { type: 'string' } } };
  if (media === 'csv') return csv;
  if (media === 'file') return { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } };
  const json = { 'application/json': { schema } };
  return media === 'json-or-csv' ? { ...json, ...csv } : json;
}

/**
 * Writes every route's recorded contract into the document Nest's swagger
 * module built from the routes: path and query parameters, the JSON body,
 * the success answer with its schema, and each error answer with the one
 * problem schema.
 */
export function completeContract(document: OpenAPIObject, owners: RouteOwner[]): OpenAPIObject {
  const handlers = new Map<string, { owner: RouteOwner; handler: object }>();
  for (const owner of owners) {
    for (const key of Object.getOwnPropertyNames(owner.prototype)) {
      const handler = owner.prototype[key];
      if (typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler)) handlers.set(`${owner.name}_${key}`, { owner, handler });
    }
  }
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: ProblemSchema as never } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const found = handlers.get(operation.operationId ?? '');
      if (!found) throw new Error(`no route handler for the operation ${operation.operationId} of ${path}`);
      const contract = (Reflect.getMetadata(CONTRACT, found.handler) ?? {}) as Contract;
      const headers = (operation.parameters ?? []).filter((p) => p.in === 'header');
      operation.parameters = [...parametersOf(contract.params, 'path'), ...parametersOf(contract.query, 'query'), ...headers];
      if (contract.body) {
        const schema = contract.bodyDefaults ? withDefaultsOptional(contract.body) : contract.body;
        const required = ((schema.required as string[] | undefined) ?? []).length > 0;
        operation.requestBody = { required, content: { 'application/json': { schema } } };
      }
      const status = successStatus(found.handler);
      const reply = contract.reply;
      const success = status === 204 || !reply?.schema && !reply?.media
        ? { description: 'done' }
        : { description: 'done', content: contentOf(reply.schema, reply.media) };
      const responses: Record<string, unknown> = { [status]: success };
      for (const also of reply?.also ?? []) responses[also] = success;
      for (const error of errorsOf(contract, found.handler, found.owner, headers.length > 0)) {
        responses[error] = { description: REASONS[error], content: { 'application/json': { schema: PROBLEM_REF } } };
      }
      operation.responses = responses;
      if (Reflect.getMetadata(PUBLIC, found.handler) ?? Reflect.getMetadata(PUBLIC, found.owner)) operation.security = [];
    }
  }
  return document;
}

/** Building blocks of reply schemas. */
export const Nullable = <S extends TSchema>(schema: S) => Type.Union([schema, Type.Null()]);
export const Instant = Type.String({ format: 'date-time' });
/** A list page: the items, and the total the filter matches. */
export const Page = <S extends TSchema>(item: S) => Type.Object({
  items: Type.Array(item),
  total: Type.Integer({ minimum: 0 }),
  limit: Type.Integer({ minimum: 0 }),
  offset: Type.Integer({ minimum: 0 }),
});
/** A list without paging. */
export const Items = <S extends TSchema>(item: S) => Type.Object({ items: Type.Array(item) });
/** Any JSON object whose fields depend on the definition (forms, payloads). */
export const AnyObject = Type.Object({}, { additionalProperties: true });
