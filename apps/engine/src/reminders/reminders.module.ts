import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomersModule } from '../customers/customers.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { EffectsModule } from '../effects/effects.module';
import { PeopleModule } from '../org/people.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RoutingModule } from '../routing/routing.module';
import { RemindersController } from './reminders.controller';
import { RemindersService } from './reminders.service';
import { FOLLOW_UP, FollowUpSchema, SOP_QUEUE, SOP_RUN, SOP_STEP_LOG, SopRunSchema, SopStepLogSchema } from './sop.schema';
import { SopWorker } from './sop.worker';

/** SOP cadences: triggers and the API everywhere, the step worker where workers run. */
@Module({})
export class RemindersModule {
  static forRole(role: string): DynamicModule {
    return {
      module: RemindersModule,
      imports: [
        MongooseModule.forFeature([
          { name: SOP_RUN, schema: SopRunSchema },
          { name: SOP_STEP_LOG, schema: SopStepLogSchema },
          { name: FOLLOW_UP, schema: FollowUpSchema },
        ]),
        BullModule.registerQueue({ name: SOP_QUEUE }),
        CustomersModule,
        DefinitionsModule,
        EffectsModule,
        PeopleModule,
        NotificationsModule,
        RoutingModule,
      ],
      controllers: [RemindersController],
      providers: [RemindersService, ...(role === 'api' ? [] : [SopWorker])],
    };
  }
}
