import { EffectsModule } from '../effects/effects.module';
import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { InstancesModule } from '../instances/instances.module';
import { InboundService } from './inbound.service';
import { DELIVERY, DeliverySchema, IDEMPOTENCY, IdempotencySchema, SUBSCRIPTION, SubscriptionSchema } from './webhook.schema';
import { InboundController, WebhooksController } from './webhooks.controller';
import { WEBHOOKS_QUEUE, WebhooksService } from './webhooks.service';
import { WebhooksWorker } from './webhooks.worker';

/** Webhooks out (subscriptions, signed deliveries) and in (triggers with Idempotency-Key, events); the sender where workers run. */
@Global()
@Module({})
export class WebhooksModule {
  static forRole(role: string): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        MongooseModule.forFeature([
          { name: SUBSCRIPTION, schema: SubscriptionSchema },
          { name: DELIVERY, schema: DeliverySchema },
          { name: IDEMPOTENCY, schema: IdempotencySchema },
        ]),
        BullModule.registerQueue({ name: WEBHOOKS_QUEUE }),
        InstancesModule,
        EffectsModule,
      ],
      controllers: [WebhooksController, InboundController],
      providers: [WebhooksService, InboundService, ...(role === 'api' ? [] : [WebhooksWorker])],
      exports: [WebhooksService],
    };
  }
}
