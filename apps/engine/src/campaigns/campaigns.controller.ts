import { Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Items, Page, Reply, ValidBody, ValidParams, ValidPatch, ValidQuery } from '../api/contract';
import { Actor, Roles, type Identity } from '../auth/identity';
import { Campaign, CampaignReview, ChangeVersionBody, CampaignEventBody, CampaignListQuery, CampaignParams, CampaignSummary, CreateCampaignBody, CustomerParams, InAppMessage, Preview, PreviewBody, RecordedEvent, SensitiveWordsBody, Words } from './campaigns.dto';
import { CustomersService } from '../customers/customers.service';
import { CampaignsService } from './campaigns.service';
import { Heavy } from '../auth/rate-limits';

type Id = Static<typeof CampaignParams>;

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/v1')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly customers: CustomersService,
  ) {}

  @Post('campaigns')
  @Roles('superAdmin')
  @Heavy()
  @ApiOperation({ summary: 'Send a published campaign definition now or at sendAt' })
  @Reply(Campaign, { errors: [404, 422] })
  create(@Actor() actor: Identity, @ValidBody(CreateCampaignBody) b: Static<typeof CreateCampaignBody>) {
    return this.campaigns.create(actor, b);
  }

  @Get('campaigns')
  @Reply(Page(CampaignSummary))
  list(@Actor() actor: Identity, @ValidQuery(CampaignListQuery) q: Static<typeof CampaignListQuery>) {
    return this.campaigns.list(actor, q);
  }

  @Post('campaigns/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'The message one customer would receive, for any variant' })
  @Reply(Preview, { errors: [404, 422] })
  async preview(@Actor() actor: Identity, @ValidBody(PreviewBody) b: Static<typeof PreviewBody>) {
    // a message renders the customer's fields: only for customers the caller may see
    await this.customers.findVisible(actor, b.customerId);
    return this.campaigns.preview(actor, b);
  }

  @Get('campaigns/sensitive-words')
  @Reply(Words)
  words(@Actor() actor: Identity) {
    return this.campaigns.wordsOf(actor.tenantId).then((words) => ({ words }));
  }

  @Put('campaigns/sensitive-words')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'The tenant\'s sensitive words: a campaign containing one cannot be published' })
  @Reply(Words)
  setWords(@Actor() actor: Identity, @ValidBody(SensitiveWordsBody) b: Static<typeof SensitiveWordsBody>) {
    return this.campaigns.setWords(actor, b.words);
  }

  @Get('campaigns/:id')
  @ApiOperation({ summary: 'A campaign with its progress (sent / total, rate, ETA) and per-variant stats' })
  @Reply(Campaign)
  get(@Actor() actor: Identity, @ValidParams(CampaignParams) p: Id) {
    return this.campaigns.get(actor, p.id);
  }

  @Get('campaigns/:id/review')
  @ApiOperation({ summary: 'What approvers of a gated campaign look at: audience count, each variant with a preview, sensitive words found' })
  @Reply(CampaignReview)
  review(@Actor() actor: Identity, @ValidParams(CampaignParams) p: Id) {
    return this.campaigns.review(actor, p.id);
  }

  @Patch('campaigns/:id')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Move a campaign that has not started sending to another published version; a gated one whose content changed waits for a new approval' })
  @Reply(Campaign, { errors: [404, 409, 422] })
  changeVersion(@Actor() actor: Identity, @ValidParams(CampaignParams) p: Id, @ValidPatch(ChangeVersionBody) b: Static<typeof ChangeVersionBody>) {
    return this.campaigns.changeVersion(actor, p.id, b.version);
  }

  @Post('campaigns/:id/pause')
  @Roles('superAdmin')
  @HttpCode(200)
  @Reply(Campaign, { errors: [409] })
  pause(@Actor() actor: Identity, @ValidParams(CampaignParams) p: Id) {
    return this.campaigns.pause(actor, p.id);
  }

  @Post('campaigns/:id/resume')
  @Roles('superAdmin')
  @HttpCode(200)
  @Reply(Campaign, { errors: [409] })
  resume(@Actor() actor: Identity, @ValidParams(CampaignParams) p: Id) {
    return this.campaigns.resume(actor, p.id);
  }

  @Post('campaigns/:id/cancel')
  @Roles('superAdmin')
  @HttpCode(200)
  @Reply(Campaign, { errors: [409] })
  cancel(@Actor() actor: Identity, @ValidParams(CampaignParams) p: Id) {
    return this.campaigns.cancel(actor, p.id);
  }

  @Post('campaigns/:id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Inbound webhook: a recipient replied or clicked through' })
  @Reply(RecordedEvent, { errors: [409] })
  event(@Actor() actor: Identity, @ValidParams(CampaignParams) p: Id, @ValidBody(CampaignEventBody) b: Static<typeof CampaignEventBody>) {
    return this.campaigns.recordEvent(actor, p.id, b);
  }

  @Get('customers/:id/messages')
  @ApiOperation({ summary: 'The customer\'s in-app campaign messages' })
  @Reply(Items(InAppMessage))
  async inbox(@Actor() actor: Identity, @ValidParams(CustomerParams) p: Static<typeof CustomerParams>) {
    await this.customers.findVisible(actor, p.id);
    return this.campaigns.inboxOf(actor, p.id);
  }
}
