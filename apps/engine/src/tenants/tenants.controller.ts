import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { body, openapi, params, patch } from '../api/schema.pipe';
import { Actor, Public, type Identity } from '../auth/identity';
import { SettingsPatch, TenantBody, TenantParams } from './tenants.dto';
import { TenantsService } from './tenants.service';

type Id = Static<typeof TenantParams>;

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post('tenants')
  @ApiBody({ schema: openapi(TenantBody) })
  @ApiOperation({ summary: 'Operators: a tenant with its first super admin and its settings (time zone, locale, working calendar, branding name)' })
  create(@Actor() actor: Identity, @Body(body(TenantBody)) b: Static<typeof TenantBody>) {
    this.tenants.mustBeOperator(actor);
    return this.tenants.create(`${actor.tenantId}/${actor.userId}`, b);
  }

  @Get('tenants/:id')
  get(@Actor() actor: Identity, @Param(params(TenantParams)) p: Id) {
    this.tenants.mustBeOperator(actor);
    return this.tenants.get(p.id);
  }

  @Patch('tenants/:id/settings')
  @ApiBody({ schema: openapi(SettingsPatch) })
  updateSettings(@Actor() actor: Identity, @Param(params(TenantParams)) p: Id, @Body(patch(SettingsPatch)) b: Static<typeof SettingsPatch>) {
    this.tenants.mustBeOperator(actor);
    return this.tenants.updateSettings(actor, p.id, b);
  }

  @Get('tenant')
  @ApiOperation({ summary: 'My tenant\'s settings' })
  async mine(@Actor() actor: Identity) {
    return { id: actor.tenantId, settings: await this.tenants.settingsOf(actor.tenantId) };
  }

  @Get('sign-in/:id')
  @Public()
  @ApiOperation({ summary: 'The organisation a sign-in page is for: its branding name and language (404 when there is none)' })
  signIn(@Param(params(TenantParams)) p: Id) {
    return this.tenants.signInFace(p.id);
  }
}
