import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { params } from '../api/schema.pipe';
import { Actor, type Identity } from '../auth/identity';
import { JobsService } from './jobs.service';

const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Progress of a background job: done / total, rate, ETA, and each item\'s result' })
  get(@Actor() actor: Identity, @Param(params(JobParams)) p: Static<typeof JobParams>) {
    return this.jobs.get(actor, p.id);
  }
}
