import { Schema } from 'mongoose';

export interface SopStepState {
  index: number;
  action: 'task' | 'remind' | 'escalate';
  dueAt: Date;
  doneAt: Date | null;
  /** what happened: "task created for bob", "skipped: task done", "deferred: quiet hours" */
  outcome: string | null;
}

/** One cadence started by a trigger for one customer or inquiry. */
export interface SopRunRecord {
  tenantId: string;
  id: string;
  definitionId: string;
  version: number;
  trigger: string;
  customerId: string | null;
  itemId: string | null;
  owner: string;
  status: 'running' | 'cancelled' | 'completed';
  cancelReason: string | null;
  steps: SopStepState[];
  targetMs: number | null;
  firstResponseAt: Date | null;
  startedAt: Date;
}

export const SopRunSchema = new Schema<SopRunRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    definitionId: { type: String, required: true },
    version: { type: Number, required: true },
    trigger: { type: String, required: true },
    customerId: { type: String, default: null },
    itemId: { type: String, default: null },
    owner: { type: String, required: true },
    status: { type: String, required: true },
    cancelReason: { type: String, default: null },
    steps: { type: Schema.Types.Mixed, required: true },
    targetMs: { type: Number, default: null },
    firstResponseAt: { type: Date, default: null },
    startedAt: { type: Date, required: true },
  },
  { collection: 'sop_runs', versionKey: false },
);
SopRunSchema.index({ tenantId: 1, id: 1 }, { unique: true });
// one run per (definition, subject): a trigger seen twice starts nothing new
SopRunSchema.index({ tenantId: 1, definitionId: 1, trigger: 1, customerId: 1, itemId: 1 }, { unique: true });
SopRunSchema.index({ tenantId: 1, customerId: 1 });

/**
 * A step taken, claimed by a unique (run, step) insert before it acts: a
 * timer fired twice (a restart) finds it and acts no more; one that died
 * between claim and "done" redoes only idempotent writes.
 */
export interface SopStepLogRecord {
  runId: string;
  index: number;
  status: 'doing' | 'done';
  at: Date;
}

export const SopStepLogSchema = new Schema<SopStepLogRecord>(
  { runId: { type: String, required: true }, index: { type: Number, required: true }, status: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'sop_step_log', versionKey: false },
);
SopStepLogSchema.index({ runId: 1, index: 1 }, { unique: true });

/** A follow-up task created by a cadence, in its owner's list. */
export interface FollowUpRecord {
  tenantId: string;
  id: string;
  runId: string;
  owner: string;
  customerId: string | null;
  text: string;
  status: 'open' | 'done';
  createdAt: Date;
  doneAt: Date | null;
}

export const FollowUpSchema = new Schema<FollowUpRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    runId: { type: String, required: true },
    owner: { type: String, required: true },
    customerId: { type: String, default: null },
    text: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
  },
  { collection: 'sop_follow_ups', versionKey: false },
);
FollowUpSchema.index({ tenantId: 1, id: 1 }, { unique: true });
FollowUpSchema.index({ tenantId: 1, owner: 1, status: 1 });

export const SOP_RUN = 'SopRun';
export const SOP_STEP_LOG = 'SopStepLog';
export const FOLLOW_UP = 'FollowUp';
export const SOP_QUEUE = 'sop';
export interface SopJob {
  tenantId: string;
  runId: string;
  index: number;
  /** when the step is due by the engine's clock (ms), so a moved clock can fire it (see promoteDue) */
  dueAt?: number;
}
/** Deterministic ids: a step scheduled twice is one job. */
export const sopJobId = (runId: string, index: number, deferral = 0) => `sop.${runId}.${index}${deferral ? `.q${deferral}` : ''}`;
