import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '@baton/dsl';
import type { Model } from 'mongoose';
import { TENANT, type TenantRecord } from './tenant.schema';

/** Tenants and their settings, as the tenants domain and the engine (working-time deadlines) read and write them. */
@Injectable()
export class TenantRepository {
  constructor(@InjectModel(TENANT) private readonly tenants: Model<TenantRecord>) {}

  find(id: string): Promise<TenantRecord | null> {
    return this.tenants.findOne({ _id: id }).lean();
  }

  /** A tenant's settings; the defaults for a tenant that was never given any. */
  async settingsOf(id: string): Promise<TenantSettings> {
    return (await this.tenants.findOne({ _id: id }).select({ settings: 1 }).lean())?.settings ?? DEFAULT_TENANT_SETTINGS;
  }

  /** Fails with a duplicate key when the tenant exists. */
  async create(id: string, settings: TenantSettings, createdBy: string): Promise<void> {
    await this.tenants.create({ _id: id, settings, createdBy });
  }

  async remove(id: string): Promise<void> {
    await this.tenants.deleteOne({ _id: id });
  }

  async setSettings(id: string, settings: TenantSettings): Promise<void> {
    await this.tenants.updateOne({ _id: id }, { $set: { settings } });
  }
}
