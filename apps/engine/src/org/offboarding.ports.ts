import type { Identity } from '../auth/identity';

/** A pending task of someone leaving. */
export interface PendingTask {
  _id: string;
  instanceId: string;
  node: string;
  visit: number;
}

/**
 * What offboarding needs of tasks: a person's pending tasks, and moving one
 * of them to their successor. Declared here and provided by tasks (bound in
 * app.module.ts), so org, which tasks and instances read people from, never
 * imports them.
 */
export interface TaskHandover {
  pendingOf(tenantId: string, assignee: string): Promise<PendingTask[]>;
  /** Moves `task` from `from` to `to` on `actor`'s behalf; false when it was decided or withdrawn meanwhile (nothing to move). */
  handOver(actor: Identity, task: PendingTask, from: string, to: string, comment: string): Promise<boolean>;
}

export const TASK_HANDOVER = Symbol('TASK_HANDOVER');
