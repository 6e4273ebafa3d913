import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { JobsController } from './jobs.controller';
import { JOBS_QUEUE, JobsService } from './jobs.service';

/** Background jobs with progress (bulk approve); their worker is in the worker role. */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: JOBS_QUEUE })],
  controllers: [JobsController],
  providers: [JobsService],
  exports: [JobsService],
})
export class JobsModule {}
