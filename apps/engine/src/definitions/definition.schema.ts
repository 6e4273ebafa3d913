import { Schema } from 'mongoose';

/**
 * Definitions are kept as JSON text: a definition is user data whose keys
 * (json-logic operators, variable names) must never meet the field-name rules
 * of MongoDB or FerretDB. The fields we query on sit beside it.
 */
export interface DraftRecord {
  tenantId: string;
  definitionId: string;
  name: string;
  kind: string;
  category: string | null;
  source: string;
  problemCount: number;
  latestVersion: number;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const DraftSchema = new Schema<DraftRecord>(
  {
    tenantId: { type: String, required: true },
    definitionId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    category: { type: String, default: null },
    source: { type: String, required: true },
    problemCount: { type: Number, required: true },
    latestVersion: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'definitions', timestamps: true, versionKey: false },
);
DraftSchema.index({ tenantId: 1, definitionId: 1 }, { unique: true });

export interface VersionRecord {
  tenantId: string;
  definitionId: string;
  version: number;
  name: string;
  kind: string;
  source: string;
  note: string;
  publishedBy: string;
  publishedAt: Date;
}

export const VersionSchema = new Schema<VersionRecord>(
  {
    tenantId: { type: String, required: true },
    definitionId: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    source: { type: String, required: true },
    note: { type: String, default: '' },
    publishedBy: { type: String, required: true },
    publishedAt: { type: Date, required: true },
  },
  { collection: 'definition_versions', versionKey: false },
);
VersionSchema.index({ tenantId: 1, definitionId: 1, version: -1 }, { unique: true });

export const DRAFT = 'Draft';
export const VERSION = 'Version';
