import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { SerialLock } from './serial.lock';
import { OutboxRelay } from './outbox.relay';
import { EFFECTS_QUEUE, TIMERS_QUEUE } from './queues';

/** The queues, the relay that feeds them and the lock that serialises writers. */
@Module({
  imports: [
    BullModule.registerQueue({ name: EFFECTS_QUEUE }, { name: TIMERS_QUEUE }),
  ],
  providers: [OutboxRelay, SerialLock],
  exports: [OutboxRelay, SerialLock, BullModule],
})
export class EffectsModule {}
