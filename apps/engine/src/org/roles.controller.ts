import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { Items, Reply, ValidBody, ValidParams, ValidPatch, ValidQuery } from '../api/contract';
import { Actor, Roles, type Identity } from '../auth/identity';
import { Heavy } from '../auth/rate-limits';
import { OrgImportService } from './org-import.service';
import { ImportBody, Imported } from './org.dto';
import { Holder, HolderAdded, HolderBody, HolderParams, HolderQuery, Role, RoleBody, RoleCodeParams, RolePatch, RoleSummary } from './roles.dto';
import { RolesService } from './roles.service';

type Code = Static<typeof RoleCodeParams>;

/** Business roles (finance, HR BP, legal...): defined by super admins, holders named by them or, per department, by department admins. */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1/org/business-roles')
export class RolesController {
  constructor(private readonly roles: RolesService, private readonly imports: OrgImportService) {}

  @Get()
  @Reply(Items(RoleSummary))
  list(@Actor() actor: Identity) {
    return this.roles.list(actor);
  }

  @Post()
  @Roles('superAdmin')
  @Reply(Role, { errors: [409] })
  create(@Actor() actor: Identity, @ValidBody(RoleBody) b: Static<typeof RoleBody>) {
    return this.roles.create(actor, b);
  }

  @Post('holders/import')
  @Heavy()
  @Roles('superAdmin')
  @HttpCode(201)
  @Reply(Imported)
  @ApiOperation({ summary: 'CSV with columns role,userId,departmentId (departmentId for department-scoped roles only); all rows or none' })
  importHolders(@Actor() actor: Identity, @ValidBody(ImportBody) b: Static<typeof ImportBody>) {
    return this.imports.importRoleHolders(actor, b.csv, b.dryRun === true);
  }

  @Get(':code')
  @Reply(Role)
  get(@Actor() actor: Identity, @ValidParams(RoleCodeParams) p: Code) {
    return this.roles.get(actor, p.code);
  }

  @Patch(':code')
  @Roles('superAdmin')
  @Reply(Role)
  update(@Actor() actor: Identity, @ValidParams(RoleCodeParams) p: Code, @ValidPatch(RolePatch) b: Static<typeof RolePatch>) {
    return this.roles.update(actor, p.code, b);
  }

  @Delete(':code')
  @Roles('superAdmin')
  @HttpCode(204)
  @Reply(undefined, { errors: [409] })
  async remove(@Actor() actor: Identity, @ValidParams(RoleCodeParams) p: Code) {
    await this.roles.remove(actor, p.code);
  }

  @Get(':code/holders')
  @Reply(Items(Holder))
  async holders(@Actor() actor: Identity, @ValidParams(RoleCodeParams) p: Code) {
    return { items: (await this.roles.get(actor, p.code)).holders };
  }

  @Post(':code/holders')
  @Roles('superAdmin', 'deptAdmin')
  @ApiOperation({ summary: 'Names a holder; new tasks reach them, tasks already open stay where they are' })
  @Reply(HolderAdded, { errors: [409] })
  addHolder(@Actor() actor: Identity, @ValidParams(RoleCodeParams) p: Code, @ValidBody(HolderBody) b: Static<typeof HolderBody>) {
    return this.roles.addHolder(actor, p.code, b);
  }

  @Delete(':code/holders/:userId')
  @Roles('superAdmin', 'deptAdmin')
  @HttpCode(204)
  @Reply()
  async removeHolder(@Actor() actor: Identity, @ValidParams(HolderParams) p: Static<typeof HolderParams>, @ValidQuery(HolderQuery) q: Static<typeof HolderQuery>) {
    await this.roles.removeHolder(actor, p.code, p.userId, q.departmentId ?? null);
  }
}
