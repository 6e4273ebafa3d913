import { Schema } from 'mongoose';
import type { Identity } from '../auth/identity';

export interface JobItemResult {
  id: string;
  status: 'done' | 'skipped' | 'failed';
  message?: string;
}

/**
 * A long operation run in the background (bulk approve, ...): the API
 * answers at once with its id; progress, rate and results are read here.
 * Only the worker processing the job writes it, so plain updates suffice.
 */
export interface JobRecord {
  _id: string;
  tenantId: string;
  kind: 'bulk-approve';
  /** who asked: the work is done with their rights */
  actor: Identity;
  input: Record<string, unknown>;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failed: number;
  results: JobItemResult[];
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const JOB = 'Job';

export const JobSchema = new Schema<JobRecord>({
  _id: { type: String, required: true },
  tenantId: { type: String, required: true },
  kind: { type: String, required: true },
  actor: { type: Schema.Types.Mixed, required: true },
  input: { type: Schema.Types.Mixed, required: true },
  status: { type: String, required: true },
  total: { type: Number, required: true },
  done: { type: Number, default: 0 },
  failed: { type: Number, default: 0 },
  results: { type: Schema.Types.Mixed, default: [] },
  startedAt: { type: Date, default: null },
  finishedAt: { type: Date, default: null },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
}, { versionKey: false, collection: 'jobs', minimize: false });
JobSchema.index({ tenantId: 1, createdAt: -1 });
