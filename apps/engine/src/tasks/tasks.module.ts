import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { EffectsModule } from '../effects/effects.module';
import { InstancesModule } from '../instances/instances.module';
import { InstanceTasksController } from './instance-tasks.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [InstancesModule, EffectsModule, DefinitionsModule],
  controllers: [TasksController, InstanceTasksController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
