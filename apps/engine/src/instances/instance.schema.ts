import type { InstanceEvent, InstanceStatus, OutboxEntry, PersistedSnapshot, Reason, TaskRef } from '@baton/dsl';
import { Schema } from 'mongoose';

// the outbox's entries are decided in the pure core; the engine stores them
export type { AuditEffect, NotificationKind, NotifyEffect, OutboxEntry, PublishEffect } from '@baton/dsl';

/** What the consumers of an event read of its instance (notifications, dashboard facts): one projection, read once per event. */
export const INSTANCE_SUMMARY = { serial: 1, title: 1, status: 1, definitionId: 1, version: 1, createdBy: 1, createdAt: 1, updatedAt: 1, history: 1 } as const;

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
  /** the holders of the definition's roles this event was worked out with, when it looked them up (submit, entering a node naming a role): replay uses them */
  holders?: Array<{ role: string; users: string[] }>;
  /** a decision made from a message's one-tap link: the message's channel */
  via?: 'email' | 'chat';
  /** a person's decision: when their task was opened (its response time counts from then) */
  taskOpenedAt?: Date;
  /** a step the engine took on its own: why, as a code and its parameters (the history API renders it in each language) */
  reason?: Reason;
  /** migrated: the versions it moved between and the migration that moved it */
  fromVersion?: number;
  toVersion?: number;
  migration?: string;
  /** migrated: the mapping it moved by (old node to new), so a replay can move it again */
  mapping?: Record<string, string>;
  /** migrated: the tasks the move closed and opened */
  tasks?: { closed: TaskRef[]; opened: TaskRef[] };
  /**
   * The event as the machine received it (the submit carries the form as
   * submitted), and the digest of the state it led to: what a replay applies
   * again and checks itself against. Absent on lines that change no state and
   * on instances recorded before replay existed.
   */
  event?: RecordedEvent;
  state?: string;
}

export type RecordedEvent = InstanceEvent | { type: 'submitted'; form: Record<string, unknown> };

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
