import { EffectsModule } from '../effects/effects.module';
import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module';
import { InboundService } from './inbound.service';
import { InboundController, WebhooksController } from './webhooks.controller';
import { WEBHOOKS_QUEUE, WebhooksService } from './webhooks.service';

/** Webhooks out (subscriptions, signed deliveries) and in (triggers with Idempotency-Key, events). */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: WEBHOOKS_QUEUE }), InstancesModule, EffectsModule],
  controllers: [WebhooksController, InboundController],
  providers: [WebhooksService, InboundService],
  exports: [WebhooksService],
})
export class WebhooksModule {}
