import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module';
import { PeopleModule } from '../org/people.module';
import { TasksModule } from '../tasks/tasks.module';
import { EffectsModule } from './effects.module';
import { EffectsWorker } from './effects.worker';
import { TimersWorker } from './timers.worker';
import { WebhooksWorker } from '../webhooks/webhooks.worker';
import { BulkWorker } from '../jobs/bulk.worker';

/** The worker role: only processes that run it consume the queues. */
@Module({
  imports: [EffectsModule, InstancesModule, TasksModule, PeopleModule],
  providers: [EffectsWorker, TimersWorker, WebhooksWorker, BulkWorker],
})
export class WorkersModule {}
