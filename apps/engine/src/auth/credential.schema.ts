import { Schema } from 'mongoose';

/** A refresh token: only the SHA-256 of its secret is kept. */
export interface RefreshTokenRecord {
  tenantId: string;
  id: string;
  userId: string;
  secretHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

export const RefreshTokenSchema = new Schema<RefreshTokenRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    userId: { type: String, required: true },
    secretHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'refresh_tokens', versionKey: false },
);
RefreshTokenSchema.index({ tenantId: 1, id: 1 }, { unique: true });
RefreshTokenSchema.index({ tenantId: 1, userId: 1 });

/** An API key for a system: scoped to a tenant and a role, shown once, kept hashed. */
export interface ApiKeyRecord {
  tenantId: string;
  id: string;
  name: string;
  role: 'member' | 'superAdmin';
  secretHash: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export const ApiKeySchema = new Schema<ApiKeyRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    secretHash: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'api_keys', versionKey: false },
);
ApiKeySchema.index({ id: 1 }, { unique: true });
ApiKeySchema.index({ tenantId: 1, createdBy: 1 });

export const REFRESH_TOKEN = 'RefreshToken';
export const API_KEY = 'ApiKey';
