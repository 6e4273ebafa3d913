import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { GroupRead } from '../database/group-read';
import { DEPARTMENT, USER, type DepartmentRecord, type UserRecord } from './org.schema';

/** A person as other domains read them: never their password hash. */
export type User = Omit<UserRecord, 'passwordHash'>;

const NO_SECRET = { passwordHash: 0 } as const;
/** How long a read of people waits for others to join it. */
const GATHER_MS = 5;

/** The queries other domains make of people and departments (org's own services keep their models). */
@Injectable()
export class PeopleRepository {
  constructor(
    @InjectModel(USER) private readonly users: Model<UserRecord>,
    @InjectModel(DEPARTMENT) private readonly departments: Model<DepartmentRecord>,
  ) {
    this.byId = new GroupRead((tenantId, ids) => this.many(tenantId, ids), (user) => user.id);
    this.batched = new GroupRead((tenantId, ids) => this.many(tenantId, ids), (user) => user.id, GATHER_MS);
  }

  /** A person by id, read with the others asked for in the same turn (the sign-ins of concurrent requests). */
  private readonly byId: GroupRead<User>;

  /** Reads of people by the effects of many events at once: one query per tenant for all (nothing is cached between reads). */
  private readonly batched: GroupRead<User>;

  /** The active account an e-mail signs in to, with its password hash. */
  signInCandidate(tenantId: string, email: string): Promise<UserRecord | null> {
    return this.users.findOne({ tenantId, email: email.toLowerCase(), active: true }).lean();
  }

  async find(tenantId: string, id: string, { activeOnly = false } = {}): Promise<User | null> {
    const user = await this.byId.read(tenantId, id);
    return user && (user.active || !activeOnly) ? user : null;
  }

  many(tenantId: string, ids: string[]): Promise<User[]> {
    return this.users.find({ tenantId, id: { $in: ids } }).select(NO_SECRET).lean();
  }

  /** Like many(), read together with the other such reads of the same moment (the consumers of concurrent events). */
  gathered(tenantId: string, ids: readonly string[]): Promise<User[]> {
    return this.batched.readMany(tenantId, ids);
  }

  /** Which of `ids` are active people of the tenant. */
  async activeIds(tenantId: string, ids: string[]): Promise<string[]> {
    return (await this.users.find({ tenantId, id: { $in: ids }, active: true }).select({ id: 1 }).lean()).map((u) => u.id);
  }

  /** Everyone (active or not) in any of these departments. */
  idsInDepartments(tenantId: string, departmentIds: string[]): Promise<string[]> {
    return this.users.distinct('id', { tenantId, departments: { $in: departmentIds } });
  }

  /** Every token issued before this stops working (see AuthService.identify). */
  async endSessions(tenantId: string, id: string): Promise<void> {
    await this.users.updateOne({ tenantId, id }, { $inc: { sessionVersion: 1 } });
  }

  /** Every department of the tenant, by id, with its name. */
  allDepartments(tenantId: string): Promise<Array<Pick<DepartmentRecord, 'id' | 'name'>>> {
    return this.departments.find({ tenantId }).sort({ id: 1 }).select({ id: 1, name: 1 }).lean();
  }

  department(tenantId: string, id: string): Promise<Pick<DepartmentRecord, 'id' | 'ancestors'> | null> {
    return this.departments.findOne({ tenantId, id }).select({ id: 1, ancestors: 1 }).lean();
  }

  /** The departments and every department below them. */
  async subtreeOf(tenantId: string, departmentIds: string[]): Promise<string[]> {
    return (await this.departments.find({ tenantId, $or: [{ id: { $in: departmentIds } }, { ancestors: { $in: departmentIds } }] }).select({ id: 1 }).lean()).map((d) => d.id);
  }

  /** A person's departments and all their ancestors. */
  async departmentsAbove(tenantId: string, userId: string, known?: Pick<User, 'departments'> | null): Promise<string[]> {
    const user = known !== undefined ? known : await this.users.findOne({ tenantId, id: userId }).select({ departments: 1 }).lean();
    if (!user?.departments.length) return [];
    const departments = await this.departments.find({ tenantId, id: { $in: user.departments } }).select({ id: 1, ancestors: 1 }).lean();
    return [...new Set(departments.flatMap((d) => [...d.ancestors, d.id]))];
  }

  /**
   * People lookups shared by the consumers of one event (`shared` is the
   * event's, see EffectHandlers): each person is read once, whoever asks first.
   */
  lookup(tenantId: string, shared?: <T>(key: string, load: () => Promise<T>) => Promise<T>, named: readonly string[] = []): Promise<PeopleLookup> {
    const make = async () => new PeopleLookup(this, tenantId, named);
    // the lookup itself is what the event shares: one per event, whoever asks first
    return shared ? shared('people', make) : make();
  }
}

/** People of one tenant read once each, for the consumers of one event. */
export class PeopleLookup {
  private readonly known = new Map<string, User | null>();

  /** `named`: everyone the event names, read with the first question so later ones need no query. */
  constructor(private readonly people: PeopleRepository, private readonly tenantId: string, private named: readonly string[] = []) {}

  /** The people of `ids` who exist; only those not read before are fetched, in one query. */
  async many(ids: readonly string[]): Promise<User[]> {
    const missing = [...new Set([...ids, ...this.named])].filter((id) => !this.known.has(id));
    this.named = [];
    if (missing.length > 0) {
      const found = await this.people.gathered(this.tenantId, missing);
      for (const id of missing) this.known.set(id, found.find((u) => u.id === id) ?? null);
    }
    return ids.map((id) => this.known.get(id)).filter((u): u is User => Boolean(u));
  }

  /** A person's departments and their ancestors, from the person read here. */
  async departmentsAbove(id: string): Promise<string[]> {
    const [user] = await this.many([id]);
    return this.people.departmentsAbove(this.tenantId, id, user ?? null);
  }
}
