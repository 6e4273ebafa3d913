import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InstancesModule } from '../instances/instances.module';
import { NodeTypesModule } from '../node-types/node-types.module';
import { PeopleModule } from '../org/people.module';
import { MIGRATION, MigrationSchema, WHAT_IF, WhatIfSchema } from './change.schema';
import { ChangesController } from './changes.controller';
import { MigrationWorker } from './migration.worker';
import { MIGRATIONS_QUEUE, MigrationsService } from './migrations.service';
import { WhatIfWorker } from './what-if.worker';
import { WHAT_IF_QUEUE, WhatIfService } from './what-if.service';

/** Changing a published flow: migrations and what-if (the API everywhere, their workers where workers run). */
@Module({})
export class ChangesModule {
  static forRole(role: string): DynamicModule {
    return {
      module: ChangesModule,
      imports: [
        MongooseModule.forFeature([{ name: MIGRATION, schema: MigrationSchema }, { name: WHAT_IF, schema: WhatIfSchema }]),
        BullModule.registerQueue({ name: MIGRATIONS_QUEUE }, { name: WHAT_IF_QUEUE }),
        DefinitionsModule, InstancesModule, NodeTypesModule, PeopleModule,
      ],
      controllers: [ChangesController],
      providers: [MigrationsService, WhatIfService, ...(role === 'api' ? [] : [MigrationWorker, WhatIfWorker])],
    };
  }
}
