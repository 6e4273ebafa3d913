import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import bcrypt from 'bcryptjs';
import type { FilterQuery, Model } from 'mongoose';
import { InvalidInput, NotFound } from '../api/domain-error';
import { AuthService } from '../auth/auth.service';
import { isSuperAdmin, type Identity } from '../auth/identity';
import { AuditService } from '../audit/audit.service';
import { AlreadyExists, DepartmentInUse, MoreRightsThanYours, OutsideYourDepartments } from './org.errors';
import { DEPARTMENT, MAX_DEPTH, USER, type DepartmentRecord, type UserRecord } from './org.schema';
import type { DepartmentChange, DepartmentInput, UserChange, UserInput } from './org.dto';
import { isDuplicateKey } from '../database/errors';
import { passwordWeakness } from './password-policy';

const BCRYPT_ROUNDS = 10;

/**
 * Departments and people. Super admins change anything in their tenant;
 * department admins only inside the subtrees they administer.
 */
@Injectable()
export class OrgService {
  constructor(
    @InjectModel(DEPARTMENT) private readonly departments: Model<DepartmentRecord>,
    @InjectModel(USER) private readonly users: Model<UserRecord>,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  // ---- departments -------------------------------------------------------

  async listDepartments(actor: Identity) {
    const items = await this.departments.find({ tenantId: actor.tenantId }).sort({ level: 1, id: 1 }).lean();
    return { items: items.map(departmentView) };
  }

  async getDepartment(actor: Identity, id: string) {
    return departmentView(await this.findDepartment(actor.tenantId, id));
  }

  async createDepartment(actor: Identity, input: DepartmentInput) {
    const parent = input.parentId ? await this.findDepartment(actor.tenantId, input.parentId, '/body/parentId') : null;
    if (parent) this.mustAdminister(actor, parent, `department "${parent.id}"`);
    else if (!isSuperAdmin(actor)) throw new OutsideYourDepartments('a top-level department');
    if (parent && parent.level >= MAX_DEPTH) {
      throw new InvalidInput([{ pointer: '/body/parentId', message: `departments are at most ${MAX_DEPTH} levels deep; "${parent.id}" is at level ${parent.level}` }]);
    }
    if (input.headId) await this.findUser(actor.tenantId, input.headId, '/body/headId');
    const record = {
      tenantId: actor.tenantId, id: input.id, name: input.name, parentId: parent?.id ?? null,
      ancestors: parent ? [...parent.ancestors, parent.id] : [], level: (parent?.level ?? 0) + 1, headId: input.headId ?? null,
    };
    try {
      await this.departments.create(record);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExists('department', input.id);
      throw error;
    }
    await this.audit.record(actor, 'department.created', { type: 'department', id: input.id }, null, record);
    return this.getDepartment(actor, input.id);
  }

  async updateDepartment(actor: Identity, id: string, change: DepartmentChange) {
    const current = await this.findDepartment(actor.tenantId, id);
    this.mustAdminister(actor, current, `department "${id}"`);
    if (change.headId) await this.findUser(actor.tenantId, change.headId, '/body/headId');
    const set: Partial<DepartmentRecord> = {};
    if (change.name !== undefined) set.name = change.name;
    if (change.headId !== undefined) set.headId = change.headId;
    if (change.parentId !== undefined && change.parentId !== current.parentId) {
      await this.move(actor, current, change.parentId);
    }
    if (Object.keys(set).length > 0) await this.departments.updateOne({ tenantId: actor.tenantId, id }, { $set: set });
    const after = await this.getDepartment(actor, id);
    await this.audit.record(actor, 'department.updated', { type: 'department', id }, departmentView(current), after);
    return after;
  }

  async deleteDepartment(actor: Identity, id: string) {
    const current = await this.findDepartment(actor.tenantId, id);
    this.mustAdminister(actor, current, `department "${id}"`);
    if (await this.departments.exists({ tenantId: actor.tenantId, parentId: id })) throw new DepartmentInUse(id, 'it has sub-departments');
    if (await this.users.exists({ tenantId: actor.tenantId, departments: id, active: true })) throw new DepartmentInUse(id, 'it has members');
    await this.departments.deleteOne({ tenantId: actor.tenantId, id });
    await this.audit.record(actor, 'department.deleted', { type: 'department', id }, departmentView(current), null);
  }

  /** Re-parents a subtree, refusing cycles and a fifth level. */
  private async move(actor: Identity, department: DepartmentRecord, parentId: string | null): Promise<void> {
    const parent = parentId ? await this.findDepartment(actor.tenantId, parentId, '/body/parentId') : null;
    if (parent) this.mustAdminister(actor, parent, `department "${parent.id}"`);
    else if (!isSuperAdmin(actor)) throw new OutsideYourDepartments('a top-level department');
    if (parent && (parent.id === department.id || parent.ancestors.includes(department.id))) {
      throw new InvalidInput([{ pointer: '/body/parentId', message: `"${parent.id}" is inside "${department.id}"; a department cannot be its own ancestor` }]);
    }
    const subtree = await this.departments.find({ tenantId: actor.tenantId, ancestors: department.id }).lean();
    const newLevel = (parent?.level ?? 0) + 1;
    const deepest = Math.max(department.level, ...subtree.map((d) => d.level)) - department.level + newLevel;
    if (deepest > MAX_DEPTH) {
      throw new InvalidInput([{ pointer: '/body/parentId', message: `moving "${department.id}" there would make its subtree ${deepest} levels deep; the limit is ${MAX_DEPTH}` }]);
    }
    const ancestors = parent ? [...parent.ancestors, parent.id] : [];
    await this.departments.updateOne({ tenantId: actor.tenantId, id: department.id }, { $set: { parentId, ancestors, level: newLevel } });
    // no multi-document transactions here: each descendant is rewritten from its new parent path
    for (const d of subtree) {
      const below = d.ancestors.slice(d.ancestors.indexOf(department.id));
      await this.departments.updateOne({ tenantId: actor.tenantId, id: d.id }, { $set: { ancestors: [...ancestors, ...below], level: ancestors.length + below.length + 1 } });
    }
  }

  // ---- people ------------------------------------------------------------

  async listUsers(actor: Identity, filter: { department?: string; active?: boolean; limit: number; offset: number }) {
    const query: FilterQuery<UserRecord> = { tenantId: actor.tenantId };
    if (filter.department) query.departments = filter.department;
    if (filter.active !== undefined) query.active = filter.active;
    const [items, total] = await Promise.all([
      this.users.find(query).sort({ id: 1 }).skip(filter.offset).limit(filter.limit).lean(),
      this.users.countDocuments(query),
    ]);
    return { items: items.map(userView), total, limit: filter.limit, offset: filter.offset };
  }

  async getUser(actor: Identity, id: string) {
    return userView(await this.findUser(actor.tenantId, id));
  }

  async createUser(actor: Identity, input: UserInput) {
    await this.checkUserFields(actor, input, input.id);
    const record = {
      tenantId: actor.tenantId, id: input.id, email: input.email.toLowerCase(), name: input.name, phone: input.phone ?? null,
      passwordHash: input.password ? await bcrypt.hash(input.password, BCRYPT_ROUNDS) : null,
      departments: input.departments, managerId: input.managerId ?? null, roles: input.roles, adminOf: input.adminOf, active: true,
    };
    try {
      await this.users.create(record);
    } catch (error) {
      if (isDuplicateKey(error)) {
        const byEmail = await this.users.exists({ tenantId: actor.tenantId, email: record.email });
        throw byEmail ? new InvalidInput([{ pointer: '/body/email', message: 'is already used by another person' }]) : new AlreadyExists('user', input.id);
      }
      throw error;
    }
    const created = await this.getUser(actor, input.id);
    await this.audit.record(actor, 'user.created', { type: 'user', id: input.id }, null, created);
    return created;
  }

  async updateUser(actor: Identity, id: string, change: UserChange) {
    const current = await this.findUser(actor.tenantId, id);
    await this.mustAdministerUser(actor, current);
    await this.checkUserFields(actor, { email: current.email, name: current.name, ...change }, id);
    const { password, ...fields } = change;
    const set: Record<string, unknown> = { ...fields };
    if (fields.email) set.email = fields.email.toLowerCase();
    if (password) set.passwordHash = await bcrypt.hash(password, BCRYPT_ROUNDS);
    try {
      await this.users.updateOne({ tenantId: actor.tenantId, id }, { $set: set });
    } catch (error) {
      if (isDuplicateKey(error)) throw new InvalidInput([{ pointer: '/body/email', message: 'is already used by another person' }]);
      throw error;
    }
    // whoever held the old password (or a token from it) is signed out
    if (password) await this.auth.endSessionsOf(actor.tenantId, id);
    const after = await this.getUser(actor, id);
    await this.audit.record(actor, 'user.updated', { type: 'user', id }, userView(current), after);
    return after;
  }

  /** Sets (or, with no delegate, clears) my out-of-office delegation. */
  async setDelegation(actor: Identity, to: string | null, from?: Date, until?: Date) {
    if (actor.kind !== 'user') throw new InvalidInput([{ pointer: '/body', message: 'only people delegate, not API keys' }]);
    let delegation: UserRecord['delegation'] = null;
    if (to) {
      const problems: Array<{ pointer: string; message: string }> = [];
      const delegate = await this.users.findOne({ tenantId: actor.tenantId, id: to }).lean();
      if (!delegate) problems.push({ pointer: '/body/to', message: `unknown user "${to}"` });
      else if (!delegate.active) problems.push({ pointer: '/body/to', message: `"${to}" is deactivated` });
      else if (to === actor.userId) problems.push({ pointer: '/body/to', message: 'cannot delegate to yourself' });
      if (from && until && until <= from) problems.push({ pointer: '/body/until', message: 'must be after from' });
      if (problems.length > 0) throw new InvalidInput(problems);
      delegation = { to, from: from!, until: until! };
    }
    await this.users.updateOne({ tenantId: actor.tenantId, id: actor.userId }, { $set: { delegation } });
    await this.audit.record(actor, delegation ? 'user.delegated' : 'user.delegation-ended', { type: 'user', id: actor.userId }, null, delegation);
    return { delegation };
  }

  /** Departments, manager and admin scopes must exist and be the actor's to give. */
  private async checkUserFields(actor: Identity, input: Partial<UserInput>, id: string): Promise<void> {
    const problems: Array<{ pointer: string; message: string }> = [];
    const weakness = input.password ? passwordWeakness(input.password, [input.email ?? '', input.name ?? '', id]) : null;
    if (weakness) problems.push({ pointer: '/body/password', message: weakness });
    const departments = await this.departments.find({ tenantId: actor.tenantId, id: { $in: [...(input.departments ?? []), ...(input.adminOf ?? [])] } }).lean();
    const known = new Map(departments.map((d) => [d.id, d]));
    (input.departments ?? []).forEach((d, i) => { if (!known.has(d)) problems.push({ pointer: `/body/departments/${i}`, message: `unknown department "${d}"` }); });
    (input.adminOf ?? []).forEach((d, i) => { if (!known.has(d)) problems.push({ pointer: `/body/adminOf/${i}`, message: `unknown department "${d}"` }); });
    if (input.managerId) {
      if (input.managerId === id) problems.push({ pointer: '/body/managerId', message: 'a person cannot be their own manager' });
      else if (!(await this.users.exists({ tenantId: actor.tenantId, id: input.managerId }))) problems.push({ pointer: '/body/managerId', message: `unknown user "${input.managerId}"` });
      else if (await this.managesThroughChain(actor.tenantId, input.managerId, id)) problems.push({ pointer: '/body/managerId', message: `"${input.managerId}" already reports to "${id}"; managers cannot form a loop` });
    }
    if (problems.length > 0) throw new InvalidInput(problems);
    if (!isSuperAdmin(actor)) {
      if (input.roles?.includes('superAdmin')) throw new OutsideYourDepartments('granting super admin');
      for (const d of [...(input.departments ?? []), ...(input.adminOf ?? [])]) this.mustAdminister(actor, known.get(d)!, `department "${d}"`);
    }
  }

  private async managesThroughChain(tenantId: string, from: string, target: string): Promise<boolean> {
    let current: string | null = from;
    for (let hops = 0; current && hops < 50; hops++) {
      if (current === target) return true;
      const user: Pick<UserRecord, 'managerId'> | null = await this.users.findOne({ tenantId, id: current }).select({ managerId: 1 }).lean();
      current = user?.managerId ?? null;
    }
    return false;
  }

  // ---- shared ------------------------------------------------------------

  async findDepartment(tenantId: string, id: string, pointer?: string): Promise<DepartmentRecord> {
    const department = await this.departments.findOne({ tenantId, id }).lean();
    if (department) return department;
    if (pointer) throw new InvalidInput([{ pointer, message: `unknown department "${id}"` }]);
    throw new NotFound('department', id);
  }

  async findUser(tenantId: string, id: string, pointer?: string): Promise<UserRecord> {
    const user = await this.users.findOne({ tenantId, id }).lean();
    if (user) return user;
    if (pointer) throw new InvalidInput([{ pointer, message: `unknown user "${id}"` }]);
    throw new NotFound('user', id);
  }

  mustAdminister(actor: Identity, department: Pick<DepartmentRecord, 'id' | 'ancestors'>, what: string): void {
    if (!this.administers(actor, department)) throw new OutsideYourDepartments(what);
  }

  private administers(actor: Identity, department: Pick<DepartmentRecord, 'id' | 'ancestors'>): boolean {
    return administers(actor, department);
  }

  /**
   * A department admin manages people all of whose departments are in their
   * subtrees and who hold no right the admin lacks: no super admin, and no
   * one administering a department outside the admin's subtrees.
   */
  async mustAdministerUser(actor: Identity, user: UserRecord): Promise<void> {
    if (isSuperAdmin(actor)) return;
    if (user.roles.includes('superAdmin')) throw new MoreRightsThanYours(user.id, 'is a super admin');
    const departments = await this.departments.find({ tenantId: actor.tenantId, id: { $in: [...user.departments, ...user.adminOf] } }).lean();
    const known = new Map(departments.map((d) => [d.id, d]));
    if (user.departments.length === 0 || user.departments.some((d) => !known.has(d))) throw new OutsideYourDepartments(`user "${user.id}"`);
    for (const d of user.departments) this.mustAdminister(actor, known.get(d)!, `user "${user.id}"`);
    for (const d of user.adminOf) {
      if (!known.has(d) || !this.administers(actor, known.get(d)!)) throw new MoreRightsThanYours(user.id, `administers "${d}", outside your departments`);
    }
  }
}

/** A super admin administers every department; a department admin the subtrees they were given. */
export function administers(actor: Identity, department: Pick<DepartmentRecord, 'id' | 'ancestors'>): boolean {
  if (isSuperAdmin(actor)) return true;
  const scope = new Set(actor.adminOf);
  return scope.has(department.id) || department.ancestors.some((a) => scope.has(a));
}

export function departmentView(d: DepartmentRecord) {
  return { id: d.id, name: d.name, parentId: d.parentId, level: d.level, ancestors: d.ancestors, headId: d.headId };
}

export function userView(u: UserRecord) {
  return {
    id: u.id, email: u.email, name: u.name, phone: u.phone, departments: u.departments, managerId: u.managerId,
    roles: u.roles, adminOf: u.adminOf, active: u.active, deactivatedAt: u.deactivatedAt, delegation: u.delegation ?? null,
  };
}
