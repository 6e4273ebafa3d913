import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ACCESS_ROLES, unknownRoleProblems, type Problem } from '@baton/dsl';
import type { Model } from 'mongoose';
import { DomainError, InvalidInput, NotFound } from '../api/domain-error';
import { AuditService } from '../audit/audit.service';
import { isSuperAdmin, type Identity } from '../auth/identity';
import { CLOCK, type Clock } from '../clock/clock';
import { isDuplicateKey } from '../database/errors';
import { DefinitionsService } from '../definitions/definitions.service';
import { AlreadyExists, OutsideYourDepartments } from './org.errors';
import { DEPARTMENT, USER, type DepartmentRecord, type UserRecord } from './org.schema';
import { administers } from './org.service';
import { BUSINESS_ROLE, holdingId, ROLE_HOLDER, type BusinessRoleRecord, type RoleHolderRecord } from './role.schema';
import type { HolderInput, RoleChange, RoleInput } from './roles.dto';

/** A holding as asked for, before it is checked. */
export interface HoldingRequest {
  role: string;
  userId: string;
  departmentId: string | null;
}

/** What is wrong with one requested holding, by the field it concerns. */
export type HoldingProblem = { field: 'role' | 'userId' | 'departmentId'; message: string };

/**
 * Business roles and who holds them. Super admins define roles and name
 * holders; department admins name holders of department-scoped roles for
 * departments inside the subtrees they administer.
 */
@Injectable()
export class RolesService implements OnModuleInit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(BUSINESS_ROLE) private readonly roles: Model<BusinessRoleRecord>,
    @InjectModel(ROLE_HOLDER) private readonly holdings: Model<RoleHolderRecord>,
    @InjectModel(USER) private readonly users: Model<UserRecord>,
    @InjectModel(DEPARTMENT) private readonly departments: Model<DepartmentRecord>,
    private readonly audit: AuditService,
    private readonly definitions: DefinitionsService,
  ) {}

  onModuleInit(): void {
    // a definition may only name roles the tenant defines
    this.definitions.addPublishCheck(async (tenantId, definition) => this.unknownRoles(tenantId, definition));
  }

  async unknownRoles(tenantId: string, definition: unknown): Promise<Problem[]> {
    const codes = (await this.roles.find({ tenantId }).select({ code: 1 }).lean()).map((r) => r.code);
    return unknownRoleProblems(definition, codes);
  }

  async list(actor: Identity) {
    const [roles, counts] = await Promise.all([
      this.roles.find({ tenantId: actor.tenantId }).sort({ code: 1 }).lean(),
      this.holdings.aggregate<{ _id: string; n: number }>([{ $match: { tenantId: actor.tenantId } }, { $group: { _id: '$role', n: { $sum: 1 } } }]),
    ]);
    const held = new Map(counts.map((c) => [c._id, c.n]));
    return { items: roles.map((r) => ({ ...roleView(r), holders: held.get(r.code) ?? 0 })) };
  }

  async get(actor: Identity, code: string) {
    const role = await this.find(actor.tenantId, code);
    return { ...roleView(role), holders: await this.holdersOf(actor.tenantId, code) };
  }

  async create(actor: Identity, input: RoleInput) {
    if ((ACCESS_ROLES as readonly string[]).includes(input.code)) {
      throw new InvalidInput([{ pointer: '/body/code', message: `"${input.code}" is an access role; business roles need another code` }]);
    }
    const record = { tenantId: actor.tenantId, code: input.code, name: input.name, scoped: input.scoped, description: input.description ?? '' };
    try {
      await this.roles.create(record);
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExists('role', input.code);
      throw error;
    }
    await this.audit.record(actor, 'role.created', { type: 'role', id: input.code }, null, record);
    return this.get(actor, input.code);
  }

  async update(actor: Identity, code: string, change: RoleChange) {
    const current = await this.find(actor.tenantId, code);
    if (change.scoped !== undefined && change.scoped !== current.scoped && await this.holdings.exists({ tenantId: actor.tenantId, role: code })) {
      throw new DomainError('conflict', `role "${code}" has holders; remove them before changing whether it is held per department`,
        [{ pointer: '/body/scoped', message: 'cannot change while the role has holders' }]);
    }
    await this.roles.updateOne({ tenantId: actor.tenantId, code }, { $set: change });
    const after = await this.get(actor, code);
    await this.audit.record(actor, 'role.updated', { type: 'role', id: code }, roleView(current), roleView({ ...current, ...change }));
    return after;
  }

  async remove(actor: Identity, code: string) {
    const current = await this.find(actor.tenantId, code);
    if (await this.holdings.exists({ tenantId: actor.tenantId, role: code })) throw new DomainError('conflict', `role "${code}" cannot be deleted: it has holders`);
    await this.roles.deleteOne({ tenantId: actor.tenantId, code });
    await this.audit.record(actor, 'role.deleted', { type: 'role', id: code }, roleView(current), null);
  }

  async holdersOf(tenantId: string, code: string) {
    const holdings = await this.holdings.find({ tenantId, role: code }).sort({ departmentId: 1, userId: 1 }).lean();
    const people = await this.users.find({ tenantId, id: { $in: holdings.map((h) => h.userId) } }).select({ id: 1, name: 1, active: 1 }).lean();
    const byId = new Map(people.map((p) => [p.id, p]));
    return holdings.map((h) => ({ userId: h.userId, name: byId.get(h.userId)?.name ?? h.userId, departmentId: h.departmentId }));
  }

  /** Names a holder; holding a role twice is a conflict. New tasks reach them; tasks already open stay where they are. */
  async addHolder(actor: Identity, code: string, input: HolderInput) {
    await this.find(actor.tenantId, code);
    const request = { role: code, userId: input.userId, departmentId: input.departmentId ?? null };
    const [problems] = await this.check(actor, [request]);
    if (problems!.length > 0) throw new InvalidInput(problems!.map((p) => ({ pointer: `/body/${p.field}`, message: p.message })));
    try {
      await this.holdings.create({ _id: holdingId(actor.tenantId, code, request.userId, request.departmentId), tenantId: actor.tenantId, ...request, createdAt: this.clock.now() });
    } catch (error) {
      if (isDuplicateKey(error)) throw new DomainError('conflict', `"${input.userId}" already holds "${code}"${request.departmentId ? ` for ${request.departmentId}` : ''}`);
      throw error;
    }
    await this.audit.record(actor, 'role.holder-added', { type: 'role', id: code }, null, request);
    return { role: code, userId: request.userId, departmentId: request.departmentId };
  }

  async removeHolder(actor: Identity, code: string, userId: string, departmentId: string | null) {
    await this.find(actor.tenantId, code);
    await this.mayName(actor, departmentId, '/query/departmentId');
    const removed = await this.holdings.deleteOne({ _id: holdingId(actor.tenantId, code, userId, departmentId), tenantId: actor.tenantId });
    if (removed.deletedCount === 0) throw new NotFound('holding', `${code}/${userId}${departmentId ? `/${departmentId}` : ''}`);
    await this.audit.record(actor, 'role.holder-removed', { type: 'role', id: code }, { role: code, userId, departmentId }, null);
  }

  /** Offboarding: the person holds no role any more; one audit entry lists what they held. */
  async removeHoldingsOf(actor: Identity, userId: string): Promise<Array<{ role: string; departmentId: string | null }>> {
    const held = await this.holdings.find({ tenantId: actor.tenantId, userId }).lean();
    if (held.length === 0) return [];
    await this.holdings.deleteMany({ tenantId: actor.tenantId, userId });
    const roles = held.map((h) => ({ role: h.role, departmentId: h.departmentId }));
    await this.audit.record(actor, 'user.roles-removed', { type: 'user', id: userId }, { roles }, { roles: [] });
    return roles;
  }

  /** Inserts checked holdings, all or none (without transactions: what got in is taken out on a failure). */
  async insertHoldings(actor: Identity, requests: HoldingRequest[]): Promise<void> {
    const now = this.clock.now();
    const docs = requests.map((r) => ({ _id: holdingId(actor.tenantId, r.role, r.userId, r.departmentId), tenantId: actor.tenantId, ...r, createdAt: now }));
    try {
      await this.holdings.insertMany(docs, { ordered: true });
    } catch (error) {
      const inserted = ((error as { insertedDocs?: Array<{ _id: string }> }).insertedDocs ?? []).map((d) => d._id);
      if (inserted.length > 0) await this.holdings.deleteMany({ _id: { $in: inserted } });
      throw error;
    }
    await this.audit.record(actor, 'role.holders-imported', { type: 'role', id: '*' }, null, { count: docs.length });
  }

  /**
   * The problems of each requested holding, in order: the role, the person
   * and the department must exist; a scoped role needs a department and an
   * unscoped one takes none; a department admin names holders only inside
   * their subtrees; nobody holds the same thing twice.
   */
  async check(actor: Identity, requests: HoldingRequest[]): Promise<HoldingProblem[][]> {
    const tenantId = actor.tenantId;
    const [roles, users, departments, existing] = await Promise.all([
      this.roles.find({ tenantId, code: { $in: [...new Set(requests.map((r) => r.role))] } }).lean(),
      this.users.find({ tenantId, id: { $in: [...new Set(requests.map((r) => r.userId))] } }).select({ id: 1, active: 1 }).lean(),
      this.departments.find({ tenantId, id: { $in: [...new Set(requests.map((r) => r.departmentId).filter((d): d is string => d !== null))] } }).lean(),
      this.holdings.find({ _id: { $in: requests.map((r) => holdingId(tenantId, r.role, r.userId, r.departmentId)) } }).select({ _id: 1 }).lean(),
    ]);
    const role = new Map(roles.map((r) => [r.code, r]));
    const user = new Map(users.map((u) => [u.id, u]));
    const department = new Map(departments.map((d) => [d.id, d]));
    const taken = new Set(existing.map((h) => h._id));
    const seen = new Set<string>();
    return requests.map((r) => {
      const problems: HoldingProblem[] = [];
      const found = role.get(r.role);
      if (!found) problems.push({ field: 'role', message: `unknown role "${r.role}"` });
      const person = user.get(r.userId);
      if (!person) problems.push({ field: 'userId', message: `unknown user "${r.userId}"` });
      else if (!person.active) problems.push({ field: 'userId', message: `"${r.userId}" is deactivated` });
      const where = r.departmentId ? department.get(r.departmentId) : null;
      if (r.departmentId && !where) problems.push({ field: 'departmentId', message: `unknown department "${r.departmentId}"` });
      if (found?.scoped && !r.departmentId) problems.push({ field: 'departmentId', message: `role "${r.role}" is held per department; name the department` });
      if (found && !found.scoped && r.departmentId) problems.push({ field: 'departmentId', message: `role "${r.role}" is not held per department; leave the department empty` });
      if (!isSuperAdmin(actor) && (!where || !administers(actor, where))) {
        problems.push({ field: 'departmentId', message: r.departmentId ? `department "${r.departmentId}" is outside the departments you administer` : 'only a super admin names holders of a role for the whole organisation' });
      }
      const id = holdingId(tenantId, r.role, r.userId, r.departmentId);
      if (taken.has(id) || seen.has(id)) problems.push({ field: 'userId', message: `"${r.userId}" already holds "${r.role}"${r.departmentId ? ` for ${r.departmentId}` : ''}` });
      seen.add(id);
      return problems;
    });
  }

  private async mayName(actor: Identity, departmentId: string | null, pointer: string): Promise<void> {
    if (isSuperAdmin(actor)) return;
    const where = departmentId ? await this.departments.findOne({ tenantId: actor.tenantId, id: departmentId }).lean() : null;
    if (!departmentId) throw new OutsideYourDepartments('a role held for the whole organisation');
    if (!where) throw new InvalidInput([{ pointer, message: `unknown department "${departmentId}"` }]);
    if (!administers(actor, where)) throw new OutsideYourDepartments(`department "${departmentId}"`);
  }

  private async find(tenantId: string, code: string): Promise<BusinessRoleRecord> {
    const role = await this.roles.findOne({ tenantId, code }).lean();
    if (!role) throw new NotFound('role', code);
    return role;
  }
}

function roleView(r: Pick<BusinessRoleRecord, 'code' | 'name' | 'scoped' | 'description'>) {
  return { code: r.code, name: r.name, scoped: r.scoped, description: r.description };
}
