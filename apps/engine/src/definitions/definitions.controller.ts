import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { body, openapi, params, query } from '../api/schema.pipe';
import { InvalidInput } from '../api/domain-error';
import { Actor, Roles, type Identity } from '../auth/identity';
import { DefinitionIdParams, DefinitionSchema, DraftBody, ListQuery, PublishBody, VersionParams } from './definitions.dto';
import { DefinitionsService } from './definitions.service';

@ApiTags('definitions')
@ApiBearerAuth()
@Controller('api/v1/definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Get()
  @ApiOperation({ summary: 'List definitions (drafts with their latest published version)' })
  list(@Actor() actor: Identity, @Query(query(ListQuery)) q: Static<typeof ListQuery>) {
    return this.definitions.list(actor, q);
  }

  @Post()
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Create a draft; it may hold problems until it is published' })
  @ApiBody({ schema: openapi(DefinitionSchema) })
  create(@Actor() actor: Identity, @Body(body(DraftBody)) draft: Static<typeof DraftBody>) {
    return this.definitions.create(actor, draft);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a definition without saving it' })
  @ApiBody({ schema: openapi(DefinitionSchema) })
  validateBody(@Body() definition: unknown) {
    if (definition === undefined) throw new InvalidInput([{ pointer: '/body', message: 'is required: send the definition as JSON' }]);
    return { problems: this.definitions.validate(definition) };
  }

  @Get(':id')
  get(@Actor() actor: Identity, @Param(params(DefinitionIdParams)) p: Static<typeof DefinitionIdParams>) {
    return this.definitions.get(actor, p.id);
  }

  @Put(':id')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Create or replace the draft' })
  @ApiBody({ schema: openapi(DefinitionSchema) })
  save(@Actor() actor: Identity, @Param(params(DefinitionIdParams)) p: Static<typeof DefinitionIdParams>, @Body(body(DraftBody)) draft: Static<typeof DraftBody>) {
    return this.definitions.save(actor, p.id, draft);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Every problem of the saved draft, each with a JSON pointer' })
  async validateDraft(@Actor() actor: Identity, @Param(params(DefinitionIdParams)) p: Static<typeof DefinitionIdParams>) {
    return { problems: await this.definitions.problemsOf(actor, p.id) };
  }

  @Post(':id/publish')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Publish the draft as the next immutable version (422 with problems when invalid)' })
  @ApiBody({ schema: openapi(PublishBody) })
  publish(@Actor() actor: Identity, @Param(params(DefinitionIdParams)) p: Static<typeof DefinitionIdParams>, @Body(body(PublishBody)) b: Static<typeof PublishBody>) {
    return this.definitions.publish(actor, p.id, b.note);
  }

  @Get(':id/versions')
  versions(@Actor() actor: Identity, @Param(params(DefinitionIdParams)) p: Static<typeof DefinitionIdParams>) {
    return this.definitions.listVersions(actor, p.id);
  }

  @Get(':id/versions/:version')
  version(@Actor() actor: Identity, @Param(params(VersionParams)) p: Static<typeof VersionParams>) {
    return this.definitions.getVersion(actor, p.id, p.version);
  }
}
