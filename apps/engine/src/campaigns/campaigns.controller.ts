import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { body, openapi, params, query } from '../api/schema.pipe';
import { Actor, Roles, type Identity } from '../auth/identity';
import { CampaignEventBody, CampaignListQuery, CampaignParams, CreateCampaignBody, CustomerParams, PreviewBody, SensitiveWordsBody } from './campaigns.dto';
import { CampaignsService } from './campaigns.service';
import { Heavy } from '../auth/rate-limits';

type Id = Static<typeof CampaignParams>;

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/v1')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post('campaigns')
  @Roles('superAdmin')
  @Heavy()
  @ApiBody({ schema: openapi(CreateCampaignBody) })
  @ApiOperation({ summary: 'Send a published campaign definition now or at sendAt' })
  create(@Actor() actor: Identity, @Body(body(CreateCampaignBody)) b: Static<typeof CreateCampaignBody>) {
    return this.campaigns.create(actor, b);
  }

  @Get('campaigns')
  list(@Actor() actor: Identity, @Query(query(CampaignListQuery)) q: Static<typeof CampaignListQuery>) {
    return this.campaigns.list(actor, q);
  }

  @Post('campaigns/preview')
  @HttpCode(200)
  @ApiBody({ schema: openapi(PreviewBody) })
  @ApiOperation({ summary: 'The message one customer would receive, for any variant' })
  preview(@Actor() actor: Identity, @Body(body(PreviewBody)) b: Static<typeof PreviewBody>) {
    return this.campaigns.preview(actor, b);
  }

  @Get('campaigns/sensitive-words')
  words(@Actor() actor: Identity) {
    return this.campaigns.wordsOf(actor.tenantId).then((words) => ({ words }));
  }

  @Put('campaigns/sensitive-words')
  @Roles('superAdmin')
  @ApiBody({ schema: openapi(SensitiveWordsBody) })
  @ApiOperation({ summary: 'The tenant\'s sensitive words: a campaign containing one cannot be published' })
  setWords(@Actor() actor: Identity, @Body(body(SensitiveWordsBody)) b: Static<typeof SensitiveWordsBody>) {
    return this.campaigns.setWords(actor, b.words);
  }

  @Get('campaigns/:id')
  @ApiOperation({ summary: 'A campaign with its progress (sent / total, rate, ETA) and per-variant stats' })
  get(@Actor() actor: Identity, @Param(params(CampaignParams)) p: Id) {
    return this.campaigns.get(actor, p.id);
  }

  @Post('campaigns/:id/pause')
  @Roles('superAdmin')
  @HttpCode(200)
  pause(@Actor() actor: Identity, @Param(params(CampaignParams)) p: Id) {
    return this.campaigns.pause(actor, p.id);
  }

  @Post('campaigns/:id/resume')
  @Roles('superAdmin')
  @HttpCode(200)
  resume(@Actor() actor: Identity, @Param(params(CampaignParams)) p: Id) {
    return this.campaigns.resume(actor, p.id);
  }

  @Post('campaigns/:id/cancel')
  @Roles('superAdmin')
  @HttpCode(200)
  cancel(@Actor() actor: Identity, @Param(params(CampaignParams)) p: Id) {
    return this.campaigns.cancel(actor, p.id);
  }

  @Post('campaigns/:id/events')
  @HttpCode(200)
  @ApiBody({ schema: openapi(CampaignEventBody) })
  @ApiOperation({ summary: 'Inbound webhook: a recipient replied or clicked through' })
  event(@Actor() actor: Identity, @Param(params(CampaignParams)) p: Id, @Body(body(CampaignEventBody)) b: Static<typeof CampaignEventBody>) {
    return this.campaigns.recordEvent(actor, p.id, b);
  }

  @Get('customers/:id/messages')
  @ApiOperation({ summary: 'The customer\'s in-app campaign messages' })
  inbox(@Actor() actor: Identity, @Param(params(CustomerParams)) p: Static<typeof CustomerParams>) {
    return this.campaigns.inboxOf(actor, p.id);
  }
}
