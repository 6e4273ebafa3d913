import { Type } from '@sinclair/typebox';
import { Instant, Nullable } from '../api/contract';
import { nameId } from '../api/shaped-text';

const Scalar = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean(), Type.Null()]);
export const RoutingItem = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  source: Type.Optional(Type.String({ maxLength: 64 })),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  region: Type.Optional(Type.String({ maxLength: 64 })),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
  skills: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20, description: 'skills the item needs, on top of the rule\'s' })),
  attributes: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Scalar, { maxProperties: 50, additionalProperties: false })),
}, { additionalProperties: false });

export const DecideBody = Type.Object({
  item: RoutingItem,
  customerId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  at: Type.Optional(Type.String({ format: 'date-time', description: 'decide as of this time (working hours); now when absent' })),
}, { additionalProperties: false });

export const DefinitionParams = Type.Object({ definitionId: nameId() });
export const DecisionParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }) });
export const DecisionListQuery = Type.Object({
  definitionId: Type.Optional(nameId()),
  assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });

// what the routing routes answer
export const Decision = Type.Object({
  id: Type.String(), definitionId: Type.String(), version: Type.Integer({ minimum: 1 }), item: Type.Unknown(), customerId: Nullable(Type.String()),
  assignee: Nullable(Type.String()), rule: Nullable(Type.String()), strategy: Type.String(), explanation: Type.Unknown(), status: Type.String(),
  decidedBy: Type.String(), createdAt: Instant, closedAt: Nullable(Instant), team: Nullable(Type.String()),
  firstResponse: Type.Object({ at: Nullable(Instant), targetMs: Nullable(Type.Number()) }, { additionalProperties: false }),
}, { additionalProperties: false });
