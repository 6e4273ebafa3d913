import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { body, openapi, params, patch, query } from '../api/schema.pipe';
import { Actor, Roles, type Identity } from '../auth/identity';
import { Heavy } from '../auth/rate-limits';
import { OrgImportService } from './org-import.service';
import { ImportBody } from './org.dto';
import { HolderBody, HolderParams, HolderQuery, RoleBody, RoleCodeParams, RolePatch } from './roles.dto';
import { RolesService } from './roles.service';

type Code = Static<typeof RoleCodeParams>;

/** Business roles (finance, HR BP, legal...): defined by super admins, holders named by them or, per department, by department admins. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1/org/business-roles')
export class RolesController {
  constructor(private readonly roles: RolesService, private readonly imports: OrgImportService) {}

  @Get()
  list(@Actor() actor: Identity) {
    return this.roles.list(actor);
  }

  @Post()
  @Roles('superAdmin')
  @ApiBody({ schema: openapi(RoleBody) })
  create(@Actor() actor: Identity, @Body(body(RoleBody)) b: Static<typeof RoleBody>) {
    return this.roles.create(actor, b);
  }

  @Post('holders/import')
  @Heavy()
  @Roles('superAdmin')
  @HttpCode(201)
  @ApiBody({ schema: openapi(ImportBody) })
  @ApiOperation({ summary: 'CSV with columns role,userId,departmentId (departmentId for department-scoped roles only); all rows or none' })
  importHolders(@Actor() actor: Identity, @Body(body(ImportBody)) b: Static<typeof ImportBody>) {
    return this.imports.importRoleHolders(actor, b.csv);
  }

  @Get(':code')
  get(@Actor() actor: Identity, @Param(params(RoleCodeParams)) p: Code) {
    return this.roles.get(actor, p.code);
  }

  @Patch(':code')
  @Roles('superAdmin')
  @ApiBody({ schema: openapi(RolePatch) })
  update(@Actor() actor: Identity, @Param(params(RoleCodeParams)) p: Code, @Body(patch(RolePatch)) b: Static<typeof RolePatch>) {
    return this.roles.update(actor, p.code, b);
  }

  @Delete(':code')
  @Roles('superAdmin')
  @HttpCode(204)
  async remove(@Actor() actor: Identity, @Param(params(RoleCodeParams)) p: Code) {
    await this.roles.remove(actor, p.code);
  }

  @Get(':code/holders')
  async holders(@Actor() actor: Identity, @Param(params(RoleCodeParams)) p: Code) {
    return { items: (await this.roles.get(actor, p.code)).holders };
  }

  @Post(':code/holders')
  @Roles('superAdmin', 'deptAdmin')
  @ApiBody({ schema: openapi(HolderBody) })
  @ApiOperation({ summary: 'Names a holder; new tasks reach them, tasks already open stay where they are' })
  addHolder(@Actor() actor: Identity, @Param(params(RoleCodeParams)) p: Code, @Body(body(HolderBody)) b: Static<typeof HolderBody>) {
    return this.roles.addHolder(actor, p.code, b);
  }

  @Delete(':code/holders/:userId')
  @Roles('superAdmin', 'deptAdmin')
  @HttpCode(204)
  async removeHolder(@Actor() actor: Identity, @Param(params(HolderParams)) p: Static<typeof HolderParams>, @Query(query(HolderQuery)) q: Static<typeof HolderQuery>) {
    await this.roles.removeHolder(actor, p.code, p.userId, q.departmentId ?? null);
  }
}
