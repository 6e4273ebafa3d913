import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Reply, ValidBody, ValidParams, ValidQuery } from '../api/contract';
import { Actor, Roles, type Identity } from '../auth/identity';
import { DefinitionIdParams, Version } from '../definitions/definitions.dto';
import { DryRun, MappingQuery, MappingSuggestion, Migration, MigrationBody, MigrationParams, PublishAnywayBody, WhatIfBody, WhatIfRun } from './changes.dto';
import { MigrationsService } from './migrations.service';
import { WhatIfService } from './what-if.service';

/** Changing a published flow: migrating its running requests, and what-if before publishing. */
@ApiTags('changes')
@ApiBearerAuth()
@Controller('api/v1')
export class ChangesController {
  constructor(private readonly migrations: MigrationsService, private readonly whatIf: WhatIfService) {}

  @Get('definitions/:id/migrations/mapping')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'The suggested node mapping from version `from` to `to` (same ids), how many requests wait at each node, and the nodes they may land on' })
  @Reply(MappingSuggestion, { errors: [422] })
  mapping(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>, @ValidQuery(MappingQuery) q: Static<typeof MappingQuery>) {
    return this.migrations.suggest(actor, p.id, q.from, q.to);
  }

  @Post('definitions/:id/migrations/dry-run')
  @Roles('superAdmin')
  @HttpCode(200)
  @ApiOperation({ summary: 'What migrating every waiting request would do: where it lands, tasks closed and opened, timers, refusals with reasons; writes nothing' })
  @Reply(DryRun, { errors: [422] })
  dryRun(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>, @ValidBody(MigrationBody) b: Static<typeof MigrationBody>) {
    return this.migrations.dryRun(actor, p.id, b);
  }

  @Post('definitions/:id/migrations')
  @Roles('superAdmin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Migrate every waiting request in the background; answers at once (GET /api/v1/migrations/:id for progress and results)' })
  @Reply(Migration, { errors: [422] })
  start(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>, @ValidBody(MigrationBody) b: Static<typeof MigrationBody>) {
    return this.migrations.start(actor, p.id, b);
  }

  @Get('migrations/:id')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'A migration\'s progress and per-request results' })
  @Reply(Migration)
  get(@Actor() actor: Identity, @ValidParams(MigrationParams) p: Static<typeof MigrationParams>) {
    return this.migrations.get(actor, p.id);
  }

  @Post('migrations/:id/stop')
  @Roles('superAdmin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop after the request being moved; 409 when already done' })
  @Reply(Migration, { errors: [409] })
  stop(@Actor() actor: Identity, @ValidParams(MigrationParams) p: Static<typeof MigrationParams>) {
    return this.migrations.stop(actor, p.id);
  }

  @Post('migrations/:id/resume')
  @Roles('superAdmin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Go on from the first request not yet moved; 409 unless stopped' })
  @Reply(Migration, { errors: [409] })
  resume(@Actor() actor: Identity, @ValidParams(MigrationParams) p: Static<typeof MigrationParams>) {
    return this.migrations.resume(actor, p.id);
  }

  @Post('definitions/:id/what-if')
  @Roles('superAdmin')
  @HttpCode(202)
  @ApiOperation({ summary: 'What publishing the draft would do, run in the background against the organisation and the latest requests (GET /api/v1/what-if/:id)' })
  @Reply(WhatIfRun, { errors: [409, 422] })
  startWhatIf(@Actor() actor: Identity, @ValidParams(DefinitionIdParams) p: Static<typeof DefinitionIdParams>, @ValidBody(WhatIfBody) b: Static<typeof WhatIfBody>) {
    return this.whatIf.start(actor, p.id, b.requests);
  }

  @Get('what-if/:id')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'A what-if run: progress, then its findings' })
  @Reply(WhatIfRun)
  getWhatIf(@Actor() actor: Identity, @ValidParams(MigrationParams) p: Static<typeof MigrationParams>) {
    return this.whatIf.get(actor, p.id);
  }

  @Post('what-if/:id/publish')
  @Roles('superAdmin')
  @ApiOperation({ summary: 'Publish the draft anyway, with the run\'s findings recorded in the version note' })
  @Reply(Version, { errors: [409, 422] })
  publishAnyway(@Actor() actor: Identity, @ValidParams(MigrationParams) p: Static<typeof MigrationParams>, @ValidBody(PublishAnywayBody) b: Static<typeof PublishAnywayBody>) {
    return this.whatIf.publishAnyway(actor, p.id, b.note);
  }
}
