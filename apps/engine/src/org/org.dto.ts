import { Type, type Static } from '@sinclair/typebox';

export const ORG_ID = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const Id = Type.String({ pattern: ORG_ID, description: 'letters, digits, ".", "_" and "-"' });

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
  phone: Type.Optional(Type.Union([Type.String({ pattern: '^\\+?[0-9 ()-]{5,20}$' }), Type.Null()])),
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
const IdList = Type.String({ pattern: `^${ORG_ID.slice(1, -1)}(,${ORG_ID.slice(1, -1)})*$`, maxLength: 2000, description: 'ids separated by ","' });
export const DirectoryQuery = Type.Object({
  roles: Type.Optional(IdList),
  departments: Type.Optional(IdList),
}, { additionalProperties: false });
export const OffboardBody = Type.Object({ successorId: Type.Optional(Id) }, { additionalProperties: false });
export const ImportBody = Type.Object({ csv: Type.String({ minLength: 1, maxLength: 5_000_000 }) }, { additionalProperties: false });

export type DepartmentInput = Static<typeof DepartmentBody>;
export type DepartmentChange = Static<typeof DepartmentPatch>;
export type UserInput = Static<typeof UserBody>;
export type UserChange = Static<typeof UserPatch>;
