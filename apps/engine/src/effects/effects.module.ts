import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DueTimers } from './due-timers';
import { EffectHandlers } from './effect-handlers.service';
import { DomainEvents, DomainEventsSchemas } from './domain-events.service';
import { OutboxRelay } from './outbox.relay';
import { EFFECTS_QUEUE, TIMERS_QUEUE } from './queues';

/** The queues, the relay that feeds them, and the registry of who performs each effect. */
@Module({
  imports: [
    BullModule.registerQueue({ name: EFFECTS_QUEUE }, { name: TIMERS_QUEUE }),
    DomainEventsSchemas,
  ],
  providers: [OutboxRelay, DueTimers, EffectHandlers, DomainEvents],
  exports: [OutboxRelay, DueTimers, EffectHandlers, DomainEvents, BullModule],
})
export class EffectsModule {}
