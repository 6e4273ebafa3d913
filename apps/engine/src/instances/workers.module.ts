import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EffectsModule } from '../effects/effects.module';
import { INSTANCE, InstanceSchema } from './instance.schema';
import { InstancesModule } from './instances.module';
import { EffectsWorker } from './effects.worker';
import { TimersWorker } from './timers.worker';

/** The worker role of instances: the effects of their outboxes and their timers (only processes that run it consume the queues). */
@Module({
  imports: [MongooseModule.forFeature([{ name: INSTANCE, schema: InstanceSchema }]), EffectsModule, InstancesModule],
  providers: [EffectsWorker, TimersWorker],
})
export class InstanceWorkersModule {}
