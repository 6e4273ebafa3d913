import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DefinitionsModule } from '../definitions/definitions.module';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { FACT, FactSchema } from './fact.schema';
import { FactRecorder } from './fact.recorder';

/** Dashboards: facts recorded from published events, metrics over them. Global so the effects worker can record. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: FACT, schema: FactSchema }]), DefinitionsModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService, FactRecorder],
  exports: [FactRecorder],
})
export class AnalyticsModule {}
