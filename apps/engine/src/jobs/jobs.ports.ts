import type { Identity } from '../auth/identity';

/**
 * What a bulk job does to each item: decide a task with the rights of who
 * asked. Declared here and provided by tasks (TasksService, bound in
 * app.module.ts), so jobs, which tasks submits to, never imports tasks.
 * A refused item throws a DomainError (a decided task: kind "conflict").
 */
export interface TaskDecisions {
  decide(actor: Identity, taskId: string, outcome: 'approved', comment?: string): Promise<unknown>;
}

export const TASK_DECISIONS = Symbol('TASK_DECISIONS');
