import { Schema } from 'mongoose';

/** waiting: its holder added a signer before themselves and waits for them */
export type TaskStatus = 'pending' | 'waiting' | 'approved' | 'rejected' | 'cancelled' | 'transferred' | 'returned';

/**
 * A task in someone's inbox. Written only by effects, each write guarded by
 * the instance revision that caused it, so effects applied out of order
 * settle on the newest state.
 */
export interface TaskRecord {
  _id: string;
  tenantId: string;
  instanceId: string;
  definitionId: string;
  node: string;
  visit: number;
  assignee: string;
  title: string;
  status: TaskStatus;
  rev: number;
  decidedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const TaskSchema = new Schema<TaskRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    instanceId: { type: String, required: true },
    definitionId: { type: String, required: true },
    node: { type: String, required: true },
    visit: { type: Number, required: true },
    assignee: { type: String, required: true },
    title: { type: String, default: '' },
    status: { type: String, required: true },
    rev: { type: Number, required: true },
    decidedBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tasks', versionKey: false },
);
// "my pending tasks", newest first
TaskSchema.index({ tenantId: 1, assignee: 1, status: 1, createdAt: -1 });
TaskSchema.index({ tenantId: 1, instanceId: 1 });
// the dashboards' overdue tasks: a tenant's pending tasks (of one definition), oldest first
TaskSchema.index({ tenantId: 1, status: 1, definitionId: 1, createdAt: 1 });

export const TASK = 'Task';
export { taskIdOf as taskId } from '@baton/dsl';
