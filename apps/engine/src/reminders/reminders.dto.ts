import { Type } from '@sinclair/typebox';
import { Instant, Nullable } from '../api/contract';
import { nameId } from '../api/shaped-text';

export const RunParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }) });
export const FollowUpParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9.-]{1,80}$' }) });
export const RunListQuery = Type.Object({
  customerId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' })),
  definitionId: Type.Optional(nameId()),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });
export const FollowUpQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')])),
}, { additionalProperties: false });

// what the SOP routes answer
export const SopRun = Type.Object({
  id: Type.String(), definitionId: Type.String(), version: Type.Integer({ minimum: 1 }), trigger: Type.String(), customerId: Nullable(Type.String()),
  itemId: Nullable(Type.String()), owner: Nullable(Type.String()), status: Type.String(), cancelReason: Nullable(Type.String()), startedAt: Instant,
  steps: Type.Array(Type.Unknown()),
  firstResponse: Type.Object({ at: Nullable(Instant), ms: Nullable(Type.Number()), targetMs: Nullable(Type.Number()), met: Nullable(Type.Boolean()) }, { additionalProperties: false }),
}, { additionalProperties: false });
export const FollowUp = Type.Object({
  id: Type.String(), runId: Type.String(), owner: Type.String(), customerId: Nullable(Type.String()), text: Type.String(), status: Type.String(),
  createdAt: Instant, doneAt: Nullable(Instant),
}, { additionalProperties: false });
