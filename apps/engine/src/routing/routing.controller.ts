import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Page, Reply, ValidBody, ValidParams, ValidQuery } from '../api/contract';
import { Actor, type Identity } from '../auth/identity';
import { DecideBody, Decision, DecisionListQuery, DecisionParams, DefinitionParams } from './routing.dto';
import { RoutingService } from './routing.service';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('api/v1/routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Post(':definitionId/decisions')
  @ApiOperation({ summary: 'Route an item (an inquiry) by the published rules; the answer explains the decision' })
  @Reply(Decision, { errors: [404, 422] })
  decide(@Actor() actor: Identity, @ValidParams(DefinitionParams) p: Static<typeof DefinitionParams>, @ValidBody(DecideBody) b: Static<typeof DecideBody>) {
    return this.routing.decide(actor, p.definitionId, b);
  }

  @Get('decisions')
  @Reply(Page(Decision))
  list(@Actor() actor: Identity, @ValidQuery(DecisionListQuery) q: Static<typeof DecisionListQuery>) {
    return this.routing.list(actor, q);
  }

  @Get('decisions/:id')
  @Reply(Decision)
  get(@Actor() actor: Identity, @ValidParams(DecisionParams) p: Static<typeof DecisionParams>) {
    return this.routing.get(actor, p.id);
  }

  @Post('decisions/:id/respond')
  @HttpCode(200)
  @ApiOperation({ summary: 'The assignee first responds to the routed item (once; closing counts too): timed against the route\'s firstResponseTarget' })
  @Reply(Decision, { errors: [403, 409] })
  respond(@Actor() actor: Identity, @ValidParams(DecisionParams) p: Static<typeof DecisionParams>) {
    return this.routing.respond(actor, p.id);
  }

  @Post('decisions/:id/close')
  @HttpCode(200)
  @Reply(Decision, { errors: [403, 409] })
  close(@Actor() actor: Identity, @ValidParams(DecisionParams) p: Static<typeof DecisionParams>) {
    return this.routing.close(actor, p.id);
  }
}
