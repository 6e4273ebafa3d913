import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CAMPAIGN, CampaignSchema, DELIVERY, DeliverySchema, RECIPIENT, RecipientSchema } from './campaign.schema';
import { CampaignsRepository } from './campaigns.repository';

/** Reading campaigns needs only their collections, so analytics can use it without the rest of campaigns (its sender and queue). */
@Module({
  imports: [MongooseModule.forFeature([{ name: CAMPAIGN, schema: CampaignSchema }, { name: RECIPIENT, schema: RecipientSchema }, { name: DELIVERY, schema: DeliverySchema }])],
  providers: [CampaignsRepository],
  exports: [CampaignsRepository],
})
export class CampaignRecordsModule {}
