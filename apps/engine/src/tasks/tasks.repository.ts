import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model } from 'mongoose';
import { TASK, type TaskRecord } from './task.schema';

export type { TaskRecord } from './task.schema';

/** The queries other domains make of tasks (tasks' own services keep the model). */
@Injectable()
export class TasksRepository {
  constructor(@InjectModel(TASK) private readonly tasks: Model<TaskRecord>) {}

  /** The node of the latest task `assignee` held on the instance (what part of its form they may see). */
  async latestNodeOf(tenantId: string, instanceId: string, assignee: string): Promise<string | null> {
    return (await this.tasks.findOne({ tenantId, instanceId, assignee }).sort({ createdAt: -1 }).select({ node: 1 }).lean())?.node ?? null;
  }

  /** The instances on which `assignee` holds or held a task. */
  instanceIdsOf(tenantId: string, assignee: string): Promise<string[]> {
    return this.tasks.distinct('instanceId', { tenantId, assignee });
  }

  /** Whether `assignee` holds or held a task on the instance. */
  async involves(tenantId: string, instanceId: string, assignee: string): Promise<boolean> {
    return (await this.tasks.exists({ tenantId, instanceId, assignee })) !== null;
  }

  /** The instance's pending tasks: who holds them at which node. */
  pendingOf(tenantId: string, instanceId: string): Promise<Array<Pick<TaskRecord, '_id' | 'assignee' | 'node'>>> {
    return this.tasks.find({ tenantId, instanceId, status: 'pending' }).select({ _id: 1, assignee: 1, node: 1 }).lean();
  }

  /** Where, by whom and since when a task was held (a decision's dashboard fact). */
  opened(tenantId: string, taskId: string): Promise<Pick<TaskRecord, '_id' | 'node' | 'assignee' | 'createdAt'> | null> {
    return this.tasks.findOne({ _id: taskId, tenantId }).select({ node: 1, assignee: 1, createdAt: 1 }).lean();
  }

  /** The (definition, node) pairs that have pending tasks matching `pending` (a filter of pending tasks, tenant first). */
  async pendingNodes(pending: FilterQuery<TaskRecord>): Promise<Array<{ definitionId: string; node: string }>> {
    const groups = await this.tasks.aggregate<{ _id: { definitionId: string; node: string } }>([
      { $match: pending }, { $group: { _id: { definitionId: '$definitionId', node: '$node' } } },
    ]);
    return groups.map((g) => g._id);
  }

  /** How many pending tasks match, and the `limit` oldest of them (by the index of pending tasks per tenant). */
  oldestPending(pending: FilterQuery<TaskRecord>, limit: number) {
    return Promise.all([
      this.tasks.countDocuments(pending),
      this.tasks.find(pending).sort({ createdAt: 1, _id: 1 }).limit(limit).select({ instanceId: 1, definitionId: 1, node: 1, assignee: 1, createdAt: 1 }).lean(),
    ]);
  }
}
