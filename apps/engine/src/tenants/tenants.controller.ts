import { Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Reply, ValidBody, ValidParams, ValidPatch } from '../api/contract';
import { Actor, Public, type Identity } from '../auth/identity';
import { SettingsPatch, SignInFace, Tenant, TenantBody, TenantCreated, TenantParams } from './tenants.dto';
import { TenantsService } from './tenants.service';

type Id = Static<typeof TenantParams>;

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post('tenants')
  @Reply(TenantCreated, { errors: [403, 409, 422] })
  @ApiOperation({ summary: 'Operators: a tenant with its first super admin and its settings (time zone, locale, working calendar, branding name)' })
  create(@Actor() actor: Identity, @ValidBody(TenantBody) b: Static<typeof TenantBody>) {
    this.tenants.mustBeOperator(actor);
    return this.tenants.create(`${actor.tenantId}/${actor.userId}`, b);
  }

  @Get('tenants/:id')
  @Reply(Tenant, { errors: [403] })
  get(@Actor() actor: Identity, @ValidParams(TenantParams) p: Id) {
    this.tenants.mustBeOperator(actor);
    return this.tenants.get(p.id);
  }

  @Patch('tenants/:id/settings')
  @Reply(Tenant, { errors: [403, 422] })
  updateSettings(@Actor() actor: Identity, @ValidParams(TenantParams) p: Id, @ValidPatch(SettingsPatch) b: Static<typeof SettingsPatch>) {
    this.tenants.mustBeOperator(actor);
    return this.tenants.updateSettings(actor, p.id, b);
  }

  @Get('tenant')
  @Reply(Tenant)
  @ApiOperation({ summary: 'My tenant\'s settings' })
  async mine(@Actor() actor: Identity) {
    return { id: actor.tenantId, settings: await this.tenants.settingsOf(actor.tenantId) };
  }

  @Get('sign-in/:id')
  @Reply(SignInFace)
  @Public()
  @ApiOperation({ summary: 'The organisation a sign-in page is for: its branding name and language (404 when there is none)' })
  signIn(@ValidParams(TenantParams) p: Id) {
    return this.tenants.signInFace(p.id);
  }
}
