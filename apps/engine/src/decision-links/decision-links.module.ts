import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InstancesModule } from '../instances/instances.module';
import { TasksModule } from '../tasks/tasks.module';
import { LINK_USE, LinkUseSchema } from './decision-link.schema';
import { DecisionLinksController } from './decision-links.controller';
import { DecisionLinksService } from './decision-links.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: LINK_USE, schema: LinkUseSchema }]), TasksModule, InstancesModule, DefinitionsModule],
  controllers: [DecisionLinksController],
  providers: [DecisionLinksService],
  exports: [DecisionLinksService],
})
export class DecisionLinksModule {}
