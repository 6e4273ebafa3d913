import { Type } from '@sinclair/typebox';
import { DefinitionSchema } from '@baton/dsl';

export const DefinitionIdParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' }) });
export const VersionParams = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' }),
  version: Type.Integer({ minimum: 1 }),
});
/** A draft may hold problems while it is edited; it must be an object with an id. */
export const DraftBody = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' }),
    // the draft's list columns: the rest of a draft may be unfinished, these must be usable
    name: Type.Optional(Type.String({ maxLength: 200 })),
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'approval, routing, sop or campaign' })),
  },
  { additionalProperties: true, description: 'a definition (see /api/v1/schema/definition), possibly unfinished' },
);
export const PublishBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const ListQuery = Type.Object({
  kind: Type.Optional(Type.String()),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });

export { DefinitionSchema };
