import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { EffectsModule } from '../effects/effects.module';
import { InstancesController } from './instances.controller';
import { InstancesService } from './instances.service';

@Module({
  imports: [DefinitionsModule, EffectsModule],
  controllers: [InstancesController],
  providers: [InstancesService],
  exports: [InstancesService],
})
export class InstancesModule {}
