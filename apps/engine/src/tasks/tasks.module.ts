import { Module } from '@nestjs/common';
import { EffectsModule } from '../effects/effects.module';
import { InstancesModule } from '../instances/instances.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [InstancesModule, EffectsModule],
  controllers: [TasksController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
