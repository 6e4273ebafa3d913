import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Items, Page, Reply, ValidBody, ValidParams, ValidPatch, ValidQuery } from '../api/contract';
import { Actor, Roles, type Identity } from '../auth/identity';
import { OffboardingService } from './offboarding.service';
import { OrgImportService } from './org-import.service';
import { Department, DepartmentBody, DepartmentPatch, DirectoryQuery, IdParams, ImportBody, Imported, InitiatorDirectory, ManagersQuery, OffboardBody, Offboarded, Resolved, User, UserBody, UserListQuery, UserPatch } from './org.dto';
import { OrgService } from './org.service';
import { PeopleService } from './people.service';
import { Heavy } from '../auth/rate-limits';

const MembersQuery = Type.Object({ subtree: Type.Boolean({ default: false }) }, { additionalProperties: false });
const ManagerParams = Type.Object({ id: IdParams.properties.id, level: Type.Integer({ minimum: 1, maximum: 4 }) });
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
  @Reply(Items(Department))
  listDepartments(@Actor() actor: Identity) {
    return this.org.listDepartments(actor);
  }

  @Post('departments')
  @Roles('superAdmin', 'deptAdmin')
  @Reply(Department, { errors: [409] })
  createDepartment(@Actor() actor: Identity, @ValidBody(DepartmentBody) b: Static<typeof DepartmentBody>) {
    return this.org.createDepartment(actor, b);
  }

  @Post('departments/import')
  @Heavy()
  @Roles('superAdmin')
  @HttpCode(201)
  @ApiOperation({ summary: 'CSV with columns id,name,parentId,headId; all rows or none; dryRun checks without saving' })
  @Reply(Imported)
  importDepartments(@Actor() actor: Identity, @ValidBody(ImportBody) b: Static<typeof ImportBody>) {
    return this.imports.importDepartments(actor, b.csv, b.dryRun === true);
  }

  @Get('departments/:id')
  @Reply(Department)
  getDepartment(@Actor() actor: Identity, @ValidParams(IdParams) p: Id) {
    return this.org.getDepartment(actor, p.id);
  }

  @Patch('departments/:id')
  @Roles('superAdmin', 'deptAdmin')
  @Reply(Department)
  updateDepartment(@Actor() actor: Identity, @ValidParams(IdParams) p: Id, @ValidPatch(DepartmentPatch) b: Static<typeof DepartmentPatch>) {
    return this.org.updateDepartment(actor, p.id, b);
  }

  @Delete('departments/:id')
  @Roles('superAdmin', 'deptAdmin')
  @HttpCode(204)
  @Reply(undefined, { errors: [409] })
  async deleteDepartment(@Actor() actor: Identity, @ValidParams(IdParams) p: Id) {
    await this.org.deleteDepartment(actor, p.id);
  }

  @Get('departments/:id/head')
  @ApiOperation({ summary: 'The head of a department; "missing" says when there is none' })
  @Reply(Resolved)
  head(@Actor() actor: Identity, @ValidParams(IdParams) p: Id) {
    return this.people.headOf(actor.tenantId, p.id);
  }

  @Get('departments/:id/members')
  @Reply(Resolved)
  members(@Actor() actor: Identity, @ValidParams(IdParams) p: Id, @ValidQuery(MembersQuery) q: Static<typeof MembersQuery>) {
    return this.people.members(actor.tenantId, p.id, q.subtree);
  }

  @Get('roles/:role/members')
  @Reply(Resolved)
  withRole(@Actor() actor: Identity, @ValidParams(RoleParams) p: Static<typeof RoleParams>) {
    return this.people.withRole(actor.tenantId, p.role);
  }

  @Get('users')
  @Reply(Page(User))
  listUsers(@Actor() actor: Identity, @ValidQuery(UserListQuery) q: Static<typeof UserListQuery>) {
    return this.org.listUsers(actor, q);
  }

  @Post('users')
  @Roles('superAdmin', 'deptAdmin')
  @Reply(User, { errors: [409] })
  createUser(@Actor() actor: Identity, @ValidBody(UserBody) b: Static<typeof UserBody>) {
    return this.org.createUser(actor, b);
  }

  @Post('users/import')
  @Heavy()
  @Roles('superAdmin')
  @HttpCode(201)
  @ApiOperation({ summary: 'CSV with columns id,email,name,phone,departments,managerId,roles,adminOf,password (lists separated by ";"); all rows or none; dryRun checks without saving' })
  @Reply(Imported)
  importUsers(@Actor() actor: Identity, @ValidBody(ImportBody) b: Static<typeof ImportBody>) {
    return this.imports.importUsers(actor, b.csv, b.dryRun === true);
  }

  @Get('users/:id')
  @Reply(User)
  getUser(@Actor() actor: Identity, @ValidParams(IdParams) p: Id) {
    return this.org.getUser(actor, p.id);
  }

  @Patch('users/:id')
  @Roles('superAdmin', 'deptAdmin')
  @Reply(User)
  updateUser(@Actor() actor: Identity, @ValidParams(IdParams) p: Id, @ValidPatch(UserPatch) b: Static<typeof UserPatch>) {
    return this.org.updateUser(actor, p.id, b);
  }

  @Get('users/:id/managers')
  @ApiOperation({ summary: 'Managers from level 1 up to `levels` (1..4); "missing" names a level that does not exist' })
  @Reply(Resolved)
  managers(@Actor() actor: Identity, @ValidParams(IdParams) p: Id, @ValidQuery(ManagersQuery) q: Static<typeof ManagersQuery>) {
    return this.people.managers(actor.tenantId, p.id, q.levels);
  }

  @Get('users/:id/managers/:level')
  @Reply(Resolved)
  managerAt(@Actor() actor: Identity, @ValidParams(ManagerParams) p: Static<typeof ManagerParams>) {
    return this.people.managerAt(actor.tenantId, p.id, p.level);
  }

  @Get('users/:id/heads')
  @ApiOperation({ summary: 'Heads of each of the person\'s departments' })
  @Reply(Resolved)
  heads(@Actor() actor: Identity, @ValidParams(IdParams) p: Id) {
    return this.people.headsOfUser(actor.tenantId, p.id);
  }

  @Get('users/:id/directory')
  @ApiOperation({ summary: 'The organisation around a person as an approval started by them sees it (managers, departments, heads, role holders); the designer\'s simulator uses it' })
  @Reply(InitiatorDirectory)
  directory(@Actor() actor: Identity, @ValidParams(IdParams) p: Id, @ValidQuery(DirectoryQuery) q: Static<typeof DirectoryQuery>) {
    return this.people.initiator(actor.tenantId, p.id, { roles: q.roles?.split(',') ?? [], departments: q.departments?.split(',') ?? [] });
  }

  @Post('users/:id/offboard')
  @Roles('superAdmin', 'deptAdmin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate: revoke sessions and keys, move pending tasks to the manager or successor' })
  @Reply(Offboarded, { errors: [409] })
  offboard(@Actor() actor: Identity, @ValidParams(IdParams) p: Id, @ValidBody(OffboardBody) b: Static<typeof OffboardBody>) {
    return this.offboarding.offboard(actor, p.id, b.successorId);
  }
}
