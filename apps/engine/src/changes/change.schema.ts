import { Schema } from 'mongoose';
import type { NodeMapping, WhatIfReport } from '@baton/dsl';
import type { Identity } from '../auth/identity';

/** What one instance's migration came to: in the dry run as planned, in the batch as written. */
export interface MigrationItem {
  instanceId: string;
  serial: string;
  outcome: 'migrated' | 'refused';
  from: string[];
  to: string[];
  how?: 'kept' | 'reentered' | 'returned';
  code?: string;
  message?: string;
  closes: Array<{ node: string; visit: number; assignee: string }>;
  opens: Array<{ node: string; visit: number; assignee: string }>;
  timers: { moved: number; dropped: number; scheduled: number };
}

export type MigrationStatus = 'queued' | 'running' | 'stopping' | 'stopped' | 'done' | 'failed';

/**
 * A batch migration of the instances of one version to another. The
 * instances are fixed when it starts; `results` grows one item per
 * instance, in order, so a resumed or restarted batch goes on at the first
 * instance not yet recorded. Only the worker appends results.
 */
export interface MigrationRecord {
  _id: string;
  tenantId: string;
  definitionId: string;
  from: number;
  to: number;
  mapping: NodeMapping;
  actor: Identity;
  /** the requests waiting when it started, in the order it moves them */
  instances: Array<{ id: string; serial: string }>;
  status: MigrationStatus;
  results: MigrationItem[];
  /** how often it was resumed: each run is its own BullMQ job */
  runs: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const MIGRATION = 'Migration';

export const MigrationSchema = new Schema<MigrationRecord>({
  _id: { type: String, required: true },
  tenantId: { type: String, required: true },
  definitionId: { type: String, required: true },
  from: { type: Number, required: true },
  to: { type: Number, required: true },
  mapping: { type: Schema.Types.Mixed, required: true },
  actor: { type: Schema.Types.Mixed, required: true },
  instances: { type: Schema.Types.Mixed, default: [] },
  status: { type: String, required: true },
  results: { type: Schema.Types.Mixed, default: [] },
  runs: { type: Number, default: 1 },
  startedAt: { type: Date, default: null },
  finishedAt: { type: Date, default: null },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
}, { versionKey: false, collection: 'migrations', minimize: false });
MigrationSchema.index({ tenantId: 1, definitionId: 1, createdAt: -1 });

/** A what-if run of a draft: progress, then its report. */
export interface WhatIfRecord {
  _id: string;
  tenantId: string;
  definitionId: string;
  /** the published version the draft is compared with (null: none yet) */
  against: number | null;
  limit: number;
  actor: Identity;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  report: WhatIfReport | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export const WHAT_IF = 'WhatIf';

export const WhatIfSchema = new Schema<WhatIfRecord>({
  _id: { type: String, required: true },
  tenantId: { type: String, required: true },
  definitionId: { type: String, required: true },
  against: { type: Number, default: null },
  limit: { type: Number, required: true },
  actor: { type: Schema.Types.Mixed, required: true },
  status: { type: String, required: true },
  total: { type: Number, default: 0 },
  done: { type: Number, default: 0 },
  report: { type: Schema.Types.Mixed, default: null },
  error: { type: String, default: null },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
  finishedAt: { type: Date, default: null },
}, { versionKey: false, collection: 'what_ifs', minimize: false });
WhatIfSchema.index({ tenantId: 1, definitionId: 1, createdAt: -1 });
