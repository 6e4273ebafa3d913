import { Type } from '@sinclair/typebox';
import { Instant, Nullable } from '../api/contract';

/** A background job's progress, as GET /api/v1/jobs/:id and the routes that start one answer it. */
export const Job = Type.Object({
  id: Type.String({ format: 'uuid' }), kind: Type.String(), status: Type.String(), total: Type.Integer({ minimum: 0 }), done: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }), progress: Type.Number({ minimum: 0, maximum: 1 }), ratePerSecond: Type.Number({ minimum: 0 }), etaSeconds: Nullable(Type.Number()),
  results: Type.Array(Type.Unknown()), createdBy: Type.String(), createdAt: Instant, startedAt: Nullable(Instant), finishedAt: Nullable(Instant),
}, { additionalProperties: false });
