import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { JwtService } from '@nestjs/jwt';
import { InjectModel } from '@nestjs/mongoose';
import bcrypt from 'bcryptjs';
import IORedis from 'ioredis';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Model } from 'mongoose';
import { DomainError, NotFound, RateLimited } from '../api/domain-error';
import { CONFIG, type Config } from '../config/config';
import { REDIS } from '../database/redis.module';
import { ACCOUNTS, type Account, type Accounts } from './accounts.ports';
import { AUDIT_TRAIL, type AuditTrail } from './audit-trail.ports';
import { API_KEY, REFRESH_TOKEN, type ApiKeyRecord, type RefreshTokenRecord } from './credential.schema';
import type { AccessClaims, Identity, Role } from './identity';

const ACCESS_TTL_SECONDS = 15 * 60;
const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;
/** failures of one account from one address before each further one makes that pair wait */
const FAILURES_PER_ACCOUNT = 5;
/** failures from one address, over all accounts, before that address waits */
const FAILURES_PER_ADDRESS = 30;
const FAILURE_WINDOW_SECONDS = 15 * 60;
const FIRST_WAIT_SECONDS = 15;
// compared against when the account does not exist, so both paths take as long
const DUMMY_HASH = bcrypt.hashSync('not-a-password', 10);

export class InvalidCredentials extends DomainError {
  constructor() {
    super('unauthenticated', 'the tenant, email or password is wrong');
  }
}

export class TooManyAttempts extends RateLimited {
  constructor(retryAfterSeconds: number) {
    super(`too many failed sign-ins; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Sign-in, refresh tokens and API keys. Secrets are returned once, stored as
 * hashes and never logged.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly jwt: JwtService,
    @Inject(ACCOUNTS) private readonly users: Accounts,
    @InjectModel(REFRESH_TOKEN) private readonly refreshTokens: Model<RefreshTokenRecord>,
    @InjectModel(API_KEY) private readonly apiKeys: Model<ApiKeyRecord>,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(REDIS) private readonly redis: IORedis,
  ) {}

  /**
   * Failed sign-ins are counted per account AND address, so guessing from one
   * place never locks the person out where they sign in; and per address
   * across accounts, against spraying. Past a few failures each further one
   * doubles the wait of that pair (or address) only.
   */
  async login(tenantId: string, email: string, password: string, ip: string | null) {
    const address = ip ?? 'unknown';
    const throttles = [
      { key: `${this.config.QUEUE_PREFIX}:signin:pair:${tenantId}:${email.toLowerCase()}:${address}`, free: FAILURES_PER_ACCOUNT },
      { key: `${this.config.QUEUE_PREFIX}:signin:ip:${address}`, free: FAILURES_PER_ADDRESS },
    ];
    await this.refuseWhileWaiting(throttles);
    const user = await this.users.signInCandidate(tenantId, email);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !user.passwordHash || !ok) {
      await this.countFailure(throttles);
      await this.audit.record({ tenantId, id: email.toLowerCase(), kind: 'user', ip }, 'signin.failed', { type: 'user', id: user?.id ?? email.toLowerCase() }, null, null);
      throw new InvalidCredentials();
    }
    await this.redis.del(throttles[0]!.key, `${throttles[0]!.key}:wait`);
    await this.audit.record({ tenantId, id: user.id, kind: 'user', ip }, 'signin.succeeded', { type: 'user', id: user.id }, null, null);
    return this.issue(user);
  }

  /** Exchanges a refresh token for new tokens; the old one is revoked (rotation). */
  async refresh(token: string) {
    const record = await this.findRefreshToken(token);
    const revoked = await this.refreshTokens.updateOne({ tenantId: record.tenantId, id: record.id, revokedAt: null }, { $set: { revokedAt: this.clock.now() } });
    if (revoked.modifiedCount !== 1) throw new DomainError('unauthenticated', 'the refresh token was already used or revoked');
    const user = await this.users.find(record.tenantId, record.userId, { activeOnly: true });
    if (!user) throw new DomainError('unauthenticated', 'the account is no longer active');
    return this.issue(user);
  }

  async logout(token: string): Promise<void> {
    const record = await this.findRefreshToken(token).catch(() => null);
    if (record) await this.refreshTokens.updateOne({ tenantId: record.tenantId, id: record.id }, { $set: { revokedAt: this.clock.now() } });
  }

  /** Who a bearer credential (access token or API key) belongs to. */
  async identify(credential: string, ip: string | null): Promise<Identity> {
    if (credential.startsWith('bk_')) return this.identifyKey(credential, ip);
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & object>(credential, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('unauthenticated', 'the access token is invalid or expired');
    }
    const user = typeof claims.sub === 'string' && typeof claims.tid === 'string'
      ? await this.users.find(claims.tid, claims.sub)
      : null;
    if (!user || !user.active) throw new DomainError('unauthenticated', 'the account does not exist or is deactivated');
    if ((claims.sv ?? 0) !== (user.sessionVersion ?? 0)) throw new DomainError('unauthenticated', 'the session ended (password changed); sign in again');
    return identityOf(user, ip);
  }

  /** The identity of an active user of the tenant, for a system acting on someone's behalf; null when there is none. */
  async identityOfUser(tenantId: string, userId: string, ip: string | null): Promise<Identity | null> {
    const user = await this.users.find(tenantId, userId, { activeOnly: true });
    return user ? identityOf(user, ip) : null;
  }

  async createKey(actor: Identity, name: string, role: 'member' | 'superAdmin') {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    await this.apiKeys.create({ tenantId: actor.tenantId, id, name, role, secretHash: sha256(secret), createdBy: actor.userId, createdAt: this.clock.now(), revokedAt: null });
    await this.audit.record(actor, 'apikey.created', { type: 'apikey', id }, null, { name, role });
    return { id, name, role, key: `bk_${id}.${secret}`, note: 'store the key now: it is not shown again' };
  }

  async listKeys(actor: Identity) {
    const items = await this.apiKeys.find({ tenantId: actor.tenantId }).select({ secretHash: 0 }).sort({ createdAt: -1 }).lean();
    return { items: items.map((k) => ({ id: k.id, name: k.name, role: k.role, createdBy: k.createdBy, createdAt: k.createdAt, revokedAt: k.revokedAt })) };
  }

  async revokeKey(actor: Identity, id: string): Promise<void> {
    const result = await this.apiKeys.updateOne({ tenantId: actor.tenantId, id, revokedAt: null }, { $set: { revokedAt: this.clock.now() } });
    if (result.matchedCount !== 1 && !(await this.apiKeys.exists({ tenantId: actor.tenantId, id }))) throw new NotFound('API key', id);
    await this.audit.record(actor, 'apikey.revoked', { type: 'apikey', id }, null, null);
  }

  /** A password change or reset: every refresh token and access token of the person stops working. */
  async endSessionsOf(tenantId: string, userId: string): Promise<number> {
    await this.users.endSessions(tenantId, userId);
    const tokens = await this.refreshTokens.updateMany({ tenantId, userId, revokedAt: null }, { $set: { revokedAt: this.clock.now() } });
    return tokens.modifiedCount;
  }

  /** Offboarding: every session and every key the user created stops working. */
  async revokeEverythingOf(tenantId: string, userId: string): Promise<{ refreshTokens: number; apiKeys: number }> {
    const [tokens, keys] = await Promise.all([
      this.endSessionsOf(tenantId, userId),
      this.apiKeys.updateMany({ tenantId, createdBy: userId, revokedAt: null }, { $set: { revokedAt: this.clock.now() } }),
    ]);
    return { refreshTokens: tokens, apiKeys: keys.modifiedCount };
  }

  /** An access token for tests and the demo seed; people sign in with `login`. */
  accessTokenFor(user: Pick<Account, 'id' | 'tenantId' | 'name' | 'sessionVersion'>, expiresIn: number = ACCESS_TTL_SECONDS): string {
    return this.jwt.sign({ sub: user.id, tid: user.tenantId, name: user.name, sv: user.sessionVersion ?? 0 }, { expiresIn });
  }

  private async issue(user: Account) {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    await this.refreshTokens.create({ tenantId: user.tenantId, id, userId: user.id, secretHash: sha256(secret), expiresAt: new Date(this.clock.nowMs() + REFRESH_TTL_MS), revokedAt: null, createdAt: this.clock.now() });
    return {
      accessToken: this.accessTokenFor(user),
      refreshToken: `rt_${user.tenantId}.${id}.${secret}`,
      expiresIn: ACCESS_TTL_SECONDS,
      user: { id: user.id, name: user.name, email: user.email },
    };
  }

  private async findRefreshToken(token: string): Promise<RefreshTokenRecord> {
    const match = /^rt_([^.]+)\.([0-9a-f]{16})\.([A-Za-z0-9_-]+)$/.exec(token);
    const record = match ? await this.refreshTokens.findOne({ tenantId: match[1], id: match[2] }).lean() : null;
    if (!record || !sameHash(record.secretHash, sha256(match![3]!)) || record.revokedAt || record.expiresAt < this.clock.now()) {
      throw new DomainError('unauthenticated', 'the refresh token is invalid, expired or revoked');
    }
    return record;
  }

  private async identifyKey(credential: string, ip: string | null): Promise<Identity> {
    const match = /^bk_([0-9a-f]{16})\.([A-Za-z0-9_-]+)$/.exec(credential);
    const key = match ? await this.apiKeys.findOne({ id: match[1] }).lean() : null;
    if (!key || key.revokedAt || !sameHash(key.secretHash, sha256(match![2]!))) throw new DomainError('unauthenticated', 'the API key is invalid or revoked');
    return { tenantId: key.tenantId, userId: `key:${key.id}`, name: key.name, roles: [key.role], adminOf: [], kind: 'key', ip };
  }

  private async refuseWhileWaiting(throttles: Array<{ key: string }>): Promise<void> {
    const waits = await Promise.all(throttles.map((t) => this.redis.pttl(`${t.key}:wait`)));
    const longest = Math.max(...waits);
    if (longest > 0) throw new TooManyAttempts(Math.ceil(longest / 1000));
  }

  /** From the `free`-th failure on, each failure sets a wait of 15 s, 30 s, 60 s... up to the window. */
  private async countFailure(throttles: Array<{ key: string; free: number }>): Promise<void> {
    for (const { key, free } of throttles) {
      const [[, failures]] = (await this.redis.multi().incr(key).expire(key, FAILURE_WINDOW_SECONDS).exec()) as unknown as [[null, number]];
      if (failures < free) continue;
      const seconds = Math.min(FIRST_WAIT_SECONDS * 2 ** Math.min(failures - free, 20), FAILURE_WINDOW_SECONDS);
      await this.redis.set(`${key}:wait`, '1', 'EX', seconds);
    }
  }
}

export function identityOf(user: Pick<Account, 'tenantId' | 'id' | 'name' | 'roles' | 'adminOf'>, ip: string | null): Identity {
  const roles = new Set<Role>(user.roles as Role[]);
  if (user.adminOf.length > 0) roles.add('deptAdmin');
  return { tenantId: user.tenantId, userId: user.id, name: user.name, roles: [...roles], adminOf: user.adminOf, kind: 'user', ip };
}
