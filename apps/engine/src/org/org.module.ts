import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DEPARTMENT, DepartmentSchema, USER, UserSchema } from './org.schema';
import { InstancesModule } from '../instances/instances.module';
import { TasksModule } from '../tasks/tasks.module';
import { OffboardingService } from './offboarding.service';
import { OrgImportService } from './org-import.service';
import { MeController } from './me.controller';
import { OrgController } from './org.controller';
import { OrgService } from './org.service';
import { PeopleModule } from './people.module';

@Module({
  imports: [MongooseModule.forFeature([{ name: USER, schema: UserSchema }, { name: DEPARTMENT, schema: DepartmentSchema }]), InstancesModule, TasksModule, PeopleModule],
  controllers: [OrgController, MeController],
  providers: [OrgService, OffboardingService, OrgImportService],
  exports: [OrgService],
})
export class OrgModule {}
