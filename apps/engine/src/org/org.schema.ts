import { Schema } from 'mongoose';

export const MAX_DEPTH = 4;

/** A department, 1..4 levels deep; `ancestors` lists its parents from the top. */
export interface DepartmentRecord {
  tenantId: string;
  id: string;
  name: string;
  parentId: string | null;
  ancestors: string[];
  level: number;
  headId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const DepartmentSchema = new Schema<DepartmentRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    name: { type: String, required: true },
    parentId: { type: String, default: null },
    ancestors: { type: [String], default: [] },
    level: { type: Number, required: true },
    headId: { type: String, default: null },
  },
  { collection: 'departments', timestamps: true, versionKey: false },
);
DepartmentSchema.index({ tenantId: 1, id: 1 }, { unique: true });
DepartmentSchema.index({ tenantId: 1, ancestors: 1 });

export type UserRole = 'member' | 'superAdmin';

/** A person of the organisation. `adminOf` makes them department admin of those subtrees. */
export interface UserRecord {
  tenantId: string;
  id: string;
  email: string;
  name: string;
  phone: string | null;
  passwordHash: string | null;
  departments: string[];
  managerId: string | null;
  roles: UserRole[];
  adminOf: string[];
  active: boolean;
  deactivatedAt: Date | null;
  /** out of office: tasks opened for this person between from and until go to `to` */
  delegation: { to: string; from: Date; until: Date } | null;
  /** raised when a password changes or the person leaves: access tokens of an older version stop working */
  sessionVersion?: number;
  createdAt: Date;
  updatedAt: Date;
}

export const UserSchema = new Schema<UserRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    email: { type: String, required: true },
    name: { type: String, required: true },
    phone: { type: String, default: null },
    passwordHash: { type: String, default: null },
    departments: { type: [String], default: [] },
    managerId: { type: String, default: null },
    roles: { type: [String], default: ['member'] },
    adminOf: { type: [String], default: [] },
    active: { type: Boolean, default: true },
    deactivatedAt: { type: Date, default: null },
    delegation: { type: Schema.Types.Mixed, default: null },
    sessionVersion: { type: Number, default: 0 },
  },
  { collection: 'users', timestamps: true, versionKey: false },
);
UserSchema.index({ tenantId: 1, id: 1 }, { unique: true });
UserSchema.index({ tenantId: 1, email: 1 }, { unique: true });
UserSchema.index({ tenantId: 1, departments: 1 });
UserSchema.index({ tenantId: 1, managerId: 1 });

export const DEPARTMENT = 'Department';
export const USER = 'User';
