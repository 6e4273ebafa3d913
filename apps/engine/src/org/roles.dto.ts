import { Type, type Static } from '@sinclair/typebox';
import { ROLE_CODE_PATTERN, WORDS } from '@baton/dsl';
import { shaped } from '../api/shaped-text';
import { ORG_ID } from './org.dto';

const Code = shaped(ROLE_CODE_PATTERN, WORDS.roleCode, { description: 'what definitions name: a lower-case letter, then letters, digits, _ and -' });
const Id = shaped(ORG_ID, WORDS.id);
const Name = Type.Object({
  en: Type.String({ minLength: 1, maxLength: 100, description: 'the name in English' }),
  zh: Type.String({ minLength: 1, maxLength: 100, description: 'the name in Chinese' }),
}, { additionalProperties: false });

export const RoleCodeParams = Type.Object({ code: Code });
export const HolderParams = Type.Object({ code: Code, userId: Id });
export const HolderQuery = Type.Object({ departmentId: Type.Optional(Id) }, { additionalProperties: false });
export const RoleBody = Type.Object({
  code: Code,
  name: Name,
  scoped: Type.Boolean({ default: false, description: 'held per department ("HR BP of Sales"), resolved for the initiator\'s department walking up the tree' }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
export const RolePatch = Type.Partial(Type.Omit(RoleBody, ['code']), { additionalProperties: false });
export const HolderBody = Type.Object({
  userId: Id,
  departmentId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'scoped roles: the department the person holds the role for' })),
}, { additionalProperties: false });

export type RoleInput = Static<typeof RoleBody>;
export type RoleChange = Static<typeof RolePatch>;
export type HolderInput = Static<typeof HolderBody>;

/** What the routes answer. */
const RoleFields = {
  code: Type.String(),
  name: Type.Object({ en: Type.String(), zh: Type.String() }, { additionalProperties: false }),
  scoped: Type.Boolean(),
  description: Type.String(),
};
export const Holder = Type.Object({ userId: Type.String(), name: Type.String(), departmentId: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });
export const RoleSummary = Type.Object({ ...RoleFields, holders: Type.Integer({ minimum: 0, description: 'how many hold it' }) }, { additionalProperties: false });
export const Role = Type.Object({ ...RoleFields, holders: Type.Array(Holder) }, { additionalProperties: false });
export const HolderAdded = Type.Object({ role: Type.String(), userId: Type.String(), departmentId: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });
