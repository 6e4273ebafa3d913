import { EffectsModule } from '../effects/effects.module';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomersModule } from '../customers/customers.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { PeopleModule } from '../org/people.module';
import { ROUTING_DECISION, ROUTING_TURN, RoutingTurnSchema, RoutingDecisionSchema } from './decision.schema';
import { RoutingController } from './routing.controller';
import { RoutingRepository } from './routing.repository';
import { RoutingService } from './routing.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: ROUTING_DECISION, schema: RoutingDecisionSchema }, { name: ROUTING_TURN, schema: RoutingTurnSchema }]), CustomersModule, DefinitionsModule, PeopleModule, EffectsModule],
  controllers: [RoutingController],
  providers: [RoutingService, RoutingRepository],
  exports: [RoutingService, RoutingRepository],
})
export class RoutingModule {}
