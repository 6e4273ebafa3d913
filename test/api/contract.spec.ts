import { startEngine, type TestEngine } from '../support/engine';
import { operationsOf, type Document } from '../support/openapi';
import { auth } from '../support/workflows';

/** The published contract: what /docs/json declares for each operation, and 405 for a method a path does not have. */
describe('the API contract', () => {
  let engine: TestEngine;
  let document: Document;
  beforeAll(async () => {
    engine = await startEngine();
    document = (await engine.http.get('/docs/json')).body as Document;
  }, 120_000);
  afterAll(() => engine.close());

  it('declares every operation\'s success answer with its schema, or no content for 204', () => {
    const missing = operationsOf(document).flatMap(({ method, path, operation }) => {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      if (success.length === 0) return [`${method} ${path}: no 2xx`];
      return success.filter(([status, r]) => status !== '204' && !Object.values(r.content ?? {}).some((c) => c.schema)).map(([status]) => `${method} ${path}: ${status} has no schema`);
    });
    expect(missing).toEqual([]);
  });

  it('declares the errors each operation can answer, all with the one problem schema', () => {
    const wrong: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      for (const [status, r] of errors) {
        if (r.content?.['application/json']?.schema.$ref !== '#/components/schemas/Problem') wrong.push(`${method} ${path} ${status}: not the problem schema`);
      }
      const has = (status: number) => Boolean(operation.responses[status]);
      const inputs = (operation.parameters ?? []).length > 0 || operation.requestBody;
      if (inputs && !has(400)) wrong.push(`${method} ${path}: takes input but declares no 400`);
      if ((operation.parameters ?? []).some((p) => p.in === 'path') && !has(404)) wrong.push(`${method} ${path}: names a record but declares no 404`);
      if (operation.requestBody && !has(413)) wrong.push(`${method} ${path}: reads a body but declares no 413`);
      if (operation.security?.length !== 0 && !(has(401) && has(429))) wrong.push(`${method} ${path}: needs sign-in but declares no 401 and 429`);
    }
    expect(wrong).toEqual([]);
    expect(document.components.schemas.Problem).toMatchObject({
      type: 'object', required: ['statusCode', 'error', 'message', 'problems'],
      properties: { problems: { type: 'array', items: { required: ['pointer', 'message'] } } },
    });
  });

  it('declares path and query parameters and bodies from the schemas the routes validate with', () => {
    const op = (method: 'get' | 'patch', path: string) => document.paths[path]![method]!;
    expect(op('get', '/api/v1/org/users/{id}').parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true, schema: expect.objectContaining({ pattern: expect.any(String) }) })]);
    expect(op('get', '/api/v1/instances').parameters!.map((p) => `${p.name}:${p.in}:${p.required}`)).toEqual(expect.arrayContaining(['limit:query:false', 'status:query:false']));
    // a PATCH names what changes: nothing is required, nothing extra is accepted
    const patch = op('patch', '/api/v1/org/users/{id}').requestBody!.content['application/json']!.schema;
    expect(patch.required).toBeUndefined();
    expect(patch.additionalProperties).toBe(false);
    // a default the route fills in makes the field optional for the client
    const search = document.paths['/api/v1/customers/search']!.post!.requestBody!.content['application/json']!.schema;
    expect(search.required).toEqual(['audience']);
  });

  it('answers 405 with Allow and a problem body for a method an existing path does not have', async () => {
    const admin = auth(engine.as('admin'));
    const put = await engine.http.put('/api/v1/customers/acme-1').set(admin).send({ name: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD, PATCH');
    expect(put.body).toEqual({ statusCode: 405, error: 'Method Not Allowed', message: expect.stringContaining('PUT'), problems: [{ pointer: '/method', message: expect.any(String) }] });
    const deleted = await engine.http.delete('/api/v1/tasks');
    expect(deleted.status).toBe(405);
    expect(deleted.headers.allow).toBe('GET, HEAD');
    expect((await engine.http.post('/health')).headers.allow).toBe('GET, HEAD');
  });

  it('still answers 404 for a path that does not exist, and routes the methods a path has', async () => {
    const admin = auth(engine.as('admin'));
    const unknown = await engine.http.delete('/api/v1/nothing-here').set(admin);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.allow).toBeUndefined();
    expect(unknown.body).toMatchObject({ statusCode: 404, problems: [] });
    expect((await engine.http.get('/api/v1/customers').set(admin)).status).toBe(200);
    expect((await engine.http.head('/api/v1/customers').set(admin)).status).toBe(200);
  });
});
