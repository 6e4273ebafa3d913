import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { NotFound } from '../api/domain-error';
import { EventNotAccepted, InstanceFinished } from './instance.errors';
import { InstancesService } from './instances.service';
import { SHORT_JOB_LOCKS, TIMERS_QUEUE, type TimerJob } from '../effects/queues';

/**
 * Fires durable timers as events. A timer whose node was already left (a
 * stale token) is refused by the machine and dropped here.
 */
@Processor(TIMERS_QUEUE, { concurrency: 16, ...SHORT_JOB_LOCKS })
export class TimersWorker extends WorkerHost {
  constructor(private readonly instances: InstancesService) {
    super();
  }

  async process(job: Job<TimerJob>): Promise<{ fired: boolean }> {
    const { tenantId, instanceId, node, token, name } = job.data;
    try {
      await this.instances.applyEvent({ tenantId, id: 'timer' }, instanceId, { type: 'timer', node, token, ...(name ? { name } : {}) }, { node, ...(name ? { outcome: name } : {}) });
      return { fired: true };
    } catch (error) {
      if (error instanceof EventNotAccepted || error instanceof InstanceFinished || error instanceof NotFound) return { fired: false };
      throw error;
    }
  }
}
