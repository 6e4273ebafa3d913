import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { EffectsModule } from '../effects/effects.module';
import { InstancesModule } from '../instances/instances.module';
import { PeopleModule } from '../org/people.module';
import { InstanceTasksController } from './instance-tasks.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TaskEffects } from './task.effects';

@Module({
  imports: [InstancesModule, EffectsModule, DefinitionsModule, PeopleModule],
  controllers: [TasksController, InstanceTasksController],
  providers: [TasksService, TaskEffects],
  exports: [TasksService],
})
export class TasksModule {}
