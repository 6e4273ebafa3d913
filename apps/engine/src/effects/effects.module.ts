import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { InstanceLock } from '../instances/instance.lock';
import { INSTANCE, InstanceSchema } from '../instances/instance.schema';
import { OutboxRelay } from './outbox.relay';
import { EFFECTS_QUEUE, TIMERS_QUEUE } from './queues';

/** The instance collection and the queues, with the relay between them. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: INSTANCE, schema: InstanceSchema }]),
    BullModule.registerQueue({ name: EFFECTS_QUEUE }, { name: TIMERS_QUEUE }),
  ],
  providers: [OutboxRelay, InstanceLock],
  exports: [OutboxRelay, InstanceLock, MongooseModule, BullModule],
})
export class EffectsModule {}
