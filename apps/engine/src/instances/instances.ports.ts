/**
 * What instances reads of tasks: where and whether a person takes part in
 * an instance, and an instance's open tasks. Declared here and provided by
 * tasks (its TasksRepository, bound in app.module.ts), so instances never
 * imports tasks, which decides through instances.
 */
export interface TaskReads {
  /** the node of the newest task `assignee` had in the instance, if any */
  latestNodeOf(tenantId: string, instanceId: string, assignee: string): Promise<string | null>;
  instanceIdsOf(tenantId: string, assignee: string): Promise<string[]>;
  involves(tenantId: string, instanceId: string, assignee: string): Promise<boolean>;
  pendingOf(tenantId: string, instanceId: string): Promise<Array<{ _id: string; assignee: string; node: string }>>;
}

export const TASK_READS = Symbol('TASK_READS');
