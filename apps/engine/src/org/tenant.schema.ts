import type { TenantSettings } from '@baton/dsl';
import { Schema } from 'mongoose';

/** A tenant: an organisation with its own people, definitions and requests, and its settings. */
export interface TenantRecord {
  _id: string;
  settings: TenantSettings;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const TenantSchema = new Schema<TenantRecord>(
  {
    _id: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: String, required: true },
  },
  { collection: 'tenants', timestamps: true, versionKey: false, minimize: false },
);

export const TENANT = 'Tenant';
