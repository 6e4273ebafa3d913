import { Type } from '@sinclair/typebox';

export const RunParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }) });
export const FollowUpParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9.-]{1,80}$' }) });
export const RunListQuery = Type.Object({
  customerId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' })),
  definitionId: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });
export const FollowUpQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')])),
}, { additionalProperties: false });
