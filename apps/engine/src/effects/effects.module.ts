import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DueTimers } from './due-timers';
import { EffectHandlers } from './effect-handlers.service';
import { DomainEvents, DomainEventsSchemas } from './domain-events.service';
import { EFFECTS_QUEUE, TIMERS_QUEUE } from './queues';

/** The queues and the registry of who performs each effect (instances' outbox relay feeds them). */
@Module({
  imports: [
    BullModule.registerQueue({ name: EFFECTS_QUEUE }, { name: TIMERS_QUEUE }),
    DomainEventsSchemas,
  ],
  providers: [DueTimers, EffectHandlers, DomainEvents],
  exports: [DueTimers, EffectHandlers, DomainEvents, BullModule],
})
export class EffectsModule {}
