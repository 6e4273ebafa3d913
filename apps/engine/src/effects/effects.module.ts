import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DueTimers } from './due-timers';
import { OutboxRelay } from './outbox.relay';
import { EFFECTS_QUEUE, TIMERS_QUEUE } from './queues';

/** The queues and the relay that feeds them. */
@Module({
  imports: [
    BullModule.registerQueue({ name: EFFECTS_QUEUE }, { name: TIMERS_QUEUE }),
  ],
  providers: [OutboxRelay, DueTimers],
  exports: [OutboxRelay, DueTimers, BullModule],
})
export class EffectsModule {}
