import { Type } from '@sinclair/typebox';
import { AudienceSchema, WORDS } from '@baton/dsl';
import { phone, shaped } from '../api/shaped-text';

export const CUSTOMER_ID = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
const Tag = shaped('^[^$.\\s][^\\s]{0,63}$', 'must be 1 to 64 characters without spaces, not starting with "$" or "."', { description: 'no spaces; may not start with $ or .' });
export const Attributes = Type.Record(
  shaped('^[A-Za-z][A-Za-z0-9_]{0,63}$', WORDS.key),
  Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]),
  { maxProperties: 50, additionalProperties: false, description: 'custom attributes; keys are letters, digits and _' },
);
const Nullable = (s: ReturnType<typeof Type.String>) => Type.Optional(Type.Union([s, Type.Null()]));

export const CustomerBody = Type.Object({
  id: shaped(CUSTOMER_ID, WORDS.id),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Nullable(Type.String({ format: 'email' })),
  phone: Nullable(phone()),
  owner: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  source: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  region: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50, uniqueItems: true })),
  attributes: Type.Optional(Attributes),
}, { additionalProperties: false });

export const CustomerPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Nullable(Type.String({ format: 'email' })),
  phone: Nullable(phone()),
  owner: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  source: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  region: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  addTags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  removeTags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  attributes: Type.Optional(Attributes),
}, { additionalProperties: false });

export const CustomerParams = Type.Object({ id: shaped(CUSTOMER_ID, WORDS.id) });
export const CustomerListQuery = Type.Object({
  tag: Type.Optional(Tag),
  owner: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });
export const CustomerImportBody = Type.Object({
  csv: Type.String({ minLength: 1, maxLength: 20_000_000, description: 'columns id,name,email,phone,owner,source,region,tags (;-separated) and attr.<key> columns' }),
}, { additionalProperties: false });
export const AudienceBody = Type.Object({ audience: AudienceSchema, limit: Type.Integer({ minimum: 0, maximum: 500, default: 20 }) }, { additionalProperties: false });

// what the customer routes answer
export const Customer = Type.Object({
  id: Type.String(), name: Type.String(), email: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]),
  owner: Type.Union([Type.String(), Type.Null()]), source: Type.Union([Type.String(), Type.Null()]), region: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()), attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  repliedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }),
}, { additionalProperties: false });
export const Audience = Type.Object({ total: Type.Integer({ minimum: 0 }), items: Type.Array(Customer) }, { additionalProperties: false });
export const Imported = Type.Object({ imported: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
