import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_TENANT_SETTINGS, tenantSettingsProblems, WORDS, type TenantSettings } from '@baton/dsl';
import { DomainError, InvalidInput, NotFound } from '../api/domain-error';
import { AuditService } from '../audit/audit.service';
import type { Identity } from '../auth/identity';
import { CONFIG, type Config } from '../config/config';
import { isDuplicateKey } from '../database/errors';
import { OrgService } from '../org/org.service';
import { TenantRepository } from '../org/tenant.repository';
import type { SettingsChange, TenantInput } from './tenants.dto';

/** Who created a tenant from the command line. */
export const COMMAND_LINE = 'operator:cli';

/**
 * Tenants and their settings (time zone, locale, working calendar, branding
 * name). Operators, super admins of the tenants named in OPERATOR_TENANTS,
 * create tenants with their first super admin and change their settings;
 * everyone reads their own tenant's settings.
 */
@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantRepository,
    @Inject(CONFIG) private readonly config: Config,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {}

  mustBeOperator(actor: Identity): void {
    const operators = this.config.OPERATOR_TENANTS.split(',').map((t) => t.trim()).filter(Boolean);
    if (!actor.roles.includes('superAdmin') || !operators.includes(actor.tenantId)) {
      throw new DomainError('forbidden', operators.length === 0 ? WORDS.noOperatorTenant : WORDS.operatorsOnly);
    }
  }

  /** A tenant with its first super admin; all or nothing (the tenant is taken out again when its admin cannot be created). */
  async create(operator: string, input: TenantInput) {
    const settings: TenantSettings = { ...DEFAULT_TENANT_SETTINGS, brandingName: input.id, ...input.settings };
    const problems = tenantSettingsProblems(settings, '/body/settings');
    if (problems.length > 0) throw new InvalidInput(problems);
    const admin: Identity = { tenantId: input.id, userId: operator, name: operator, roles: ['superAdmin'], adminOf: [], kind: 'user', ip: null };
    if ((await this.org.listUsers(admin, { limit: 1, offset: 0 })).total > 0) throw new DomainError('conflict', `tenant "${input.id}" already exists`);
    try {
      await this.tenants.create(input.id, settings, operator);
    } catch (error) {
      if (isDuplicateKey(error)) throw new DomainError('conflict', `tenant "${input.id}" already exists`);
      throw error;
    }
    try {
      await this.org.createUser(admin, { ...input.admin, departments: [], roles: ['superAdmin'], adminOf: [] });
    } catch (error) {
      await this.tenants.remove(input.id);
      if (error instanceof InvalidInput) throw new InvalidInput(error.problems.map((p) => ({ ...p, pointer: p.pointer.replace(/^\/body\//, '/body/admin/') })));
      throw error;
    }
    await this.audit.record(admin, 'tenant.created', { type: 'tenant', id: input.id }, null, { settings, admin: input.admin.id });
    return { id: input.id, settings, admin: { id: input.admin.id, email: input.admin.email.toLowerCase() } };
  }

  async get(id: string) {
    const tenant = await this.tenants.find(id);
    if (!tenant) throw new NotFound('tenant', id);
    return { id, settings: tenant.settings };
  }

  settingsOf(id: string): Promise<TenantSettings> {
    return this.tenants.settingsOf(id);
  }

  async updateSettings(actor: Identity, id: string, change: SettingsChange) {
    const current = await this.get(id);
    const settings = { ...current.settings, ...change };
    const problems = tenantSettingsProblems(settings, '/body');
    if (problems.length > 0) throw new InvalidInput(problems);
    await this.tenants.setSettings(id, settings);
    await this.audit.record({ tenantId: id, id: `${actor.tenantId}/${actor.userId}`, kind: 'user', ip: actor.ip }, 'tenant.settings-changed', { type: 'tenant', id }, current.settings, settings);
    return { id, settings };
  }

  /** What the sign-in page shows for a tenant people typed: its name and language; nothing else. */
  async signInFace(id: string) {
    const tenant = await this.tenants.find(id);
    if (!tenant) throw new NotFound('tenant', id);
    return { tenant: id, brandingName: tenant.settings.brandingName, locale: tenant.settings.locale };
  }
}
