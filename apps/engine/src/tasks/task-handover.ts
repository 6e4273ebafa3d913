import { Injectable } from '@nestjs/common';
import type { Identity } from '../auth/identity';
import { EventNotAccepted, InstanceFinished } from '../instances/instance.errors';
import { actorOf, InstancesService } from '../instances/instances.service';
import type { PendingTask, TaskHandover } from '../org/offboarding.ports';
import { TasksService } from './tasks.service';

/** Org's offboarding moves a leaver's pending tasks through here (its TASK_HANDOVER port). */
@Injectable()
export class TaskHandoverService implements TaskHandover {
  constructor(
    private readonly tasks: TasksService,
    private readonly instances: InstancesService,
  ) {}

  pendingOf(tenantId: string, assignee: string): Promise<PendingTask[]> {
    return this.tasks.pendingOf(tenantId, assignee);
  }

  async handOver(actor: Identity, task: PendingTask, from: string, to: string, comment: string): Promise<boolean> {
    try {
      await this.instances.applyEvent(actorOf(actor), task.instanceId,
        { type: 'transfer', node: task.node, visit: task.visit, from, to, by: actor.userId },
        { node: task.node, outcome: `transferred to ${to}`, comment });
      return true;
    } catch (error) {
      if (error instanceof EventNotAccepted || error instanceof InstanceFinished) return false;
      throw error;
    }
  }
}
