import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { EffectsModule } from '../effects/effects.module';
import { PeopleModule } from '../org/people.module';
import { INSTANCE, InstanceSchema } from './instance.schema';
import { InstancesController } from './instances.controller';
import { InstancesRepository } from './instances.repository';
import { InstancesService } from './instances.service';
import { OutboxRelay } from './outbox.relay';
import { SerialCounterModel, SerialNumbers } from './serial-numbers';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: INSTANCE, schema: InstanceSchema }]),
    DefinitionsModule, EffectsModule, PeopleModule, AttachmentsModule, SerialCounterModel,
  ],
  controllers: [InstancesController, AttachmentsController],
  providers: [InstancesService, InstancesRepository, SerialNumbers, OutboxRelay],
  exports: [InstancesService, InstancesRepository],
})
export class InstancesModule {}
