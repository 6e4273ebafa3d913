import { Global, Module } from '@nestjs/common';
import { NodeTypesController } from './node-types.controller';
import { NodeTypesService } from './node-types.service';

@Global()
@Module({ controllers: [NodeTypesController], providers: [NodeTypesService], exports: [NodeTypesService] })
export class NodeTypesModule {}
