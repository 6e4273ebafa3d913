import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Items, Page, Reply, ValidBody, ValidParams, ValidQuery } from '../api/contract';
import { openapi } from '../api/schema.pipe';
import { InvalidInput } from '../api/domain-error';
import { Actor, Roles, type Identity } from '../auth/identity';
import { AnyDefinition, DefinitionIdParams, Draft, DraftBody, DraftSummary, ListQuery, Problems, PublishBody, Version, VersionParams, VersionSummary } from './definitions.dto';
import { DefinitionsService } from './definitions.service';

@ApiTags('definitions')
@ApiBearerAuth()
@Controller('api/v1/definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Get()
  @ApiOperation({ summary: 'List definitions (drafts with their latest published version)' })
  @Reply(Page(DraftSummary))
  list(@Actor() actor: Identity, @ValidQuery(ListQuery) q: Static<typeof ListQuery>) {
    return this.definitions.list(actor, q);
  }

  @Post()
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Create a draft; it may hold problems until it is published' })
  @Reply(Draft, { errors: [409] })
  create(@Actor() actor: Identity, @ValidBody(DraftBody) draft: Static<typeof DraftBody>) {
    return this.definitions.create(actor, draft);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a definition without saving it' })
  @ApiBody({ schema: openapi(AnyDefinition) })
  @Reply(Problems, { errors: [400, 413] })
  validateBody(@Body() definition: unknown) {
    if (definition === undefined) throw new InvalidInput([{ pointer: '/body', message: 'is required: send the definition as JSON' }]);
    return { problems: this.definitions.validate(definition) };
  }

  @Get(':id')
  @Reply(Draft)
  get(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>) {
    return this.definitions.get(actor, p.id);
  }

  @Put(':id')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Create or replace the draft' })
  @Reply(Draft)
  save(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>, @ValidBody(DraftBody) draft: Static<typeof DraftBody>) {
    return this.definitions.save(actor, p.id, draft);
  }

  @Post(':id/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Every problem of the saved draft, each with a JSON pointer' })
  @Reply(Problems)
  async validateDraft(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>) {
    return { problems: await this.definitions.problemsOf(actor, p.id) };
  }

  @Post(':id/publish')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Publish the draft as the next immutable version (422 with problems when invalid)' })
  @Reply(Version, { errors: [409, 422] })
  publish(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>, @ValidBody(PublishBody) b: Static<typeof PublishBody>) {
    return this.definitions.publish(actor, p.id, b.note);
  }

  @Get(':id/versions')
  @Reply(Items(VersionSummary))
  versions(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>) {
    return this.definitions.listVersions(actor, p.id);
  }

  @Get(':id/versions/:version')
  @Reply(Version)
  version(@Actor() actor: Identity, @ValidParams(VersionParams) p: Static<typeof VersionParams>) {
    return this.definitions.getVersion(actor, p.id, p.version);
  }
}
