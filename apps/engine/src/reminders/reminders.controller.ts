import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { params, query } from '../api/schema.pipe';
import { Actor, type Identity } from '../auth/identity';
import { FollowUpParams, FollowUpQuery, RunListQuery, RunParams } from './reminders.dto';
import { RemindersService } from './reminders.service';

@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/v1/sop')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('runs')
  @ApiOperation({ summary: 'SOP cadences started by triggers, with their steps' })
  runs(@Actor() actor: Identity, @Query(query(RunListQuery)) q: Static<typeof RunListQuery>) {
    return this.reminders.listRuns(actor, q);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One cadence: steps taken, cancellation, first response against its target' })
  run(@Actor() actor: Identity, @Param(params(RunParams)) p: Static<typeof RunParams>) {
    return this.reminders.getRun(actor, p.id);
  }

  @Get('follow-ups')
  @ApiOperation({ summary: 'My follow-up tasks' })
  followUps(@Actor() actor: Identity, @Query(query(FollowUpQuery)) q: Static<typeof FollowUpQuery>) {
    return this.reminders.myFollowUps(actor, q.status);
  }

  @Post('follow-ups/:id/done')
  @HttpCode(200)
  done(@Actor() actor: Identity, @Param(params(FollowUpParams)) p: Static<typeof FollowUpParams>) {
    return this.reminders.completeFollowUp(actor, p.id);
  }
}
