import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ACCESS_ROLES, chainOf, holdersFor, initiatorOf, type Directory } from '@baton/dsl';
import type { Model } from 'mongoose';
import { NotFound } from '../api/domain-error';
import { identityOf } from '../auth/auth.service';
import type { Identity } from '../auth/identity';
import { DEPARTMENT, USER, type DepartmentRecord, type UserRecord } from './org.schema';
import { BUSINESS_ROLE, ROLE_HOLDER, type BusinessRoleRecord, type RoleHolderRecord } from './role.schema';

export interface Resolved {
  /** user ids in order, without duplicates, active people only */
  users: string[];
  /** why someone asked for is not there, e.g. "alice has no level-3 manager" */
  missing: string[];
}

/**
 * Finds people along the organisation: managers by level, heads, role
 * holders, members. A level or head that does not exist is reported in
 * `missing`, so callers (approvals, routing) decide what that means.
 */
@Injectable()
export class PeopleService {
  constructor(
    @InjectModel(USER) private readonly users: Model<UserRecord>,
    @InjectModel(DEPARTMENT) private readonly departments: Model<DepartmentRecord>,
    @InjectModel(BUSINESS_ROLE) private readonly roles: Model<BusinessRoleRecord>,
    @InjectModel(ROLE_HOLDER) private readonly holdings: Model<RoleHolderRecord>,
  ) {}

  /** The manager at exactly `level` (1 = direct manager). */
  async managerAt(tenantId: string, userId: string, level: number): Promise<Resolved> {
    const chain = await this.managers(tenantId, userId, level);
    const at = chain.users[level - 1];
    return at ? { users: [at], missing: [] } : { users: [], missing: chain.missing.slice(0, 1) };
  }

  /** Every manager from level 1 up to `levels`, nearest first. */
  async managers(tenantId: string, userId: string, levels: number): Promise<Resolved> {
    let current = await this.user(tenantId, userId);
    const users: string[] = [];
    for (let level = 1; level <= levels; level++) {
      const manager = current.managerId ? await this.users.findOne({ tenantId, id: current.managerId }).lean() : null;
      if (!manager) return { users, missing: [`${userId} has no level-${level} manager`] };
      if (manager.active) users.push(manager.id);
      current = manager;
    }
    return { users: [...new Set(users)], missing: [] };
  }

  async headOf(tenantId: string, departmentId: string): Promise<Resolved> {
    const department = await this.departments.findOne({ tenantId, id: departmentId }).lean();
    if (!department) throw new NotFound('department', departmentId);
    const head = department.headId ? await this.users.findOne({ tenantId, id: department.headId, active: true }).lean() : null;
    return head ? { users: [head.id], missing: [] } : { users: [], missing: [`department ${departmentId} has no head`] };
  }

  /** Heads of each of the user's departments, in the user's order. */
  async headsOfUser(tenantId: string, userId: string): Promise<Resolved> {
    const user = await this.user(tenantId, userId);
    if (user.departments.length === 0) return { users: [], missing: [`${userId} is in no department`] };
    const results = await Promise.all(user.departments.map((d) => this.headOf(tenantId, d)));
    return { users: [...new Set(results.flatMap((r) => r.users))], missing: results.flatMap((r) => r.missing) };
  }

  /**
   * Active holders of a role: an access role by its name (member, deptAdmin,
   * superAdmin), else a business role by its code. A scoped business role is
   * resolved for `forUser`'s departments, walking up the tree; without
   * `forUser`, every holder answers.
   */
  /** A role's active holders; a role scoped by department, for the departments of `forUser` or for `forDepartment` (the nearest holder up each tree). */
  async holdersOf(tenantId: string, role: string, forUser?: string, forDepartment?: string): Promise<Resolved> {
    if ((ACCESS_ROLES as readonly string[]).includes(role)) return this.withRole(tenantId, role);
    const definition = await this.roles.findOne({ tenantId, code: role }).lean();
    if (!definition) return { users: [], missing: [`there is no role ${role}`] };
    const holdings = await this.holdings.find({ tenantId, role }).sort({ createdAt: 1, userId: 1 }).lean();
    let chains: string[][] = [];
    const scope = forDepartment ? [forDepartment] : forUser ? (await this.users.findOne({ tenantId, id: forUser }).select({ departments: 1 }).lean())?.departments ?? [] : null;
    if (definition.scoped && scope) {
      const departments = await this.departments.find({ tenantId, id: { $in: scope } }).select({ id: 1, ancestors: 1 }).lean();
      chains = scope.map((d) => departments.find((x) => x.id === d)).filter((d) => d !== undefined).map(chainOf);
    }
    const candidates = definition.scoped && scope ? holdersFor(definition, holdings, chains) : holdersFor({ scoped: false }, holdings, []);
    const active = new Set(await this.activeOf(tenantId, candidates));
    const users = candidates.filter((u) => active.has(u));
    return users.length > 0 ? { users, missing: [] } : { users: [], missing: [`nobody has the role ${role}`] };
  }

  private async activeOf(tenantId: string, ids: string[]): Promise<string[]> {
    return ids.length === 0 ? [] : (await this.users.find({ tenantId, id: { $in: ids }, active: true }).select({ id: 1 }).lean()).map((u) => u.id);
  }

  async withRole(tenantId: string, role: string): Promise<Resolved> {
    const holders = role === 'deptAdmin'
      ? await this.users.find({ tenantId, active: true, 'adminOf.0': { $exists: true } }).sort({ id: 1 }).lean()
      : await this.users.find({ tenantId, active: true, roles: role }).sort({ id: 1 }).lean();
    return holders.length > 0 ? { users: holders.map((u) => u.id), missing: [] } : { users: [], missing: [`nobody has the role ${role}`] };
  }

  async members(tenantId: string, departmentId: string, subtree: boolean): Promise<Resolved> {
    const ids = [departmentId];
    if (subtree) ids.push(...(await this.departments.find({ tenantId, ancestors: departmentId }).lean()).map((d) => d.id));
    const members = await this.users.find({ tenantId, active: true, departments: { $in: ids } }).sort({ id: 1 }).lean();
    return members.length > 0 ? { users: members.map((u) => u.id), missing: [] } : { users: [], missing: [`department ${departmentId} has no members`] };
  }

  /**
   * The organisation around an initiator, as approvals need it: their
   * managers (4 levels), their departments, the heads of those and of the
   * named departments, and the holders of the named roles.
   */
  async directory(tenantId: string, userId: string, needs: { roles: string[]; departments: string[] }): Promise<Directory> {
    const user = await this.users.findOne({ tenantId, id: userId }).lean();
    const managers: Array<string | null> = [];
    let current = user;
    for (let level = 1; level <= 4; level++) {
      current = current?.managerId ? await this.users.findOne({ tenantId, id: current.managerId }).lean() : null;
      managers.push(current?.active ? current.id : null);
    }
    const departmentIds = [...new Set([...(user?.departments ?? []), ...needs.departments])];
    const departments = await this.departments.find({ tenantId, id: { $in: departmentIds } }).lean();
    const headIds = departments.map((d) => d.headId).filter((h): h is string => Boolean(h));
    const activeHeads = new Set((await this.users.find({ tenantId, id: { $in: headIds }, active: true }).lean()).map((u) => u.id));
    const heads = Object.fromEntries(departmentIds.map((id) => {
      const head = departments.find((d) => d.id === id)?.headId ?? null;
      return [id, head && activeHeads.has(head) ? head : null];
    }));
    return { managers, departments: user?.departments ?? [], heads, roles: await this.roleHolders(tenantId, needs.roles, userId) };
  }

  /** The holders of each role for an initiator, as the directory holds them. */
  async roleHolders(tenantId: string, roles: readonly string[], userId: string): Promise<Record<string, string[]>> {
    return Object.fromEntries(await Promise.all(roles.map(async (role) => [role, (await this.holdersOf(tenantId, role, userId)).users] as const)));
  }

  /**
   * A person as the initiator of a request: what conditions read of them and
   * the directory their approvals resolve against — what start() would use
   * if they submitted now.
   */
  async initiator(tenantId: string, userId: string, needs: { roles: string[]; departments: string[] }) {
    const user = await this.user(tenantId, userId);
    const directory = await this.directory(tenantId, userId, needs);
    return { initiator: initiatorOf({ id: user.id, name: user.name, roles: identityOf(user, null).roles }, directory), directory };
  }

  /**
   * What a department admin's subtrees hold: their departments, and the people
   * they may act on (see OrgService.mustAdministerUser). A super admin's
   * scope is the whole tenant and is not listed.
   */
  async administeredBy(actor: Identity): Promise<{ departments: string[]; people: string[] }> {
    const departments = await this.departments.find({ tenantId: actor.tenantId, $or: [{ id: { $in: actor.adminOf } }, { ancestors: { $in: actor.adminOf } }] }).select({ id: 1 }).lean();
    const scope = new Set(departments.map((d) => d.id));
    const candidates = await this.users.find({ tenantId: actor.tenantId, departments: { $in: [...scope] } }).select({ id: 1, departments: 1, roles: 1, adminOf: 1 }).lean();
    return { departments: [...scope], people: candidates.filter((u) => holdsNoMoreRights(scope, u)).map((u) => u.id) };
  }

  /**
   * Everyone with a department in the subtrees a department admin administers
   * (whatever their rights): whose records, such as customers, the admin
   * oversees. Empty for someone who administers nothing.
   */
  async inSubtreesOf(actor: Identity): Promise<string[]> {
    if (actor.adminOf.length === 0) return [];
    const departments = await this.departments.find({ tenantId: actor.tenantId, $or: [{ id: { $in: actor.adminOf } }, { ancestors: { $in: actor.adminOf } }] }).select({ id: 1 }).lean();
    return this.users.distinct('id', { tenantId: actor.tenantId, departments: { $in: departments.map((d) => d.id) } });
  }

  private async user(tenantId: string, id: string): Promise<UserRecord> {
    const user = await this.users.findOne({ tenantId, id }).lean();
    if (!user) throw new NotFound('user', id);
    return user;
  }
}

/** Someone administering the departments in `scope` may act on this person: all their departments inside, no rights beyond. */
export function holdsNoMoreRights(scope: Set<string>, user: Pick<UserRecord, 'departments' | 'roles' | 'adminOf'>): boolean {
  return user.departments.length > 0 && !user.roles.includes('superAdmin')
    && user.departments.every((d) => scope.has(d)) && user.adminOf.every((d) => scope.has(d));
}
