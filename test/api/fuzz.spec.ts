import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { startEngine, type Person, type TestEngine } from '../support/engine';
import { BAD_PATH_VALUES, BAD_QUERY_VALUES, operationsOf, valueOf, wrongTypeOf, type Document, type JsonSchema, type Method, type Operation } from '../support/openapi';
import { build } from '../support/org';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

/**
 * Requests derived from the published OpenAPI document, sent to every
 * operation as a super admin and as a member: valid ones generated from the
 * declared schemas, and broken ones (a wrong type, a missing required field,
 * an extra field, a bad path parameter). Every answer must be declared by
 * its operation, match the declared schema, and never be a 5xx; a broken
 * input must be refused with 400 naming the part it broke (when the caller
 * gets that far), and a valid one never refused by the schema check.
 *
 * FUZZ_RUNS valid (the first minimal) and FUZZ_RUNS broken requests per
 * operation and caller (default 4), FUZZ_SEED fixes what is generated.
 *
 * Nothing is excluded. Destructive operations run against disposable
 * records: the path parameters of people and departments name the users
 * fz-1..fz-4 and the department fz, never the two callers (a generated value
 * that names them is replaced), so offboarding, password changes and role
 * changes never end the run's own sessions.
 */
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 4));
const SEED = Number(process.env.FUZZ_SEED ?? 16_2026);
const CALLERS = ['admin', 'alice'] as const;
type Part = 'body' | 'query' | 'params';

interface Request {
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  /** what the broken request broke, and whether it is still valid by the schema (some "bad" values are fine for a lax parameter) */
  broke?: { part: Part; how: string };
}

describe('the API as its OpenAPI document describes it', () => {
  let engine: TestEngine;
  let document: Document;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  const coercing = new Ajv2020({ strict: false, coerceTypes: true });
  addFormats(coercing);
  const exact = new Ajv2020({ strict: false });
  addFormats(exact);
  const world: Record<string, string> = {};
  const sent = { valid: 0, broken: 0 };
  const statuses = new Map<string, Set<number>>();
  let started = 0;

  beforeAll(async () => {
    started = Date.now();
    engine = await startEngine({ OUTBOUND_ALLOWED_HOSTS: 'hooks.example.com' });
    const admin = engine.as('admin');
    await publish(engine, leaveRequest());
    await build(engine, [{ id: 'fz', name: 'Fuzzed' }], [1, 2, 3, 4].map((n) => ({ id: `fz-${n}`, departments: ['fz'], managerId: 'bob' })));
    const post = async (path: string, body: object, who: Person = admin) => (await engine.http.post(path).set(auth(who)).send(body)).body as Record<string, string>;
    world.hook = (await post('/api/v1/webhooks', { url: 'https://hooks.example.com/fuzz', events: ['*'] })).id!;
    // DELETE runs before the routes under the subscription: it gets one of its own
    world.spareHook = (await post('/api/v1/webhooks', { url: 'https://hooks.example.com/spare', events: ['*'] })).id!;
    world.key = (await post('/api/v1/api-keys', { name: 'fuzz', role: 'member' })).id!;
    await post('/api/v1/customers', { id: 'cust-alice', name: 'Alice\'s customer', owner: 'alice' });
    await post('/api/v1/customers', { id: 'cust-bob', name: 'Bob\'s customer', owner: 'bob' });
    world.instance = (await submit(engine, admin, 'leave', { days: 1 })).id;
    world.task = (await pendingTask(engine, engine.as('bob'), world.instance)).id;
    world.job = (await post('/api/v1/tasks/bulk-approve', { taskIds: ['nope.1'] })).id!;
    world.attachment = (await engine.http.post('/api/v1/attachments?name=a.txt').set(auth(admin)).set('Content-Type', 'text/plain').send('hello')).body.id;
    document = (await engine.http.get('/docs/json')).body as Document;
    ajv.addSchema(document as object, 'openapi');
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    // the figures the README quotes
    const succeeded = [...statuses.values()].filter((seen) => [...seen].some((s) => s < 300)).length;
    if (process.env.FUZZ_REPORT) for (const [op, seen] of statuses) console.log(`${op}: ${[...seen].sort().join(' ')}`);
    console.log(`fuzz: ${operationsOf(document).length} operations (${succeeded} answered 2xx at least once), ${sent.valid} valid and ${sent.broken} broken requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  /** Real records for path parameters, so valid requests reach past 404. */
  const known = (path: string, name: string, method?: Method): string[] => {
    if (method === 'delete' && /\/webhooks\//.test(path)) return [world.spareHook!];
    if (name === 'version' || name === 'level') return ['1'];
    if (name === 'role') return ['member'];
    if (name === 'definitionId' || /\/(definitions|routing)\/\{id\}/.test(path)) return ['leave'];
    if (name === 'deliveryId') return ['nope'];
    const by: Array<[RegExp, string[]]> = [
      [/\/instances\//, [world.instance!]], [/\/tasks\//, [world.task!]], [/\/org\/departments\//, ['fz', 'sales']],
      [/\/org\/users\//, ['fz-1', 'fz-2', 'fz-3', 'fz-4']], [/\/customers\//, ['cust-alice', 'cust-bob']], [/\/webhooks\//, [world.hook!]],
      [/\/jobs\//, [world.job!]], [/\/attachments\//, [world.attachment!]], [/\/api-keys\//, [world.key!]],
    ];
    return by.find(([pattern]) => pattern.test(path))?.[1] ?? [];
  };

  const partSchema = (operation: Operation, where: 'path' | 'query'): JsonSchema => {
    const own = (operation.parameters ?? []).filter((p) => p.in === where);
    return { type: 'object', properties: Object.fromEntries(own.map((p) => [p.name, p.schema])), required: own.filter((p) => p.required).map((p) => p.name), additionalProperties: false };
  };
  const bodySchema = (operation: Operation): JsonSchema | undefined => operation.requestBody?.content['application/json']?.schema;

  /**
   * Valid requests: every part generated from its schema; path parameters
   * from real records half of the time. A minimal one sends only what is
   * required, to real records: the request most likely to succeed.
   */
  const validRequest = (path: string, method: Method, operation: Operation, minimal = false): fc.Arbitrary<Request> => {
    const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
    const params = fc.record(Object.fromEntries(pathParams.map((p) => {
      const real = known(path, p.name, method);
      if (minimal && real.length > 0) return [p.name, fc.constant(real[0]!)];
      const generated = (valueOf(p.schema) as fc.Arbitrary<unknown>).map(String)
        .filter((v) => v !== '.' && v !== '..' && !(CALLERS as readonly string[]).includes(v));
      return [p.name, real.length > 0 ? fc.oneof(fc.constantFrom(...real), generated) : generated];
    })));
    const query = valueOf(minimal ? requiredOnly(partSchema(operation, 'query')) : partSchema(operation, 'query'));
    const body = bodySchema(operation);
    return fc.tuple(params, query, body ? valueOf(minimal ? requiredOnly(body) : body) : fc.constant(undefined))
      .map(([p, q, b]) => ({ path: fill(path, p as Record<string, string>), query: q as Record<string, unknown>, body: b }));
  };

  /** A valid request with one thing broken. */
  const brokenRequest = (path: string, method: Method, operation: Operation): fc.Arbitrary<Request> => {
    const breaks: Array<fc.Arbitrary<(r: Request, params: Record<string, string>) => Request>> = [];
    const body = bodySchema(operation);
    if (body) {
      breaks.push(wrongTypeOf(body).map((v) => (r) => ({ ...r, body: v, broke: { part: 'body', how: 'the body has the wrong type' } })));
      for (const name of body.required ?? []) {
        breaks.push(fc.constant((r) => ({ ...r, body: withoutKey(r.body, name), broke: { part: 'body', how: `no ${name}` } })));
      }
      for (const [name, property] of Object.entries(body.properties ?? {})) {
        breaks.push(wrongTypeOf(property).map((v) => (r) => ({ ...r, body: { ...(r.body as object), [name]: v }, broke: { part: 'body', how: `${name} has the wrong type` } })));
      }
      if (body.additionalProperties === false) breaks.push(fc.constant((r) => ({ ...r, body: { ...(r.body as object), fuzzExtra: 1 }, broke: { part: 'body', how: 'an extra field' } })));
    }
    for (const p of (operation.parameters ?? []).filter((x) => x.in === 'query')) {
      breaks.push(fc.constantFrom(...BAD_QUERY_VALUES).map((v) => (r) => ({ ...r, query: { ...r.query, [p.name]: v }, broke: { part: 'query', how: `${p.name}=${v.slice(0, 20)}` } })));
    }
    if ((operation.parameters ?? []).some((x) => x.in === 'query')) {
      breaks.push(fc.constant((r) => ({ ...r, query: { ...r.query, fuzzExtra: '1' }, broke: { part: 'query', how: 'an extra query parameter' } })));
    }
    for (const p of (operation.parameters ?? []).filter((x) => x.in === 'path')) {
      breaks.push(fc.constantFrom(...BAD_PATH_VALUES).map((v) => (r, params) => ({ ...r, path: fill(path, { ...params, [p.name]: v }, false), broke: { part: 'params', how: `${p.name}=${v.slice(0, 20)}` } })));
    }
    if (breaks.length === 0) return validRequest(path, method, operation); // nothing to break: no input at all
    const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
    const params = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, fc.constantFrom(...(known(path, p.name, method).length ? known(path, p.name, method) : ['x1']))])));
    return fc.tuple(validRequest(path, method, operation), params, fc.oneof(...breaks)).map(([r, p, broken]) => broken(r, p as Record<string, string>));
  };

  /** Is the broken part still valid by its schema (a lax schema may accept a "bad" value)? */
  const stillValid = (operation: Operation, request: Request, params: Record<string, string>): boolean => {
    const { part } = request.broke!;
    if (part === 'body') {
      const schema = bodySchema(operation);
      return schema ? exact.validate(schema, structuredClone(request.body ?? {})) : true;
    }
    if (part === 'query') return coercing.validate(partSchema(operation, 'query'), stringified(request.query));
    return coercing.validate(partSchema(operation, 'path'), params);
  };

  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string): ValidateFunction => {
    if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: `openapi#${pointer}` }));
    return validators.get(pointer)!;
  };

  /** What is wrong with an answer, by the document; nothing when it conforms. */
  const check = (path: string, method: Method, operation: Operation, request: Request, res: { status: number; body: unknown; text: string; headers: Record<string, string> }): string[] => {
    const failures: string[] = [];
    const said = `${method.toUpperCase()} ${request.path}${Object.keys(request.query).length ? `?${new URLSearchParams(stringified(request.query))}` : ''} ${JSON.stringify(request.body)?.slice(0, 300) ?? ''}${request.broke ? ` [broken: ${request.broke.how}]` : ''} → ${res.status} ${res.text.slice(0, 300)}`;
    if (res.status >= 500) failures.push(`a 5xx: ${said}`);
    const declared = operation.responses[String(res.status)];
    if (!declared) return [...failures, `status ${res.status} is not declared: ${said}`];
    const media = Object.keys(declared.content ?? {});
    const type = (res.headers['content-type'] ?? '').split(';')[0]!;
    if (media.length === 0) {
      if (res.text !== '') failures.push(`a body where none is declared: ${said}`);
    } else if (type === 'application/json' && media.includes('application/json')) {
      const validate = validatorAt(`/paths/${escape(path)}/${method}/responses/${res.status}/content/application~1json/schema`);
      if (!validate(res.body)) failures.push(`the body does not match the schema (${ajv.errorsText(validate.errors)}): ${said}`);
    } else if (!media.includes(type) && !media.includes('application/octet-stream')) {
      failures.push(`content type ${type} is not declared (${media.join(', ')}): ${said}`);
    }
    const problem = res.body as { message?: string; problems?: Array<{ pointer: string }> };
    if (!request.broke && res.status === 400 && /^invalid (body|query|params):/.test(problem.message ?? '')) {
      failures.push(`a request valid by the document was refused by the route's schema: ${said}`);
    }
    return failures;
  };

  const send = (method: Method, operation: Operation, who: Person, request: Request) => {
    const query = new URLSearchParams(stringified(request.query)).toString();
    let req = engine.http[method](`${request.path}${query ? `?${query}` : ''}`).set(auth(who));
    for (const header of (operation.parameters ?? []).filter((p) => p.in === 'header')) req = req.set(header.name, `fuzz-${Math.random().toString(36).slice(2)}`);
    const content = Object.keys(operation.requestBody?.content ?? {});
    if (content.includes('application/json') && request.body !== undefined) return req.set('Content-Type', 'application/json').send(JSON.stringify(request.body));
    if (content.length > 0 && !content.includes('application/json')) return req.set('Content-Type', 'text/plain').send('fuzzed file');
    return req;
  };

  it('publishes a document the fuzz test can read: every operation, each path parameter declared', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(100);
    const undeclared = operations.flatMap(({ method, path, operation }) => [...path.matchAll(/\{([^}]+)\}/g)]
      .filter(([, name]) => !(operation.parameters ?? []).some((p) => p.in === 'path' && p.name === name))
      .map(([, name]) => `${method} ${path}: {${name}}`));
    expect(undeclared).toEqual([]);
  });

  describe.each(CALLERS)('as %s', (caller) => {
    it(`answers ${RUNS} valid and ${RUNS} broken requests to every operation as declared`, async () => {
      const who = engine.as(caller);
      const failures: string[] = [];
      const operations = operationsOf(document);
      for (const [index, { method, path, operation }] of operations.entries()) {
        const seed = SEED + index * 7919 + (caller === 'admin' ? 0 : 1);
        const valid = [...fc.sample(validRequest(path, method, operation, true), { seed, numRuns: 1 }), ...fc.sample(validRequest(path, method, operation), { seed, numRuns: RUNS - 1 })];
        const broken = fc.sample(brokenRequest(path, method, operation), { seed: seed + 1, numRuns: RUNS });
        for (const request of [...valid, ...broken]) {
          if (request.broke) sent.broken++; else sent.valid++;
          const res = await send(method, operation, who, request);
          const seen = statuses.get(`${method} ${path}`) ?? new Set<number>();
          statuses.set(`${method} ${path}`, seen.add(res.status));
          failures.push(...check(path, method, operation, request, res as never));
          // a super admin passes every role check, so a broken input must be refused by the schema check
          const { broke } = request;
          if (broke && caller === 'admin' && operation.security?.length !== 0 && !stillValid(operation, request, paramsOf(path, request.path))) {
            const pointers = ((res.body as { problems?: Array<{ pointer: string }> }).problems ?? []).map((p) => p.pointer);
            if (res.status !== 400 || !pointers.some((p) => p.startsWith(`/${broke.part}`))) {
              failures.push(`a broken ${broke.part} (${broke.how}) was not refused with 400 naming /${broke.part}: ${method.toUpperCase()} ${request.path} → ${res.status} ${res.text.slice(0, 200)}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    }, 180_000);
  });
});

/** The schema with its optional properties left out (top level). */
function requiredOnly(schema: JsonSchema): JsonSchema {
  const required = new Set(schema.required ?? []);
  // a schema that wants some properties (minProperties) keeps as many of the optional ones, as required
  const optional = Object.keys(schema.properties ?? {}).filter((name) => !required.has(name)).slice(0, Math.max(0, (schema.minProperties ?? 0) - required.size));
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => required.has(name) || optional.includes(name))),
    required: [...required, ...optional],
    patternProperties: undefined,
  };
}

function fill(path: string, params: Record<string, string>, encode = true): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => (encode ? encodeURIComponent(params[name]!) : params[name]!));
}

/** The path parameters a filled-in path carries, decoded as the router decodes them. */
function paramsOf(template: string, path: string): Record<string, string> {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]*)')}$`);
  const match = pattern.exec(path);
  return Object.fromEntries(names.map((n, i) => {
    const raw = match?.[i + 1] ?? '';
    try {
      return [n, decodeURIComponent(raw)];
    } catch {
      return [n, raw];
    }
  }));
}

function stringified(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function withoutKey(body: unknown, key: string): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { [key]: _removed, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** A path template as a JSON pointer segment. */
function escape(path: string): string {
  return path.replace(/~/g, '~0').replace(/\//g, '~1');
}
