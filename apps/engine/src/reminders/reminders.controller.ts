import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Items, Reply, ValidParams, ValidQuery } from '../api/contract';
import { Actor, type Identity } from '../auth/identity';
import { FollowUp, FollowUpParams, FollowUpQuery, RunListQuery, RunParams, SopRun } from './reminders.dto';
import { RemindersService } from './reminders.service';

@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/v1/sop')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('runs')
  @ApiOperation({ summary: 'SOP cadences started by triggers, with their steps' })
  @Reply(Items(SopRun))
  runs(@Actor() actor: Identity, @ValidQuery(RunListQuery) q: Static<typeof RunListQuery>) {
    return this.reminders.listRuns(actor, q);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One cadence: steps taken, cancellation, first response against its target' })
  @Reply(SopRun)
  run(@Actor() actor: Identity, @ValidParams(RunParams) p: Static<typeof RunParams>) {
    return this.reminders.getRun(actor, p.id);
  }

  @Get('follow-ups')
  @ApiOperation({ summary: 'My follow-up tasks' })
  @Reply(Items(FollowUp))
  followUps(@Actor() actor: Identity, @ValidQuery(FollowUpQuery) q: Static<typeof FollowUpQuery>) {
    return this.reminders.myFollowUps(actor, q.status);
  }

  @Post('follow-ups/:id/done')
  @HttpCode(200)
  @Reply(FollowUp, { errors: [403, 409] })
  done(@Actor() actor: Identity, @ValidParams(FollowUpParams) p: Static<typeof FollowUpParams>) {
    return this.reminders.completeFollowUp(actor, p.id);
  }
}
