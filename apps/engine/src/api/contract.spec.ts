import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import { Public, Roles } from '../auth/identity';
import { completeContract, Reply, ValidBody, ValidParams, ValidQuery, type RouteOwner } from './contract';

const Params = Type.Object({ id: Type.String({ pattern: '^[a-z]+$' }) });
const Query = Type.Object({ limit: Type.Integer({ default: 10 }), tag: Type.String() }, { additionalProperties: false });
const Body = Type.Object({ name: Type.String(), size: Type.Integer({ default: 1 }) }, { additionalProperties: false });
const Thing = Type.Object({ id: Type.String() });

@Controller('things')
class ThingsController {
  @Get(':id')
  @Reply(Thing)
  get(@ValidParams(Params) _p: unknown, @ValidQuery(Query) _q: unknown) {
    return null;
  }

  @Post()
  @Roles('superAdmin')
  @Reply(Thing, { errors: [409] })
  create(@ValidBody(Body) _b: unknown) {
    return null;
  }

  @Post('ping')
  @Public()
  @HttpCode(204)
  @Reply()
  ping() {
    return null;
  }
}

const documentOf = (): OpenAPIObject => ({
  openapi: '3.1.0', info: { title: 't', version: '1' }, components: {},
  paths: {
    '/things/{id}': { get: { operationId: 'ThingsController_get', responses: {} } },
    '/things': { post: { operationId: 'ThingsController_create', responses: {} } },
    '/things/ping': { post: { operationId: 'ThingsController_ping', responses: {} } },
  },
});

describe('completeContract', () => {
  const document = completeContract(documentOf(), [ThingsController as unknown as RouteOwner]);
  const get = document.paths['/things/{id}']!.get!;
  const create = document.paths['/things']!.post!;
  const ping = document.paths['/things/ping']!.post!;

  it('declares each property of the params and query schemas as a parameter; a default makes one optional', () => {
    expect(get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: expect.objectContaining({ pattern: '^[a-z]+$' }) },
      { name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer' }) },
      { name: 'tag', in: 'query', required: true, schema: expect.objectContaining({ type: 'string' }) },
    ]);
  });

  it('declares the body, with the fields the route fills in as optional', () => {
    expect(create.requestBody).toEqual({ required: true, content: { 'application/json': { schema: expect.objectContaining({ required: ['name'], additionalProperties: false }) } } });
  });

  it('declares the success answer and the errors the route\'s shape implies, each with the problem schema', () => {
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '404', '429']);
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '429']);
    expect(Object.keys(ping.responses)).toEqual(['204']);
    expect(ping.security).toEqual([]);
    expect((create.responses['409'] as { content: object }).content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } });
    expect((get.responses['200'] as unknown as { content: { 'application/json': { schema: object } } }).content['application/json'].schema).toMatchObject({ properties: { id: { type: 'string' } } });
  });

  it('refuses a document with an operation no handler answers', () => {
    const stray = documentOf();
    stray.paths['/stray'] = { get: { operationId: 'Nobody_home', responses: {} } };
    expect(() => completeContract(stray, [ThingsController as unknown as RouteOwner])).toThrow(/Nobody_home/);
  });
});
