import { WORDS } from '@baton/dsl';
import { Type, type Static } from '@sinclair/typebox';
import { Instant, Nullable } from '../api/contract';
import { phone, shaped } from '../api/shaped-text';

export const ORG_ID = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const Id = shaped(ORG_ID, WORDS.id, { description: 'letters, digits, ".", "_" and "-"' });

export const IdParams = Type.Object({ id: Id });
export const DepartmentBody = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  parentId: Type.Optional(Type.Union([Id, Type.Null()])),
  headId: Type.Optional(Type.Union([Id, Type.Null()])),
}, { additionalProperties: false });
export const DepartmentPatch = Type.Partial(Type.Omit(DepartmentBody, ['id']), { additionalProperties: false });

export const RoleName = Type.Union([Type.Literal('member'), Type.Literal('superAdmin')]);
export const UserBody = Type.Object({
  id: Id,
  email: Type.String({ format: 'email', maxLength: 254 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Type.Optional(Type.Union([phone(), Type.Null()])),
  password: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })),
  departments: Type.Array(Id, { uniqueItems: true, maxItems: 20, default: [] }),
  managerId: Type.Optional(Type.Union([Id, Type.Null()])),
  roles: Type.Array(RoleName, { uniqueItems: true, default: ['member'] }),
  adminOf: Type.Array(Id, { uniqueItems: true, default: [], description: 'departments whose subtree this user administers' }),
}, { additionalProperties: false });
export const UserPatch = Type.Partial(Type.Omit(UserBody, ['id']), { additionalProperties: false });
export const UserListQuery = Type.Object({
  department: Type.Optional(Id),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });
export const ManagersQuery = Type.Object({ levels: Type.Integer({ minimum: 1, maximum: 4, default: 1 }) }, { additionalProperties: false });
const IdList = shaped(`^${ORG_ID.slice(1, -1)}(,${ORG_ID.slice(1, -1)})*$`, 'must be ids separated by ",", each of letters, digits, ".", "_" or "-"', { maxLength: 2000, description: 'ids separated by ","' });
export const DirectoryQuery = Type.Object({
  roles: Type.Optional(IdList),
  departments: Type.Optional(IdList),
}, { additionalProperties: false });
export const OffboardBody = Type.Object({ successorId: Type.Optional(Id) }, { additionalProperties: false });
export const ImportBody = Type.Object({
  csv: Type.String({ minLength: 1, maxLength: 5_000_000 }),
  dryRun: Type.Optional(Type.Boolean({ description: 'check every line and save nothing: the preview of an import' })),
}, { additionalProperties: false });

export type DepartmentInput = Static<typeof DepartmentBody>;
export type DepartmentChange = Static<typeof DepartmentPatch>;
export type UserInput = Static<typeof UserBody>;
export type UserChange = Static<typeof UserPatch>;

// what the organisation routes answer
export const Department = Type.Object({
  id: Type.String(), name: Type.String(), parentId: Nullable(Type.String()), level: Type.Integer({ minimum: 1, maximum: 4 }),
  ancestors: Type.Array(Type.String()), headId: Nullable(Type.String()),
}, { additionalProperties: false });
export const Delegation = Type.Object({ to: Type.String(), from: Instant, until: Instant }, { additionalProperties: false });
export const User = Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(), phone: Nullable(Type.String()), departments: Type.Array(Type.String()),
  managerId: Nullable(Type.String()), roles: Type.Array(Type.String()), adminOf: Type.Array(Type.String()), active: Type.Boolean(),
  deactivatedAt: Nullable(Instant), delegation: Nullable(Delegation),
}, { additionalProperties: false });
/** People a rule resolves to, and why someone asked for is not there. */
export const Resolved = Type.Object({ users: Type.Array(Type.String()), missing: Type.Array(Type.String()) }, { additionalProperties: false });
export const Imported = Type.Object({
  imported: Type.Integer({ minimum: 0, description: 'rows saved; with dryRun, rows that would be saved' }),
  dryRun: Type.Optional(Type.Literal(true)),
}, { additionalProperties: false });
export const InitiatorDirectory = Type.Object({
  initiator: Type.Object({ id: Type.String(), name: Type.String(), roles: Type.Array(Type.String()) }),
  directory: Type.Object({
    managers: Type.Array(Nullable(Type.String())), departments: Type.Array(Type.String()),
    heads: Type.Record(Type.String(), Nullable(Type.String())), roles: Type.Record(Type.String(), Type.Array(Type.String())),
  }),
});
export const Offboarded = Type.Object({
  user: User, successor: Type.String(),
  moved: Type.Array(Type.Object({ taskId: Type.String(), instanceId: Type.String(), to: Type.String() }, { additionalProperties: false })),
  revoked: Type.Object({ refreshTokens: Type.Integer({ minimum: 0 }), apiKeys: Type.Integer({ minimum: 0 }) }),
});
export const DelegationReply = Type.Object({ delegation: Nullable(Delegation) }, { additionalProperties: false });
