import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DEPARTMENT, DepartmentSchema, USER, UserSchema } from './org.schema';
import { OffboardingService } from './offboarding.service';
import { OrgImportService } from './org-import.service';
import { MeController } from './me.controller';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';
import { BUSINESS_ROLE, BusinessRoleSchema, ROLE_HOLDER, RoleHolderSchema } from './role.schema';
import { DefinitionsModule } from '../definitions/definitions.module';
import { OrgController } from './org.controller';
import { OrgService } from './org.service';
import { PeopleModule } from './people.module';

/** Offboarding moves a leaver's tasks through its TASK_HANDOVER port, which tasks provides (bound globally in app.module.ts). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: USER, schema: UserSchema }, { name: DEPARTMENT, schema: DepartmentSchema },
      { name: BUSINESS_ROLE, schema: BusinessRoleSchema }, { name: ROLE_HOLDER, schema: RoleHolderSchema },
    ]),
    PeopleModule, DefinitionsModule,
  ],
  controllers: [OrgController, MeController, RolesController],
  providers: [OrgService, OffboardingService, OrgImportService, RolesService],
  exports: [OrgService],
})
export class OrgModule {}
