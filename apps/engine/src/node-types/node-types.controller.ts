import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { definitionJsonSchema } from '@baton/dsl';
import { NodeTypesService } from './node-types.service';

@ApiTags('node types')
@ApiBearerAuth()
@Controller('api/v1')
export class NodeTypesController {
  constructor(private readonly nodeTypes: NodeTypesService) {}

  @Get('node-types')
  @ApiOperation({ summary: 'Node types with their config JSON Schema (the designer palette)' })
  list() {
    return { items: this.nodeTypes.list(), skipped: this.nodeTypes.skipped };
  }

  @Get('schema/definition')
  @ApiOperation({ summary: 'The JSON Schema of a workflow definition' })
  definitionSchema() {
    return definitionJsonSchema;
  }
}
