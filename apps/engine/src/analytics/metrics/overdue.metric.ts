import type { FilterQuery } from 'mongoose';
import type { TaskRecord } from '../../tasks/tasks.repository';
import type { Metric, Sources } from '../metric';
import type { Scope } from '../scope';

const HOUR = 3_600_000;
const COLUMNS = ['taskId', 'instanceId', 'definitionId', 'node', 'assignee', 'openedAt', 'dueAt', 'overdueMs'];
type Options = { olderThanHours?: number; limit: number; now: Date };
/** How long a task of each (definition, node) may wait; a node missing here is never late. */
type Allowed = Map<string, number>;

/**
 * Pending tasks past their node's deadline (the earlier of escalateAfter and
 * decideAfter, in the definition's latest published version) or, when
 * `olderThanHours` is given, opened longer ago than that; oldest first.
 * The department filter means the task holder's department. Read from the
 * tasks collection through its index of pending tasks per tenant (task.schema.ts).
 */
export const overdueTasks: Metric<Options> = async (sources, scope, { olderThanHours, limit, now }) => {
  const { tasks } = sources;
  const base: FilterQuery<TaskRecord> = { tenantId: scope.tenantId, status: 'pending' };
  if (scope.definitionId) base.definitionId = scope.definitionId;
  if (scope.from || scope.to) base.createdAt = { ...(scope.from ? { $gte: scope.from } : {}), ...(scope.to ? { $lt: scope.to } : {}) };
  const people = await sources.peopleIn(scope);
  if (people) base.assignee = { $in: people };
  // only the nodes that have pending tasks: their deadlines decide what is late
  const nodes = await tasks.pendingNodes(base);
  const allowed = await allowances(sources, scope, nodes, olderThanHours);
  const late = [...allowed].map(([key, ms]) => {
    const [definitionId, node] = key.split('\u0000');
    return { definitionId, node, createdAt: { $lt: new Date(now.getTime() - ms) } };
  });
  if (!late.length) return { columns: COLUMNS, rows: [], total: 0, computedFrom: 'tasks' };
  const match = { ...base, $or: late };
  const [total, found] = await tasks.oldestPending(match, limit);
  return { columns: COLUMNS, total, computedFrom: 'tasks', rows: found.map((t) => row(t, allowed, now)) };
};

/** For each (definition, node) among the tasks: the earlier of its deadline and olderThanHours; nodes with neither are left out. */
async function allowances({ deadlineOf }: Sources, scope: Scope, tasks: Array<{ definitionId: string; node: string }>, olderThanHours?: number): Promise<Allowed> {
  const allowed: Allowed = new Map();
  const nodes = new Map(tasks.map((t) => [nodeKey(t), t]));
  for (const [key, { definitionId, node }] of nodes) {
    const deadline = await deadlineOf(scope.tenantId, definitionId, node);
    const ms = Math.min(deadline ?? Infinity, olderThanHours !== undefined ? olderThanHours * HOUR : Infinity);
    if (ms !== Infinity) allowed.set(key, ms);
  }
  return allowed;
}

function row(t: Pick<TaskRecord, '_id' | 'instanceId' | 'definitionId' | 'node' | 'assignee' | 'createdAt'>, allowed: Allowed, now: Date) {
  const due = new Date(t.createdAt.getTime() + allowed.get(nodeKey(t))!);
  return { taskId: t._id, instanceId: t.instanceId, definitionId: t.definitionId, node: t.node, assignee: t.assignee,
    openedAt: t.createdAt.toISOString(), dueAt: due.toISOString(), overdueMs: now.getTime() - due.getTime() };
}

const nodeKey = (t: { definitionId: string; node: string }) => `${t.definitionId}\u0000${t.node}`;
