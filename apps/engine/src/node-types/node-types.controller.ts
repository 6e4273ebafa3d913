import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { definitionJsonSchema } from '@baton/dsl';
import { Type } from '@sinclair/typebox';
import { AnyObject, Reply } from '../api/contract';
import { NodeTypesService } from './node-types.service';
const NodeTypes = Type.Object({
  items: Type.Array(Type.Object({ type: Type.String(), title: Type.String(), category: Type.String(), config: AnyObject }, { additionalProperties: true })),
  skipped: Type.Array(Type.Unknown(), { description: 'custom node files that could not be loaded, and why' }),
}, { additionalProperties: false });

@ApiTags('node types')
@ApiBearerAuth()
@Controller('api/v1')
export class NodeTypesController {
  constructor(private readonly nodeTypes: NodeTypesService) {}

  @Get('node-types')
  @ApiOperation({ summary: 'Node types with their config JSON Schema (the designer palette)' })
  @Reply(NodeTypes)
  list() {
    return { items: this.nodeTypes.list(), skipped: this.nodeTypes.skipped };
  }

  @Get('schema/definition')
  @ApiOperation({ summary: 'The JSON Schema of a workflow definition' })
  @Reply(AnyObject)
  definitionSchema() {
    return definitionJsonSchema;
  }
}
