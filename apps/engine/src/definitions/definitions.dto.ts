import { Type } from '@sinclair/typebox';
import { AnyObject, Instant, Nullable } from '../api/contract';
import { DefinitionSchema } from '@baton/dsl';
import { nameId } from '../api/shaped-text';

export const DefinitionIdParams = Type.Object({ id: nameId() });
export const VersionParams = Type.Object({
  id: nameId(),
  version: Type.Integer({ minimum: 1 }),
});
/** A draft may hold problems while it is edited; it must be an object with an id. */
export const DraftBody = Type.Object(
  {
    id: nameId(),
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
/** What /definitions/validate reads: any JSON, answered with its problems as a definition (see /api/v1/schema/definition). */
export const AnyDefinition = Type.Unknown({ description: 'a definition to check (see /api/v1/schema/definition); anything else is answered with its problems' });

// what the definition routes answer
const ProblemItem = Type.Object({ pointer: Type.String(), message: Type.String() });
export const Problems = Type.Object({ problems: Type.Array(ProblemItem) }, { additionalProperties: false });
const Summary = {
  id: Type.String(), name: Type.String(), kind: Type.String(), category: Nullable(Type.String()), latestVersion: Type.Integer({ minimum: 0 }),
  description: Nullable(Type.String({ description: 'what the form is for, shown on the request catalogue' })),
  problemCount: Type.Integer({ minimum: 0 }), updatedAt: Instant, updatedBy: Type.String(),
};
export const DraftSummary = Type.Object(Summary, { additionalProperties: false });
export const Draft = Type.Object({ ...Summary, definition: AnyObject, problems: Type.Array(ProblemItem) }, { additionalProperties: false });
const VersionFields = {
  id: Type.String(), version: Type.Integer({ minimum: 1 }), name: Type.String(), kind: Type.String(), note: Type.String(),
  publishedAt: Instant, publishedBy: Type.String(),
};
export const Version = Type.Object({ ...VersionFields, definition: AnyObject }, { additionalProperties: false });
export const VersionSummary = Type.Object(VersionFields, { additionalProperties: false });
