import { EffectsModule } from '../effects/effects.module';
import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CAMPAIGN, CampaignSchema, DELIVERY, DeliverySchema, RECIPIENT, RecipientSchema } from '../campaigns/campaign.schema';
import { CUSTOMER, CustomerSchema } from '../customers/customer.schema';
import { ROUTING_DECISION, RoutingDecisionSchema } from '../routing/decision.schema';
import { DefinitionsModule } from '../definitions/definitions.module';
import { PeopleModule } from '../org/people.module';
import { InstancesModule } from '../instances/instances.module';
import { TaskRecordsModule } from '../tasks/task-records.module';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { FACT, FactSchema } from './fact.schema';
import { FactRecorder } from './fact.recorder';
import { FactCounters } from './fact.counters';
import { COUNTER, CounterSchema } from './counter.schema';
import { SOP_FACTS } from '../reminders/reminders.ports';
import { ROUTING_FACTS } from '../routing/routing.ports';

/** Dashboards: facts recorded from published events, metrics over them. Global so routing and reminders reach the recorder through their ports. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([
    { name: FACT, schema: FactSchema },
    { name: COUNTER, schema: CounterSchema },
    // the CRM figures read what routing, campaigns and customers keep
    { name: ROUTING_DECISION, schema: RoutingDecisionSchema },
    { name: CAMPAIGN, schema: CampaignSchema },
    { name: RECIPIENT, schema: RecipientSchema },
    { name: DELIVERY, schema: DeliverySchema },
    { name: CUSTOMER, schema: CustomerSchema },
  ]), DefinitionsModule, PeopleModule, EffectsModule, InstancesModule, TaskRecordsModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService, FactRecorder, FactCounters, { provide: ROUTING_FACTS, useExisting: FactRecorder }, { provide: SOP_FACTS, useExisting: FactRecorder }],
  exports: [FactRecorder, FactCounters, ROUTING_FACTS, SOP_FACTS],
})
export class AnalyticsModule {}
