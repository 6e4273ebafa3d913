import { Schema } from 'mongoose';

/**
 * A business role of a tenant (finance, HR BP, legal, seal keeper): whom
 * workflows ask, not what someone may do in Baton (that is the access role
 * on the user: member, department admin, super admin).
 */
export interface BusinessRoleRecord {
  tenantId: string;
  code: string;
  name: { en: string; zh: string };
  /** held per department ("HR BP of Sales"); resolved for the initiator's department, walking up the tree */
  scoped: boolean;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

export const BusinessRoleSchema = new Schema<BusinessRoleRecord>(
  {
    tenantId: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: Schema.Types.Mixed, required: true },
    scoped: { type: Boolean, default: false },
    description: { type: String, default: '' },
  },
  { collection: 'business_roles', timestamps: true, versionKey: false, minimize: false },
);
BusinessRoleSchema.index({ tenantId: 1, code: 1 }, { unique: true });

/** One person holding one role (for one department when the role is scoped). */
export interface RoleHolderRecord {
  /** tenant.role.user.department: one holding is one document, whoever writes it twice */
  _id: string;
  tenantId: string;
  role: string;
  userId: string;
  departmentId: string | null;
  createdAt: Date;
}

export const RoleHolderSchema = new Schema<RoleHolderRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    role: { type: String, required: true },
    userId: { type: String, required: true },
    departmentId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'role_holders', versionKey: false },
);
RoleHolderSchema.index({ tenantId: 1, role: 1 });
RoleHolderSchema.index({ tenantId: 1, userId: 1 });

export const holdingId = (tenantId: string, role: string, userId: string, departmentId: string | null) =>
  JSON.stringify([tenantId, role, userId, departmentId]);

export const BUSINESS_ROLE = 'BusinessRole';
export const ROLE_HOLDER = 'RoleHolder';
