import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DRAFT, DraftSchema, VERSION, VersionSchema } from './definition.schema';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { VersionsRepository } from './versions.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: DRAFT, schema: DraftSchema }, { name: VERSION, schema: VersionSchema }])],
  controllers: [DefinitionsController],
  providers: [DefinitionsService, VersionsRepository],
  exports: [DefinitionsService, VersionsRepository],
})
export class DefinitionsModule {}
