import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { body, openapi, params, query } from '../api/schema.pipe';
import { Actor, type Identity } from '../auth/identity';
import { DecideBody, DecisionListQuery, DecisionParams, DefinitionParams } from './routing.dto';
import { RoutingService } from './routing.service';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('api/v1/routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Post(':definitionId/decisions')
  @ApiBody({ schema: openapi(DecideBody) })
  @ApiOperation({ summary: 'Route an item (an inquiry) by the published rules; the answer explains the decision' })
  decide(@Actor() actor: Identity, @Param(params(DefinitionParams)) p: Static<typeof DefinitionParams>, @Body(body(DecideBody)) b: Static<typeof DecideBody>) {
    return this.routing.decide(actor, p.definitionId, b);
  }

  @Get('decisions')
  list(@Actor() actor: Identity, @Query(query(DecisionListQuery)) q: Static<typeof DecisionListQuery>) {
    return this.routing.list(actor, q);
  }

  @Get('decisions/:id')
  get(@Actor() actor: Identity, @Param(params(DecisionParams)) p: Static<typeof DecisionParams>) {
    return this.routing.get(actor, p.id);
  }

  @Post('decisions/:id/respond')
  @HttpCode(200)
  @ApiOperation({ summary: 'The assignee first responds to the routed item (once; closing counts too): timed against the route\'s firstResponseTarget' })
  respond(@Actor() actor: Identity, @Param(params(DecisionParams)) p: Static<typeof DecisionParams>) {
    return this.routing.respond(actor, p.id);
  }

  @Post('decisions/:id/close')
  @HttpCode(200)
  close(@Actor() actor: Identity, @Param(params(DecisionParams)) p: Static<typeof DecisionParams>) {
    return this.routing.close(actor, p.id);
  }
}
