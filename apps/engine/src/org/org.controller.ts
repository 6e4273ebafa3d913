import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { body, openapi, params, patch, query } from '../api/schema.pipe';
import { Actor, Roles, type Identity } from '../auth/identity';
import { OffboardingService } from './offboarding.service';
import { OrgImportService } from './org-import.service';
import { DepartmentBody, DepartmentPatch, DirectoryQuery, IdParams, ImportBody, ManagersQuery, OffboardBody, UserBody, UserListQuery, UserPatch } from './org.dto';
import { OrgService } from './org.service';
import { PeopleService } from './people.service';
import { Heavy } from '../auth/rate-limits';

const MembersQuery = Type.Object({ subtree: Type.Boolean({ default: false }) }, { additionalProperties: false });
const RoleParams = Type.Object({ role: Type.Union([Type.Literal('member'), Type.Literal('deptAdmin'), Type.Literal('superAdmin')]) });
type Id = Static<typeof IdParams>;

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1/org')
export class OrgController {
  constructor(
    private readonly org: OrgService,
    private readonly people: PeopleService,
    private readonly offboarding: OffboardingService,
    private readonly imports: OrgImportService,
  ) {}

  @Get('departments')
  listDepartments(@Actor() actor: Identity) {
    return this.org.listDepartments(actor);
  }

  @Post('departments')
  @Roles('superAdmin', 'deptAdmin')
  @ApiBody({ schema: openapi(DepartmentBody) })
  createDepartment(@Actor() actor: Identity, @Body(body(DepartmentBody)) b: Static<typeof DepartmentBody>) {
    return this.org.createDepartment(actor, b);
  }

  @Post('departments/import')
  @Heavy()
  @Roles('superAdmin')
  @HttpCode(201)
  @ApiBody({ schema: openapi(ImportBody) })
  @ApiOperation({ summary: 'CSV with columns id,name,parentId,headId; all rows or none' })
  importDepartments(@Actor() actor: Identity, @Body(body(ImportBody)) b: Static<typeof ImportBody>) {
    return this.imports.importDepartments(actor, b.csv);
  }

  @Get('departments/:id')
  getDepartment(@Actor() actor: Identity, @Param(params(IdParams)) p: Id) {
    return this.org.getDepartment(actor, p.id);
  }

  @Patch('departments/:id')
  @Roles('superAdmin', 'deptAdmin')
  @ApiBody({ schema: openapi(DepartmentPatch) })
  updateDepartment(@Actor() actor: Identity, @Param(params(IdParams)) p: Id, @Body(patch(DepartmentPatch)) b: Static<typeof DepartmentPatch>) {
    return this.org.updateDepartment(actor, p.id, b);
  }

  @Delete('departments/:id')
  @Roles('superAdmin', 'deptAdmin')
  @HttpCode(204)
  async deleteDepartment(@Actor() actor: Identity, @Param(params(IdParams)) p: Id) {
    await this.org.deleteDepartment(actor, p.id);
  }

  @Get('departments/:id/head')
  @ApiOperation({ summary: 'The head of a department; "missing" says when there is none' })
  head(@Actor() actor: Identity, @Param(params(IdParams)) p: Id) {
    return this.people.headOf(actor.tenantId, p.id);
  }

  @Get('departments/:id/members')
  members(@Actor() actor: Identity, @Param(params(IdParams)) p: Id, @Query(query(MembersQuery)) q: Static<typeof MembersQuery>) {
    return this.people.members(actor.tenantId, p.id, q.subtree);
  }

  @Get('roles/:role/members')
  withRole(@Actor() actor: Identity, @Param(params(RoleParams)) p: Static<typeof RoleParams>) {
    return this.people.withRole(actor.tenantId, p.role);
  }

  @Get('users')
  listUsers(@Actor() actor: Identity, @Query(query(UserListQuery)) q: Static<typeof UserListQuery>) {
    return this.org.listUsers(actor, q);
  }

  @Post('users')
  @Roles('superAdmin', 'deptAdmin')
  @ApiBody({ schema: openapi(UserBody) })
  createUser(@Actor() actor: Identity, @Body(body(UserBody)) b: Static<typeof UserBody>) {
    return this.org.createUser(actor, b);
  }

  @Post('users/import')
  @Heavy()
  @Roles('superAdmin')
  @HttpCode(201)
  @ApiBody({ schema: openapi(ImportBody) })
  @ApiOperation({ summary: 'CSV with columns id,email,name,phone,departments,managerId,roles,adminOf,password (lists separated by ";"); all rows or none' })
  importUsers(@Actor() actor: Identity, @Body(body(ImportBody)) b: Static<typeof ImportBody>) {
    return this.imports.importUsers(actor, b.csv);
  }

  @Get('users/:id')
  getUser(@Actor() actor: Identity, @Param(params(IdParams)) p: Id) {
    return this.org.getUser(actor, p.id);
  }

  @Patch('users/:id')
  @Roles('superAdmin', 'deptAdmin')
  @ApiBody({ schema: openapi(UserPatch) })
  updateUser(@Actor() actor: Identity, @Param(params(IdParams)) p: Id, @Body(patch(UserPatch)) b: Static<typeof UserPatch>) {
    return this.org.updateUser(actor, p.id, b);
  }

  @Get('users/:id/managers')
  @ApiOperation({ summary: 'Managers from level 1 up to `levels` (1..4); "missing" names a level that does not exist' })
  managers(@Actor() actor: Identity, @Param(params(IdParams)) p: Id, @Query(query(ManagersQuery)) q: Static<typeof ManagersQuery>) {
    return this.people.managers(actor.tenantId, p.id, q.levels);
  }

  @Get('users/:id/managers/:level')
  managerAt(@Actor() actor: Identity, @Param(params(Type.Object({ id: IdParams.properties.id, level: Type.Integer({ minimum: 1, maximum: 4 }) }))) p: { id: string; level: number }) {
    return this.people.managerAt(actor.tenantId, p.id, p.level);
  }

  @Get('users/:id/heads')
  @ApiOperation({ summary: 'Heads of each of the person\'s departments' })
  heads(@Actor() actor: Identity, @Param(params(IdParams)) p: Id) {
    return this.people.headsOfUser(actor.tenantId, p.id);
  }

  @Get('users/:id/directory')
  @ApiOperation({ summary: 'The organisation around a person as an approval started by them sees it (managers, departments, heads, role holders); the designer\'s simulator uses it' })
  directory(@Actor() actor: Identity, @Param(params(IdParams)) p: Id, @Query(query(DirectoryQuery)) q: Static<typeof DirectoryQuery>) {
    return this.people.initiator(actor.tenantId, p.id, { roles: q.roles?.split(',') ?? [], departments: q.departments?.split(',') ?? [] });
  }

  @Post('users/:id/offboard')
  @Roles('superAdmin', 'deptAdmin')
  @HttpCode(200)
  @ApiBody({ schema: openapi(OffboardBody) })
  @ApiOperation({ summary: 'Deactivate: revoke sessions and keys, move pending tasks to the manager or successor' })
  offboard(@Actor() actor: Identity, @Param(params(IdParams)) p: Id, @Body(body(OffboardBody)) b: Static<typeof OffboardBody>) {
    return this.offboarding.offboard(actor, p.id, b.successorId);
  }
}
