import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TASK, TaskSchema } from './task.schema';
import { TasksRepository } from './tasks.repository';

/** Reading tasks needs only their collection, so analytics and instances (through its TASK_READS port) can use it without the rest of tasks (which imports instances). */
@Module({
  imports: [MongooseModule.forFeature([{ name: TASK, schema: TaskSchema }])],
  providers: [TasksRepository],
  exports: [TasksRepository],
})
export class TaskRecordsModule {}
