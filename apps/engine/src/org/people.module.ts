import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DEPARTMENT, DepartmentSchema, USER, UserSchema } from './org.schema';
import { BUSINESS_ROLE, BusinessRoleSchema, ROLE_HOLDER, RoleHolderSchema } from './role.schema';
import { TENANT, TenantSchema } from './tenant.schema';
import { TenantRepository } from './tenant.repository';
import { PeopleService } from './people.service';
import { PeopleRepository } from './people.repository';

/** Resolving and reading people needs only the collections, so approvals, auth and routing can use it without the rest of org. */
@Module({
  imports: [MongooseModule.forFeature([
    { name: USER, schema: UserSchema }, { name: DEPARTMENT, schema: DepartmentSchema },
    { name: BUSINESS_ROLE, schema: BusinessRoleSchema }, { name: ROLE_HOLDER, schema: RoleHolderSchema }, { name: TENANT, schema: TenantSchema },
  ])],
  providers: [PeopleService, PeopleRepository, TenantRepository],
  exports: [PeopleService, PeopleRepository, TenantRepository],
})
export class PeopleModule {}
