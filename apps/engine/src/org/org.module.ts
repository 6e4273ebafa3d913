import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module';
import { TasksModule } from '../tasks/tasks.module';
import { OffboardingService } from './offboarding.service';
import { OrgImportService } from './org-import.service';
import { OrgController } from './org.controller';
import { OrgService } from './org.service';
import { PeopleService } from './people.service';

@Module({
  imports: [InstancesModule, TasksModule],
  controllers: [OrgController],
  providers: [OrgService, PeopleService, OffboardingService, OrgImportService],
  exports: [OrgService, PeopleService],
})
export class OrgModule {}
