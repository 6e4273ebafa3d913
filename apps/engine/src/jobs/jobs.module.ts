import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BulkWorker } from './bulk.worker';
import { JOB, JobSchema } from './job.schema';
import { JobsController } from './jobs.controller';
import { JOBS_QUEUE, JobsService } from './jobs.service';

/** Background jobs with progress (bulk approve): the API in every process, their worker where workers run. */
@Global()
@Module({})
export class JobsModule {
  static forRole(role: string): DynamicModule {
    return {
      module: JobsModule,
      imports: [
        MongooseModule.forFeature([{ name: JOB, schema: JobSchema }]),
        BullModule.registerQueue({ name: JOBS_QUEUE }),
      ],
      controllers: [JobsController],
      providers: [JobsService, ...(role === 'api' ? [] : [BulkWorker])],
      exports: [JobsService],
    };
  }
}
