import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { PeopleModule } from '../org/people.module';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

@Module({
  imports: [PeopleModule, OrgModule],
  controllers: [TenantsController],
  providers: [TenantsService],
  exports: [TenantsService],
})
export class TenantsModule {}
