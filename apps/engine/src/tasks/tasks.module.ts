import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DefinitionsModule } from '../definitions/definitions.module';
import { EffectsModule } from '../effects/effects.module';
import { InstancesModule } from '../instances/instances.module';
import { PeopleModule } from '../org/people.module';
import { InstanceTasksController } from './instance-tasks.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TaskEffects } from './task.effects';
import { TaskHandoverService } from './task-handover';
import { SIGNATURE, SignatureSchema } from './signature.schema';
import { TASK, TaskSchema } from './task.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: TASK, schema: TaskSchema }, { name: SIGNATURE, schema: SignatureSchema }]), InstancesModule, EffectsModule, DefinitionsModule, PeopleModule],
  controllers: [TasksController, InstanceTasksController],
  providers: [TasksService, TaskEffects, TaskHandoverService],
  exports: [TasksService, TaskHandoverService],
})
export class TasksModule {}
