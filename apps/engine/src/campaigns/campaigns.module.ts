import { SenderLease } from './sender.lease';
import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomersModule } from '../customers/customers.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { EffectsModule } from '../effects/effects.module';
import {
  CAMPAIGN, CAMPAIGNS_QUEUE, CampaignSchema, CUSTOMER_MESSAGE, CustomerMessageSchema, DELIVERY, DeliverySchema, RECIPIENT, RecipientSchema, SENSITIVE_WORDS, SensitiveWordsSchema,
} from './campaign.schema';
import { CampaignWorker } from './campaign.worker';
import { CampaignApprovals } from './campaign-approvals';
import { InstancesModule } from '../instances/instances.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { ChannelSenders } from './channels';
import { FrequencyCap } from './frequency-cap';
import { CampaignProgress } from './progress';
import { ChannelThrottle } from './throttle';

/** Campaigns: the API in every process, the sender only where workers run. */
@Module({})
export class CampaignsModule {
  static forRole(role: string): DynamicModule {
    return {
      module: CampaignsModule,
      imports: [
        MongooseModule.forFeature([
          { name: CAMPAIGN, schema: CampaignSchema },
          { name: RECIPIENT, schema: RecipientSchema },
          { name: DELIVERY, schema: DeliverySchema },
          { name: CUSTOMER_MESSAGE, schema: CustomerMessageSchema },
          { name: SENSITIVE_WORDS, schema: SensitiveWordsSchema },
        ]),
        BullModule.registerQueue({ name: CAMPAIGNS_QUEUE }),
        CustomersModule,
        DefinitionsModule,
        EffectsModule,
        InstancesModule,
      ],
      controllers: [CampaignsController],
      providers: [CampaignsService, CampaignApprovals, CampaignProgress, FrequencyCap, ChannelThrottle, ChannelSenders, ...(role === 'api' ? [] : [CampaignWorker, SenderLease])],
      exports: [CampaignsService],
    };
  }
}
