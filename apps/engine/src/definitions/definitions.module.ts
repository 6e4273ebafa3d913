import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DRAFT, DraftSchema, VERSION, VersionSchema } from './definition.schema';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: DRAFT, schema: DraftSchema }, { name: VERSION, schema: VersionSchema }])],
  controllers: [DefinitionsController],
  providers: [DefinitionsService],
  exports: [DefinitionsService],
})
export class DefinitionsModule {}
