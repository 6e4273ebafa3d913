import type { Effect, InstanceStatus, PersistedSnapshot } from '@baton/dsl';
import { Schema } from 'mongoose';

/** The audit line of an event, written by a worker so it survives a crash like any effect. */
export interface AuditEffect {
  type: 'audit';
  action: string;
  actor: string;
  actorKind: 'user' | 'key' | 'system';
  ip: string | null;
  from: unknown;
  to: unknown;
}

export type NotificationKind = 'assigned' | 'copied' | 'urged' | 'reminder' | 'approved' | 'rejected' | 'returned' | 'completed' | 'mentioned' | 'withdrawn';

/** Tell people something about the instance (in-app, and e-mail when configured). */
export interface NotifyEffect {
  type: 'notify';
  kind: NotificationKind;
  to: string[];
  actor: string;
  node?: string;
  comment?: string;
}

/** Tell webhook subscribers: the effect id is the event id they receive. */
export interface PublishEffect {
  type: 'publish';
  event: string;
  data: Record<string, unknown>;
}

/** An effect waiting for the relay, keyed `instance.rev.index`. */
export type OutboxEntry = (Effect | AuditEffect | NotifyEffect | PublishEffect) & { id: string; rev: number };

export interface HistoryEntry {
  rev: number;
  type: string;
  actor: string;
  at: Date;
  from: string[];
  to: string[];
  node?: string;
  outcome?: string;
  comment?: string;
  /** resubmit: the form as it was before */
  formBefore?: Record<string, unknown>;
  /** comment: the people it mentions */
  mentions?: string[];
  /** an approval with a signature: the SHA-256 of the signature image */
  signature?: string;
}

/** One workflow instance: one document, written in one conditional update per event. */
export interface InstanceRecord {
  _id: string;
  tenantId: string;
  definitionId: string;
  version: number;
  /** readable number, e.g. LEAVE-2026-000123 */
  serial: string;
  title: string;
  status: InstanceStatus;
  at: string[];
  form: Record<string, unknown>;
  snapshot: PersistedSnapshot;
  rev: number;
  outbox: OutboxEntry[];
  /** when the oldest effect still in the outbox was written; null when empty */
  outboxAt: Date | null;
  history: HistoryEntry[];
  createdBy: string;
  /** people copied on the request (CC): they may read it */
  copiedTo: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const InstanceSchema = new Schema<InstanceRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    definitionId: { type: String, required: true },
    version: { type: Number, required: true },
    serial: { type: String, required: true },
    title: { type: String, required: true },
    status: { type: String, required: true },
    at: { type: [String], default: [] },
    form: { type: Schema.Types.Mixed, default: {} },
    snapshot: { type: Schema.Types.Mixed, required: true },
    rev: { type: Number, required: true },
    outbox: { type: Schema.Types.Mixed, default: [] },
    outboxAt: { type: Date, default: null },
    history: { type: Schema.Types.Mixed, default: [] },
    createdBy: { type: String, required: true },
    copiedTo: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'instances', versionKey: false, minimize: false },
);
InstanceSchema.index({ tenantId: 1, serial: 1 }, { unique: true });
InstanceSchema.index({ tenantId: 1, status: 1, createdAt: -1 });
InstanceSchema.index({ tenantId: 1, definitionId: 1, createdAt: -1 });
InstanceSchema.index({ tenantId: 1, createdBy: 1, createdAt: -1 });
InstanceSchema.index({ tenantId: 1, copiedTo: 1, createdAt: -1 });
// the relay's sweep looks for instances whose effects are not yet handed over
InstanceSchema.index({ outboxAt: 1 });

export const INSTANCE = 'Instance';
