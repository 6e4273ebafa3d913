import { Module } from '@nestjs/common';
import { AttachmentsController } from '../attachments/attachments.controller';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { EffectsModule } from '../effects/effects.module';
import { PeopleModule } from '../org/people.module';
import { InstancesController } from './instances.controller';
import { InstancesService } from './instances.service';
import { SerialCounterModel, SerialNumbers } from './serial-numbers';

@Module({
  imports: [DefinitionsModule, EffectsModule, PeopleModule, AttachmentsModule, SerialCounterModel],
  controllers: [InstancesController, AttachmentsController],
  providers: [InstancesService, SerialNumbers],
  exports: [InstancesService],
})
export class InstancesModule {}
