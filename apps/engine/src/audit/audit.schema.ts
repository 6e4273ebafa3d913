import { Schema } from 'mongoose';

/** One line of the append-only audit log; `hash` chains it to the line before. */
export interface AuditRecord {
  tenantId: string;
  seq: number;
  id: string;
  /** what caused the entry, so an effect re-run never records twice */
  sourceId: string;
  actor: string;
  actorKind: 'user' | 'key' | 'system';
  action: string;
  recordType: string;
  recordId: string;
  from: unknown;
  to: unknown;
  at: Date;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export const AuditSchema = new Schema<AuditRecord>(
  {
    tenantId: { type: String, required: true },
    seq: { type: Number, required: true },
    id: { type: String, required: true },
    sourceId: { type: String, required: true },
    actor: { type: String, required: true },
    actorKind: { type: String, required: true },
    action: { type: String, required: true },
    recordType: { type: String, required: true },
    recordId: { type: String, required: true },
    from: { type: Schema.Types.Mixed, default: null },
    to: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
    ip: { type: String, default: null },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit', versionKey: false, minimize: false },
);
AuditSchema.index({ tenantId: 1, seq: 1 }, { unique: true });
AuditSchema.index({ tenantId: 1, sourceId: 1 }, { unique: true });
AuditSchema.index({ tenantId: 1, actor: 1, at: -1 });
AuditSchema.index({ tenantId: 1, action: 1, at: -1 });
AuditSchema.index({ tenantId: 1, at: -1 });
AuditSchema.index({ tenantId: 1, recordType: 1, recordId: 1, at: -1 });

export const AUDIT = 'Audit';

/** The newest entry of each tenant's chain, so appending reads one small document. */
export interface AuditHeadRecord {
  tenantId: string;
  seq: number;
  hash: string;
}

export const AuditHeadSchema = new Schema<AuditHeadRecord>(
  { tenantId: { type: String, required: true }, seq: { type: Number, required: true }, hash: { type: String, required: true } },
  { collection: 'audit_heads', versionKey: false },
);
AuditHeadSchema.index({ tenantId: 1 }, { unique: true });

export const AUDIT_HEAD = 'AuditHead';
