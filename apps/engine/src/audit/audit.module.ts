import { Global, Module } from '@nestjs/common';
import { EffectsModule } from '../effects/effects.module';
import { PeopleModule } from '../org/people.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({ imports: [EffectsModule, PeopleModule], controllers: [AuditController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
