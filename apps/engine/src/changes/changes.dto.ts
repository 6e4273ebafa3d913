import { Type } from '@sinclair/typebox';
import { Instant, Nullable } from '../api/contract';
import { nameId } from '../api/shaped-text';

const NodeId = nameId();
const Version = Type.Integer({ minimum: 1 });

export const MigrationParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const MappingQuery = Type.Object({ from: Version, to: Version }, { additionalProperties: false });
export const MigrationBody = Type.Object({
  from: Version,
  to: Version,
  mapping: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), NodeId, { description: 'old node id → new node id, for every node where requests wait' }),
}, { additionalProperties: false });
export const WhatIfBody = Type.Object({
  requests: Type.Integer({ minimum: 1, maximum: 1000, default: 200, description: 'how many of the latest requests of the published version to replay' }),
}, { additionalProperties: false });
export const PublishAnywayBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

const TaskRef = Type.Object({ node: Type.String(), visit: Type.Integer(), assignee: Type.String() }, { additionalProperties: false });
const Item = Type.Object({
  instanceId: Type.String(), serial: Type.String(), outcome: Type.Union([Type.Literal('migrated'), Type.Literal('refused')]),
  from: Type.Array(Type.String()), to: Type.Array(Type.String()),
  how: Type.Optional(Type.Union([Type.Literal('kept'), Type.Literal('reentered'), Type.Literal('returned')])),
  code: Type.Optional(Type.String()), message: Type.Optional(Type.String()),
  closes: Type.Array(TaskRef), opens: Type.Array(TaskRef),
  timers: Type.Object({ moved: Type.Integer(), dropped: Type.Integer(), scheduled: Type.Integer() }, { additionalProperties: false }),
}, { additionalProperties: false });

export const MappingSuggestion = Type.Object({
  from: Type.Integer(), to: Type.Integer(),
  suggestions: Type.Array(Type.Object({
    from: Type.String(), to: Nullable(Type.String()), why: Type.String({ description: 'sameId, typeChanged or missing' }), waiting: Type.Integer({ minimum: 0 }),
  }, { additionalProperties: false })),
  targets: Type.Array(Type.Object({ id: Type.String(), title: Type.String() }, { additionalProperties: false })),
}, { additionalProperties: false });

const Counts = { total: Type.Integer({ minimum: 0 }), migrated: Type.Integer({ minimum: 0 }), refused: Type.Integer({ minimum: 0 }) };
export const DryRun = Type.Object({ from: Type.Integer(), to: Type.Integer(), ...Counts, items: Type.Array(Item) }, { additionalProperties: false });

export const Migration = Type.Object({
  id: Type.String({ format: 'uuid' }), definitionId: Type.String(), from: Type.Integer(), to: Type.Integer(),
  mapping: Type.Record(Type.String(), Type.String()), status: Type.String({ description: 'queued, running, stopping, stopped, done or failed' }),
  ...Counts, done: Type.Integer({ minimum: 0 }), progress: Type.Number({ minimum: 0, maximum: 1 }), ratePerSecond: Type.Number({ minimum: 0 }),
  results: Type.Array(Item), createdBy: Type.String(), createdAt: Instant, startedAt: Nullable(Instant), finishedAt: Nullable(Instant),
}, { additionalProperties: false });

export const WhatIfRun = Type.Object({
  id: Type.String({ format: 'uuid' }), definitionId: Type.String(), against: Nullable(Type.Integer()), limit: Type.Integer(),
  status: Type.String({ description: 'queued, running, done or failed' }), total: Type.Integer({ minimum: 0 }), done: Type.Integer({ minimum: 0 }),
  progress: Type.Number({ minimum: 0, maximum: 1 }),
  report: Nullable(Type.Unknown({ description: 'departments (nodes asking nobody or the initiator), pathChanges, unreached, waitForever, tasksPerPerson' })),
  error: Nullable(Type.String()), createdBy: Type.String(), createdAt: Instant, finishedAt: Nullable(Instant),
}, { additionalProperties: false });
