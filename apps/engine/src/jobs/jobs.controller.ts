import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Reply, ValidParams } from '../api/contract';
import { Actor, type Identity } from '../auth/identity';
import { Job } from './jobs.dto';
import { JobsService } from './jobs.service';

const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Progress of a background job: done / total, rate, ETA, and each item\'s result' })
  @Reply(Job)
  get(@Actor() actor: Identity, @ValidParams(JobParams) p: Static<typeof JobParams>) {
    return this.jobs.get(actor, p.id);
  }
}
