import type { FilterQuery } from 'mongoose';
import type { TaskRecord } from '../../tasks/task.schema';
import type { Metric } from '../metric';

const HOUR = 3_600_000;

/**
 * Pending tasks past their node's deadline (the earlier of escalateAfter and
 * decideAfter, in the definition's latest published version) or, when
 * `olderThanHours` is given, opened longer ago than that; oldest first.
 * The department filter means the task holder's department.
 */
export const overdueTasks: Metric<{ olderThanHours?: number; limit: number; now: Date }> = async ({ tasks, peopleIn, deadlineOf }, scope, { olderThanHours, limit, now }) => {
  const base: FilterQuery<TaskRecord> = { tenantId: scope.tenantId, status: 'pending' };
  if (scope.definitionId) base.definitionId = scope.definitionId;
  if (scope.from || scope.to) base.createdAt = { ...(scope.from ? { $gte: scope.from } : {}), ...(scope.to ? { $lt: scope.to } : {}) };
  const people = await peopleIn(scope);
  if (people) base.assignee = { $in: people };
  // only the nodes that have pending tasks: their deadlines decide what is late
  const nodes = await tasks.aggregate<{ _id: { definitionId: string; node: string } }>([
    { $match: base }, { $group: { _id: { definitionId: '$definitionId', node: '$node' }, n: { $sum: 1 } } },
  ]);
  const limits = new Map<string, number>();
  const late: Array<FilterQuery<TaskRecord>> = [];
  for (const { _id: { definitionId, node } } of nodes) {
    const deadline = await deadlineOf(scope.tenantId, definitionId, node);
    const allowed = Math.min(deadline ?? Infinity, olderThanHours !== undefined ? olderThanHours * HOUR : Infinity);
    if (allowed === Infinity) continue;
    limits.set(`${definitionId}\u0000${node}`, allowed);
    late.push({ definitionId, node, createdAt: { $lt: new Date(now.getTime() - allowed) } });
  }
  const columns = ['taskId', 'instanceId', 'definitionId', 'node', 'assignee', 'openedAt', 'dueAt', 'overdueMs'];
  if (!late.length) return { columns, rows: [], total: 0 };
  const match = { ...base, $or: late };
  const [total, found] = await Promise.all([
    tasks.countDocuments(match),
    tasks.find(match).sort({ createdAt: 1, _id: 1 }).limit(limit).select({ instanceId: 1, definitionId: 1, node: 1, assignee: 1, createdAt: 1 }).lean(),
  ]);
  return {
    columns,
    total,
    rows: found.map((t) => {
      const due = new Date(t.createdAt.getTime() + limits.get(`${t.definitionId}\u0000${t.node}`)!);
      return { taskId: t._id, instanceId: t.instanceId, definitionId: t.definitionId, node: t.node, assignee: t.assignee,
        openedAt: t.createdAt.toISOString(), dueAt: due.toISOString(), overdueMs: now.getTime() - due.getTime() };
    }),
  };
};
