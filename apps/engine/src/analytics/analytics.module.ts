import { EffectsModule } from '../effects/effects.module';
import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CampaignRecordsModule } from '../campaigns/campaign-records.module';
import { CustomersModule } from '../customers/customers.module';
import { RoutingModule } from '../routing/routing.module';
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
  ]), DefinitionsModule, PeopleModule, EffectsModule, InstancesModule, TaskRecordsModule,
  // the CRM figures read what routing, campaigns and customers keep, through their repositories
  RoutingModule, CampaignRecordsModule, CustomersModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService, FactRecorder, FactCounters, { provide: ROUTING_FACTS, useExisting: FactRecorder }, { provide: SOP_FACTS, useExisting: FactRecorder }],
  exports: [FactRecorder, FactCounters, ROUTING_FACTS, SOP_FACTS],
})
export class AnalyticsModule {}
